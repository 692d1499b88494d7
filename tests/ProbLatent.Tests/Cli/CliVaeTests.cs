using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ProbLatent.Cli;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.Cli;

/// <summary>
/// <c>fit --model vae</c>, <c>bench vae</c> and <c>--backend reparameterized</c> on tiny data: binarized-MNIST files of a
/// few hundred 64-pixel rows in a temporary folder, networks with 16 hidden units and a 2-dimensional latent.
/// </summary>
public class CliVaeTests
{
    // Hidden layers of 16 and a 2-dimensional latent keep every run well under a second.
    static readonly string[] Tiny = ["--hidden", "16", "--latent-dim", "2", "--seed", "1"];

    static CliRun FitVae(string data, params string[] extra) =>
        CliRun.Of(["fit", "--model", "vae", "--data", data, .. Tiny, .. extra]);

    [Fact]
    public void FitPrintsALinePerEpochThenTheBoundsAndTheIwaeEstimate()
    {
        using var folder = TempMnist.Folder(validation: true);
        var run = FitVae(folder.Path, "--epochs", "2");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal("", run.Error);
        var lines = run.OutLines;

        var header = Assert.Single(lines, l => l.TrimStart().StartsWith("epoch ", StringComparison.Ordinal));
        foreach (var column in new[] { "train ELBO", "reconstruction", "KL", "valid ELBO", "test ELBO", "samples/s", "time (s)", "ETA" })
            Assert.Contains(column, header);
        int first = Array.IndexOf(lines.ToArray(), header);
        // One line per epoch, right under the header, each with the train, validation and test ELBO per point.
        for (int epoch = 1; epoch <= 2; epoch++)
        {
            var cells = lines[first + epoch].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(epoch.ToString(CultureInfo.InvariantCulture), cells[0]);
            for (int c = 1; c <= 5; c++) Assert.True(double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out _), lines[first + epoch]);
            Assert.True(double.Parse(cells[1], CultureInfo.InvariantCulture) < 0, "the ELBO of binary data is negative");
            // train ELBO = reconstruction − KL, to the printed rounding.
            double Cell(int c) => double.Parse(cells[c], CultureInfo.InvariantCulture);
            Assert.Equal(Cell(1), Cell(2) - Cell(3), tolerance: 2e-4);
        }

        Assert.Contains(lines, l => l.StartsWith("data ", StringComparison.Ordinal) && l.Contains("train 200 × 64") && l.Contains("validation 60") && l.Contains("test 100"));
        var kept = Assert.Single(lines, l => l.StartsWith("kept ", StringComparison.Ordinal));
        Assert.Contains("the best validation ELBO", kept);
        // The kept epoch's validation cell, its "kept" line and the validation summary are one number.
        int keptEpoch = int.Parse(kept.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
        var keptValidation = lines[first + keptEpoch].Split(' ', StringSplitOptions.RemoveEmptyEntries)[4];
        Assert.Contains($"({keptValidation} per point)", kept);
        Assert.Contains(lines, l => l.StartsWith("validation ELBO ", StringComparison.Ordinal) && l.Contains($" {keptValidation} per point"));
        Assert.Contains(lines, l => l.StartsWith("train ELBO ", StringComparison.Ordinal) && l.Contains("per point (all 200 rows"));
        Assert.Contains(lines, l => l.StartsWith("validation ELBO ", StringComparison.Ordinal) && l.Contains("(all 60 rows"));
        Assert.Contains(lines, l => l.StartsWith("test ELBO ", StringComparison.Ordinal) && l.Contains("(all 100 rows"));
        // The default estimate: the evaluation's default count on every 10th test row, never a prefix of the (sorted) test file.
        var iwae = Assert.Single(lines, l => l.StartsWith("test log p(x) ", StringComparison.Ordinal));
        Assert.Contains($"per point, IWAE-{VaeEvaluationOptions.DefaultLogLikelihoodSamples} on every 10th test row (10 rows); Monte Carlo s.e. ", iwae);
        Assert.Contains(", s.e. across rows ", iwae);
        Assert.Contains(lines, l => l.StartsWith("training time ", StringComparison.Ordinal) && l.Contains("over 2 epochs"));
        Assert.Contains("variational autoencoder: latent dimension 2, data dimension 64", run.Out);
        Assert.Contains("  encoder q(z|x): 64-16 tanh → mean and log-variance, 2 each", run.Out);
    }

