using System.Globalization;
using System.Text.Json.Nodes;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Cli;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.Cli;

/// <summary><c>problatent score</c>, run in-process on models saved with <c>fit --out</c>.</summary>
public class CliScoreTests
{
    static string Line(CliRun run, string name) => Assert.Single(run.OutLines, l => l.StartsWith(name + " ", StringComparison.Ordinal))[name.Length..].Trim();

    [Fact]
    public void AMixtureGetsItsExactTotalPerPointAndLeastLikelyRows()
    {
        using var folder = new TempFolder();
        var path = SavedModels.OldFaithful(folder);
        var run = CliRun.Of("score", "--model", path, "--example", "old-faithful");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal("", run.Error);
        var points = LatentModelFile.Load(path).PointLogLikelihoods(Examples.OldFaithful());
        var inv = CultureInfo.InvariantCulture;
        Assert.Equal($"{path} (Gaussian mixture: 2 components, full covariances, data dimension 2, 11 free parameters, fitted by em)", Line(run, "model"));
        Assert.Equal("old-faithful, 272 points × 2 columns (eruptions, waiting)", Line(run, "data"));
        Assert.Equal($"{points.Sum().ToString("F3", inv)} total, {(points.Sum() / 272).ToString("F4", inv)} per point (exact)", Line(run, "log p(x)"));
        Assert.Equal("-1130.264 total, -4.1554 per point (exact)", Line(run, "log p(x)"));
        var lowest = Enumerable.Range(0, 272).OrderBy(n => points[n]).Take(5).Select(n => $"row {n + 1} ({points[n].ToString("F4", inv)})");
        Assert.Equal(string.Join(", ", lowest), Line(run, "least likely"));
    }

    [Fact]
    public void PerRowWritesEveryRowsLogLikelihoodToTheLastBit()
    {
        using var folder = new TempFolder();
        var path = SavedModels.OldFaithful(folder);
        var points = LatentModelFile.Load(path).PointLogLikelihoods(Examples.OldFaithful());
        var run = CliRun.Of("score", "--model", path, "--example", "old-faithful", "--per-row");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var csv = run.OutCsv;
        Assert.Equal(["row", "log_p"], csv.ColumnNames);
        Assert.Equal(Enumerable.Range(1, 272).Select(n => (double)n), Enumerable.Range(0, 272).Select(n => csv[n, 0]));
        Assert.Equal(points, Enumerable.Range(0, 272).Select(n => csv[n, 1]));

        var output = folder["rows.csv"];
        var toFile = CliRun.Of("score", "--model", path, "--example", "old-faithful", "--per-row", "--out", output);
        Assert.True(toFile.ExitCode == ExitCodes.Success, toFile.Error);
        Assert.Equal(run.Out, File.ReadAllText(output));
        Assert.Equal($"wrote 272 rows (row, log_p) to {output}", toFile.OutLines[^2]);
        Assert.Equal("-1130.264 total, -4.1554 per point (exact)", Line(toFile, "log p(x)"));
    }

    [Fact]
    public void AVmpModelIsScoredAtItsPosteriorMeansAndSaysSo()
    {
        using var folder = new TempFolder();
        var path = SavedModels.Fit(folder, "vmp.plm", "--example", "old-faithful", "--backend", "vmp", "--seed", "1", "--restarts", "1");
        var run = CliRun.Of("score", "--model", path, "--example", "old-faithful");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.EndsWith(", fitted by vmp (the posterior means))", Line(run, "model"));
        Assert.EndsWith(" per point (exact, at the posterior means of a vmp fit: the log-likelihood of those parameters, not the evidence with the parameters integrated out)",
            Line(run, "log p(x)"));
    }

