using ProbLatent;
using ProbLatent.Backends;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace MnistVae;

/// <summary>
/// Trains the benchmark VAE on binarized MNIST, reports its bounds on the test set, saves it, loads it back, and draws
/// test digits, their reconstructions and new digits as text.
/// </summary>
public static class MnistVaeDemo
{
    public const int Seed = 1;

    /// <summary>
    /// The benchmark VAE (the README's comparison with PyTorch): encoder 784-200-200 tanh with mean and log-variance heads
    /// of 50, decoder 50-200-200-784 tanh with Bernoulli logits.
    /// </summary>
    public static readonly Model Vae = Model.Define("mnist-vae")
        .Latent("z", Prior.StandardNormal(dimension: 50))
        .Decoder(Decoder.Mlp(200, 200), Likelihood.Bernoulli())
        .Guide(Encoder.Mlp(200, 200))
        .Observe("x", dimension: AsciiDigits.Side * AsciiDigits.Side);

    /// <summary>Everything the example reports, for a caller (or a test) to check.</summary>
    public sealed record Outcome(VaeTraining Training, ElboTerms TestElbo, ImportanceEstimate TestLogLikelihood, ElboTerms SavedElbo, ElboTerms ReloadedElbo);

    public static Outcome Run(Settings settings, TextWriter output)
    {
        var (trainFile, testFile) = settings.DataFiles();
        var train = BinarizedMnist.ReadSingle(trainFile, settings.TrainRows);
        var test = BinarizedMnist.ReadSingle(testFile);
        output.WriteLine($"model: {Vae}");
        output.WriteLine($"data:  {train.Rows:N0} training and {test.Rows:N0} test images of {train.Columns} pixels from {Path.GetRelativePath(Directory.GetCurrentDirectory(), settings.DataFolder)}");
        output.WriteLine($"training: {settings.Epochs} epoch{(settings.Epochs == 1 ? "" : "s")}, minibatches of 100, Adam at 1e-3, one draw of z per point, seed {Seed}");
        output.WriteLine();

        var training = Train(train, test, settings.Epochs, output);
        // The test file is sorted by digit: every 10th row samples all ten digits, where a prefix would hold only zeros.
        var subset = test.EveryNthRow(Settings.IwaeEvery);
        var (testElbo, estimate) = ReportBounds(training, test, subset, settings.IwaeSamples, output);
        var (saved, reloaded, reloadedElbo) = SaveAndReload(training.Model, subset, settings.OutFile, output);
        DrawDigits(reloaded, test, output);
        return new Outcome(training, testElbo, estimate, saved, reloadedElbo);
    }

    /// <summary>Trains with the test set evaluated after each epoch, a line per epoch printed as it finishes.</summary>
    static VaeTraining Train(FloatMatrix train, FloatMatrix test, int epochs, TextWriter output)
    {
        // Adam at 1e-3 on minibatches of 100 with one draw of z: the benchmark setting, the library's default.
        var compiled = Vae.Compile(Inference.Reparameterized(epochs: epochs, seed: Seed));
        var printer = new EpochPrinter(output);
        printer.WriteHeader();
        // Reported on the training thread, so each line is printed as its epoch ends.
        var training = compiled.Train(train, test: test, progress: new SynchronousProgress<EpochReport>(printer.Report));
        output.WriteLine();
        return training;
    }

    /// <summary>The test ELBO by its terms, and log p(x) estimated by importance sampling on every 10th test row.</summary>
    static (ElboTerms TestElbo, ImportanceEstimate Estimate) ReportBounds(VaeTraining training, FloatMatrix test, FloatMatrix subset, int samples, TextWriter output)
    {
        // Per point; the last epoch's test ELBO (one draw of z per point) was already computed for its table row.
        var testElbo = training.Epochs[^1].TestTerms!;
        output.WriteLine($"test ELBO  {testElbo.Value:F2} per point = reconstruction {testElbo.Reconstruction:F2} − KL {testElbo.KlToPrior:F2} (all {test.Rows:N0} rows)");
        var estimate = training.Model.Evaluate(subset).ImportanceLogLikelihood(samples, Seed);
        output.WriteLine($"test log p(x) ≈ {estimate.Mean:F2} per point by IWAE-{estimate.Samples} on every {Settings.IwaeEvery}th test row ({subset.Rows:N0} rows): " +
                         $"± {estimate.StandardError:F3} Monte Carlo, ± {estimate.StandardErrorAcrossPoints:F2} across rows");
        output.WriteLine($"training took {training.TrainingTime.TotalSeconds:F1} s ({training.SamplesPerSecond:N0} samples/s)");
        output.WriteLine();
        return (testElbo, estimate);
    }

    /// <summary>Saves the model, loads it back, and compares the two on the same seeded ELBO: a faithful file gives the same bits.</summary>
    static (ElboTerms Saved, VariationalAutoencoder Reloaded, ElboTerms ReloadedElbo) SaveAndReload(
        VariationalAutoencoder vae, FloatMatrix subset, string path, TextWriter output)
    {
        vae.Save(path);
        var reloaded = VariationalAutoencoder.Load(path);
        var before = vae.Evaluate(subset).Elbo(samples: 1, seed: Seed);
        var after = reloaded.Evaluate(subset).Elbo(samples: 1, seed: Seed);
        output.WriteLine($"saved to {path} ({new FileInfo(path).Length:N0} bytes) and loaded back: the ELBO on every " +
                         $"{Settings.IwaeEvery}th test row is {after.Value / subset.Rows:F4} per point, " +
                         (after == before ? "the same to the last bit as before saving" : $"NOT the {before.Value / subset.Rows:F4} of the model saved"));
        output.WriteLine();
        return (before, reloaded, after);
    }

    /// <summary>Four test digits (evenly spaced through the sorted file), their reconstructions, and four new digits.</summary>
    static void DrawDigits(VariationalAutoencoder vae, FloatMatrix test, TextWriter output)
    {
        const int count = 4;
        var rows = Enumerable.Range(0, count).Select(i => (i * 2 + 1) * test.Rows / (2 * count)).ToArray();
        var originals = DataMatrix.FromRows(rows.Select(r => test.Row(r).ToArray().Select(v => (double)v).ToArray()).ToArray());
        // A reconstruction decodes the encoder's mean of q(z | x); a new digit decodes a z drawn from the prior N(0, I).
        // Both show the decoder's pixel probabilities rather than a binary draw from them, which would look speckled.
        var reconstructions = vae.Decode(new DataMatrix(vae.Encode(originals).Means(), count, vae.LatentDimension));
        var prior = vae.SampleLatents(count, new Random(Seed));
        foreach (var (title, images) in new[]
                 {
                     ($"test digits (rows {string.Join(", ", rows)})", originals),
                     ("their reconstructions", reconstructions),
                     ("new digits, z drawn from the prior", vae.Decode(prior)),
                 })
        {
            output.WriteLine(title);
            foreach (var line in AsciiDigits.Render(images)) output.WriteLine(line);
        }
    }
}