    [Fact]
    public void OutSavesTheKeptModelWhichLoadsBackWithTheSameTestElbo()
    {
        using var folder = TempMnist.Folder();
        var path = System.IO.Path.Combine(folder.Path, "model.plm");
        var run = FitVae(folder.Path, "--epochs", "2", "--iwae-eval", "20", "--iwae-every", "5", "--out", path);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains(run.OutLines, l => l.StartsWith("saved ", StringComparison.Ordinal) && l.EndsWith(path, StringComparison.Ordinal));
        Assert.Contains("IWAE-20 on every 5th test row (20 rows)", run.Out);

        var model = VariationalAutoencoder.Load(path);
        Assert.Equal(64, model.DataDimension);
        Assert.Equal(2, model.LatentDimension);
        Assert.Equal([16], model.Architecture.EncoderHidden);
        // The file holds the model the summary evaluated: its test ELBO (one seeded draw per point) matches the printed one.
        var test = ProbLatent.Data.BinarizedMnist.ReadSingle(System.IO.Path.Combine(folder.Path, "test.bin"));
        var elbo = model.Evaluate(test).Elbo(samples: 1, seed: 1).Value / test.Rows;
        var printed = Assert.Single(run.OutLines, l => l.StartsWith("test ELBO ", StringComparison.Ordinal));
        Assert.Contains($" {elbo.ToString("F4", CultureInfo.InvariantCulture)} per point", printed);
    }

    [Fact]
    public void DivergingTrainingSavesTheLastGoodModelAndExitsWithOne()
    {
        using var folder = TempMnist.Folder();
        var path = System.IO.Path.Combine(folder.Path, "last-good.plm");
        var run = FitVae(folder.Path, "--epochs", "5", "--learning-rate", "1e6", "--iwae-eval", "0", "--out", path);
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.Matches(@"^error: reparameterized: training diverged at epoch \d+, minibatch \d+: ", run.ErrorLine);
        Assert.Contains($"saved the last good model (", run.Out);
        Assert.Contains($") to {path}", run.Out);
        var saved = VariationalAutoencoder.Load(path);
        Assert.Equal(64, saved.DataDimension);
    }

    [Fact]
    public void CsvDataGetsAGaussianLikelihoodAndTrainsWithoutATestSet()
    {
        var csv = new StringBuilder("a,b,c\n");
        var random = new Random(3);
        for (int i = 0; i < 80; i++) csv.Append(CultureInfo.InvariantCulture, $"{random.NextDouble():F3},{random.NextDouble() * 2:F3},{i % 5}\n");
        using var file = new TempCsv(csv.ToString());
        var run = FitVae(file.Path, "--epochs", "2", "--iwae-eval", "10");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("Gaussian(Diagonal)", run.Out);
        Assert.Contains("no test set", run.Out);
        Assert.DoesNotContain("test ELBO", run.Out);
        Assert.Contains("IWAE-10 on every 10th train row (8 rows)", run.Out);
        Assert.Contains("decoder p(x|z): 2-16-3 tanh → Gaussian means, a learned variance per dimension", run.Out);
    }