    [Fact]
    public void AVaeGetsItsImportanceSampledEstimateWithItsStandardError()
    {
        using var folder = new TempFolder();
        var path = SavedModels.Vae(folder);
        TempMnist.Write(folder["held-out.bin"], 30, 64, seed: 7);
        var run = CliRun.Of("score", "--model", path, "--data", folder["held-out.bin"], "--iwae-eval", "20", "--seed", "2");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var vae = (VariationalAutoencoder)LatentModelFile.Load(path);
        var estimate = vae.Evaluate(BinarizedMnist.Read(folder["held-out.bin"])).ImportanceLogLikelihood(20, seed: 2);
        var inv = CultureInfo.InvariantCulture;
        Assert.Equal($"{estimate.Total.ToString("F3", inv)} total, {estimate.Mean.ToString("F4", inv)} per point (IWAE-20, seed 2: an importance-sampled estimate, " +
                     $"a lower bound on log p(x) in expectation; Monte Carlo s.e. {estimate.TotalStandardError.ToString("G3", inv)} total, " +
                     $"{estimate.StandardError.ToString("G3", inv)} per point)", Line(run, "log p(x)"));
        Assert.DoesNotContain("fitted by", Line(run, "model"));

        var rows = CliRun.Of("score", "--model", path, "--data", folder["held-out.bin"], "--iwae-eval", "20", "--seed", "2", "--per-row").OutCsv;
        Assert.Equal(["row", "log_p", "standard_error"], rows.ColumnNames);
        Assert.Equal(estimate.PointEstimates, Enumerable.Range(0, 30).Select(n => rows[n, 1]));
        Assert.Equal(estimate.PointStandardErrors, Enumerable.Range(0, 30).Select(n => rows[n, 2]));
        // Another seed, other draws.
        Assert.NotEqual(Line(run, "log p(x)"), Line(CliRun.Of("score", "--model", path, "--data", folder["held-out.bin"], "--iwae-eval", "20"), "log p(x)"));
    }

    [Fact]
    public void ColumnsAreMatchedByNameAsEncodeMatchesThem()
    {
        using var folder = new TempFolder();
        var path = SavedModels.OldFaithful(folder);
        var expected = CliRun.Of("score", "--model", path, "--example", "old-faithful", "--per-row").Out;
        var swapped = CliRun.Of("score", "--model", path, "--data", FaithfulCsv.Write(folder, "swapped.csv", "waiting", "eruptions"), "--per-row");
        Assert.True(swapped.ExitCode == ExitCodes.Success, swapped.Error);
        Assert.Equal(expected, swapped.Out);
        var renamed = FaithfulCsv.Write(folder, "renamed.csv", "eruptions", "b");
        CliRun.Refused(ExitCodes.DataOrModelError,
            $"error: {renamed}: has columns (eruptions, b), but the model in {path} was fitted on columns (eruptions, waiting): " +
            "the model's 'waiting' is not in the data, and the data's 'b' is not in the model; rename the data's columns, or give --match-by-position to take them in the order they come",
            "score", "--model", path, "--data", renamed);
        var byPosition = CliRun.Of("score", "--model", path, "--data", renamed, "--match-by-position", "--per-row");
        Assert.Equal(expected, byPosition.Out);
    }

    [Fact]
    public void BadRequestsAreOneLineErrors()
    {
        using var folder = new TempFolder();
        var path = SavedModels.OldFaithful(folder);
        CliRun.Refused(ExitCodes.DataOrModelError, $"error: iris: has 4 columns, but the model in {path} takes data of dimension 2", "score", "--model", path, "--example", "iris");
        CliRun.Refused(ExitCodes.UsageError,
            $"error: --iwae-eval applies to a vae, a belief net, an rbm or a dbn too large to enumerate, whose log-likelihood is estimated; {path} holds a GaussianMixture, whose log-likelihood is exact",
            "score", "--model", path, "--example", "old-faithful", "--iwae-eval", "10");
        CliRun.Refused(ExitCodes.UsageError,
            $"error: --seed applies to a vae, a belief net, an rbm or a dbn too large to enumerate, whose log-likelihood is estimated; {path} holds a GaussianMixture, whose log-likelihood is exact",
            "score", "--model", path, "--example", "old-faithful", "--seed", "1");
        CliRun.Refused(ExitCodes.UsageError, "error: --out writes the rows of --per-row; give --per-row too, or leave --out out to print the summary",
            "score", "--model", path, "--example", "old-faithful", "--out", folder["rows.csv"]);
        CliRun.Refused(ExitCodes.UsageError, $"error: --out {path} is the same file as --model {path}, which it would replace; give another file name for the output",
            "score", "--model", path, "--example", "old-faithful", "--per-row", "--out", path);
        var data = FaithfulCsv.Write(folder, "faithful.csv", "eruptions", "waiting");
        CliRun.Refused(ExitCodes.UsageError, $"error: --out {data} is the same file as --data {data}, which it would replace; give another file name for the output",
            "score", "--model", path, "--data", data, "--per-row", "--out", data);
        CliRun.Refused(ExitCodes.UsageError, "error: --iwae-eval must be at least 1, got 0 (see 'problatent score --help')",
            "score", "--model", path, "--example", "old-faithful", "--iwae-eval", "0");
        CliRun.Refused(ExitCodes.DataOrModelError, $"error: {data}: is not a saved ProbLatent model (it should start with 'PLLATENT' or 'PLVAEMDL')",
            "score", "--model", data, "--example", "old-faithful");
        CliRun.Refused(ExitCodes.UsageError, "error: no data: give --data FILE.csv or --example NAME (old-faithful, iris, nile)", "score", "--model", path);
    }