    [Fact]
    public void ACancelledFitExitsWith130AndSavesNothingBeforeAnEpochFinished()
    {
        using var folder = TempMnist.Folder();
        var path = System.IO.Path.Combine(folder.Path, "model.plm");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(["fit", "--model", "vae", "--data", folder.Path, .. Tiny, "--out", path], stdout, stderr, cancellation.Token);
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Equal("error: cancelled before the first epoch began; nothing was saved", stderr.ToString().TrimEnd());
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void CtrlCAfterAnEpochSavesTheModelKeptAndExitsWith130()
    {
        using var folder = TempMnist.Folder(validation: true);
        var path = System.IO.Path.Combine(folder.Path, "model.plm");
        using var cancellation = new CancellationTokenSource();
        // Ctrl+C as soon as the first epoch's line is printed: training stops before the second epoch's first minibatch.
        var stdout = new CancellingWriter(cancellation, line => line.TrimStart().StartsWith("1 ", StringComparison.Ordinal));
        var stderr = new StringWriter();
        int code = Program.Run(["fit", "--model", "vae", "--data", folder.Path, .. Tiny, "--epochs", "5", "--out", path], stdout, stderr, cancellation.Token);
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Equal($"error: cancelled after epoch 1 of 5; the kept model (epoch 1) was saved to {path}", stderr.ToString().TrimEnd());
        var lines = CliRun.Lines(stdout.ToString());
        Assert.Contains(lines, l => l.StartsWith("kept ", StringComparison.Ordinal) && l.Contains("epoch 1 of 1, the best validation ELBO"));
        Assert.DoesNotContain(lines, l => l.StartsWith("test log p(x)", StringComparison.Ordinal));
        Assert.Equal(2, VariationalAutoencoder.Load(path).LatentDimension);
    }

    /// <summary>Standard output that cancels a token when a line it is given is written: Ctrl+C at a known point.</summary>
    sealed class CancellingWriter(CancellationTokenSource cancellation, Func<string, bool> when) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && when(value)) cancellation.Cancel();
        }
    }

    [Fact]
    public void AFolderWithoutTrainBinIsADataError()
    {
        using var folder = TempMnist.Folder();
        File.Delete(System.IO.Path.Combine(folder.Path, "train.bin"));
        var run = FitVae(folder.Path);
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.Equal($"error: {folder.Path}: has no train.bin: a data folder holds train.bin and test.bin, and optionally valid.bin (binarized MNIST); " +
                     "give a single .bin or CSV file to train without a test set", run.ErrorLine);
    }

    [Fact]
    public void ACorruptFileIsADataErrorNamingIt()
    {
        using var folder = TempMnist.Folder();
        var test = System.IO.Path.Combine(folder.Path, "test.bin");
        File.WriteAllBytes(test, Encoding.ASCII.GetBytes("NOTMNIST").Concat(new byte[40]).ToArray());
        var run = FitVae(folder.Path);
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.Equal($"error: {test}: is not a binarized-MNIST file: it should start with 'BMNIST01', found 'NOTMNIST'", run.ErrorLine);
    }

    [Fact]
    public void SetsOfDifferentWidthsAreADataError()
    {
        using var folder = TempMnist.Folder();
        var test = System.IO.Path.Combine(folder.Path, "test.bin");
        TempMnist.Write(test, rows: 10, columns: 128, seed: 9);
        var run = FitVae(folder.Path);
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.Equal($"error: {test}: has 128 columns but train.bin has 64: every set needs the training set's columns", run.ErrorLine);
    }

    [Fact]
    public void NonBinaryValuesUnderABernoulliLikelihoodNameTheCell()
    {
        using var csv = new TempCsv("a,b,c\n1,0,1\n0,1,0.5\n1,1,0\n");
        var run = FitVae(csv.Path, "--likelihood", "bernoulli");
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.Equal($"error: {csv.Path}, row 1 (line 3), column 2 'c': value 0.5 is not 0 or 1, which a Bernoulli likelihood needs (for real values use --likelihood gaussian)",
            run.ErrorLine);
        Assert.Equal("", run.Out);
    }

    [Theory]
    [InlineData("--backend em", "error: --model vae is trained by --backend reparameterized; em cannot run a neural decoder")]
    [InlineData("--samples 2 --iwae 5", "error: give either --samples (the ELBO with several draws of z) or --iwae (the importance-weighted bound), not both")]
    [InlineData("--max-iterations 5", "error: --max-iterations applies to em and vmp; the reparameterized backend trains for --epochs")]
    [InlineData("--components 3", "error: --components applies to mixtures (gmm, bernoulli-mixture, categorical-mixture, mfa, mppca, mcfa and gmvae), not vae; use --latent-dim, or --prior-components for a mixture prior")]
    [InlineData("--activation gelu", "error: unknown activation 'gelu' for --activation; use one of: tanh, relu, softplus, sigmoid (see 'problatent fit --help')")]
    [InlineData("--learning-rate 0", "error: --learning-rate must be a finite number > 0, got 0 (see 'problatent fit --help')")]
    [InlineData("--patience 2", "error: --patience stops on the validation ELBO, which needs validation data: a data folder with valid.bin")]
    public void InconsistentVaeOptionsAreUsageErrors(string options, string expected)
    {
        using var folder = TempMnist.Folder();
        var run = FitVae(folder.Path, options.Split(' '));
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal(expected, run.ErrorLine);
    }

    [Fact]
    public void HiddenNeedsWidthsSeparatedByCommas()
    {
        using var folder = TempMnist.Folder();
        var run = CliRun.Of("fit", "--model", "vae", "--data", folder.Path, "--hidden", "16,x");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("error: --hidden expects layer widths of at least 1 separated by commas (200,200), got '16,x' (see 'problatent fit --help')", run.ErrorLine);
    }

    [Fact]
    public void OutInAMissingFolderFailsBeforeTraining()
    {
        using var folder = TempMnist.Folder();
        var path = System.IO.Path.Combine(folder.Path, "no-such-folder", "model.plm");
        var run = FitVae(folder.Path, "--out", path);
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.Equal($"error: {path}: cannot be written: the folder {System.IO.Path.GetDirectoryName(path)} does not exist", run.ErrorLine);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void VaeOptionsDoNotApplyToOtherModels()
    {
        var run = CliRun.Of("fit", "--example", "iris", "--model", "ppca", "--hidden", "8");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("error: --hidden applies to vae, autoencoder, rbm, dbn and sbn only, not ppca", run.ErrorLine);

        run = CliRun.Of("fit", "--example", "iris", "--model", "ppca", "--epochs", "5");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("error: --epochs applies to --backend reparameterized or contrastive, not em", run.ErrorLine);

        run = CliRun.Of("compare", "--example", "iris", "--model", "vae");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.StartsWith("error: compare fits a model with every backend that can run it, and only reparameterized trains a vae", run.ErrorLine);
    }

    [Fact]
    public void PpcaWithTheReparameterizedBackendReportsAnExactLogLikelihood()
    {
        using var folder = new TempFolder();
        var path = System.IO.Path.Combine(folder.Path, "ppca.plm");
        var run = CliRun.Of("fit", "--example", "iris", "--model", "ppca", "--latent-dim", "2", "--backend", "reparameterized",
            "--seed", "1", "--out", path);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("backend           reparameterized", run.Out);
        // By default a linear model trains for 4,000 minibatch steps: 150 rows in minibatches of 100 make 2 an epoch.
        Assert.Contains("iterations        2000", run.Out);
        Assert.Contains("probabilistic PCA: latent dimension 2, data dimension 4", run.Out);
        // A linear decoder's log-likelihood is exact: no Monte Carlo error to show.
        Assert.DoesNotContain("importance-sampled", run.Out);
        var logLikelihood = Assert.Single(run.OutLines, l => l.StartsWith("log p(x) ", StringComparison.Ordinal));
        double perPoint = double.Parse(logLikelihood.Split(' ', StringSplitOptions.RemoveEmptyEntries)[4], CultureInfo.InvariantCulture);
        // Below the maximum-likelihood PPCA's −2.6998 per point, and within a tenth of a nat of it.
        Assert.InRange(perPoint, -2.8, -2.6998);
        Assert.Equal(2, ProbLatent.Files.LatentModelFile.Load<LinearGaussianModel>(path).LatentDimension);
    }
}

/// <summary>Binarized-MNIST files in a temporary folder: rows drawn around four random prototypes, deleted afterwards.</summary>
static class TempMnist
{
    /// <summary>
    /// train.bin (200 rows) and test.bin (100), and valid.bin (60) when asked, of 64 pixels: about half of them set, or
    /// about a sixth when <paramref name="sparse"/> (like binarized MNIST's eighth).
    /// </summary>
    public static TempFolder Folder(bool validation = false, bool sparse = false)
    {
        var folder = new TempFolder();
        Write(folder["train.bin"], 200, 64, seed: 1, sparse);
        Write(folder["test.bin"], 100, 64, seed: 2, sparse);
        if (validation) Write(folder["valid.bin"], 60, 64, seed: 3, sparse);
        return folder;
    }

    /// <summary>The format: "BMNIST01", uint32 rows and columns (little-endian), then the bits of each row, first pixel in the top bit.</summary>
    public static void Write(string path, int rows, int columns, int seed, bool sparse = false)
    {
        var prototypes = new Random(0);
        var patterns = Enumerable.Range(0, 4)
            .Select(_ => Enumerable.Range(0, columns).Select(_ => sparse ? prototypes.Next(12) == 0 : prototypes.Next(2) == 1).ToArray()).ToArray();
        var random = new Random(seed);
        using var file = File.Create(path);
        file.Write(Encoding.ASCII.GetBytes("BMNIST01"));
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)rows);
        file.Write(word);
        BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)columns);
        file.Write(word);
        var row = new byte[columns / 8];
        for (int r = 0; r < rows; r++)
        {
            Array.Clear(row);
            var pattern = patterns[r % patterns.Length];
            for (int i = 0; i < columns; i++)
                if (pattern[i] ^ (random.NextDouble() < 0.1)) row[i >> 3] |= (byte)(0x80 >> (i & 7));
            file.Write(row);
        }
    }
}