    [Fact]
    public void AModelOfAnotherFamilyOrDataOutsideItsSupportIsRefused()
    {
        using var folder = new TempFolder();
        // A file of a family this ProbLatent does not know (from a newer one, say): the same file with the family renamed.
        var path = SavedModels.OldFaithful(folder);
        var header = ModelFileContainer.Read(path).Header<JsonObject>(new System.Text.Json.JsonSerializerOptions());
        header["Family"] = "HiddenSemiMarkovModel";
        // The 14 doubles of its weights, means and covariances, before the 32-byte checksum.
        var values = File.ReadAllBytes(path).AsSpan()[^(32 + 14 * 8)..^32].ToArray();
        ModelFileContainer.Write(folder["hsmm.plm"], ModelFileFormat.LatentModel, System.Text.Encoding.UTF8.GetBytes(header.ToJsonString()), s => s.Write(values));
        var run = CliRun.Of("score", "--model", folder["hsmm.plm"], "--example", "old-faithful");
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.StartsWith($"error: {folder["hsmm.plm"]}: holds a model of family 'HiddenSemiMarkovModel', which this ProbLatent cannot read (it reads GaussianMixture, BernoulliMixture", run.ErrorLine);

        // A Bernoulli mixture scores 0s and 1s only.
        TempMnist.Write(folder["x.bin"], 20, 64, seed: 1);
        var bernoulli = SavedModels.Fit(folder, "bernoulli.plm", "--data", folder["x.bin"], "--model", "bernoulli-mixture");
        File.WriteAllText(folder["half.csv"], string.Join(",", Enumerable.Range(0, 64).Select(i => $"p{i / 8}_{i % 8}")) + "\n" +
                                              string.Join(",", Enumerable.Range(0, 64).Select(i => i == 3 ? "0.5" : "1")) + "\n");
        CliRun.Refused(ExitCodes.DataOrModelError, $"error: {folder["half.csv"]}, row 0 (line 2), column 3 'p0_3': value 0.5 is not 0 or 1, which a Bernoulli likelihood needs",
            "score", "--model", bernoulli, "--data", folder["half.csv"], "--match-by-position");
    }

    [Fact]
    public void CtrlCWritesNoOutFileAndLeavesAnEarlierOneAsItWas()
    {
        using var folder = new TempFolder();
        var path = SavedModels.OldFaithful(folder);
        var output = folder["rows.csv"];
        File.WriteAllText(output, "an earlier file\n");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(["score", "--model", path, "--example", "old-faithful", "--per-row", "--out", output], stdout, stderr, cancellation.Token);
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Equal($"error: cancelled while scoring old-faithful; {output} was not written (an earlier file there is as it was)", stderr.ToString().TrimEnd());
        Assert.Equal("", stdout.ToString());
        Assert.Equal("an earlier file\n", File.ReadAllText(output));
    }
}
