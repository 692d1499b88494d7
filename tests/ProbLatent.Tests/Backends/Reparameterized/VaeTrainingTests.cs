using ProbLatent.Backends;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Reparameterized;

/// <summary>A small VAE on a slice of binarized MNIST: training improves the bound, and the bounds are ordered.</summary>
public class VaeTrainingTests
{
    static Model SmallVae(Prior? prior = null) => Model.Define("mnist-small")
        .Latent("z", prior ?? Prior.StandardNormal(8))
        .Decoder(Decoder.Mlp(64), Likelihood.Bernoulli())
        .Observe("x", dimension: 784)
        .Guide(Encoder.Mlp(64));

    static FloatMatrix Train => BinarizedMnist.ReadSingle(ShippedData.MnistTrain);

    /// <summary>Every 50th row of the test split (every 2nd of the shipped slice): the split is sorted by digit, so a prefix would be one digit only.</summary>
    static FloatMatrix Test => BinarizedMnist.ReadSingle(ShippedData.MnistTest).EveryNthRow(2);

    [Fact]
    public void Training_raises_the_elbo_and_the_importance_estimate_sits_above_it()
    {
        var compiled = SmallVae().Compile(Inference.Reparameterized(epochs: 4, batchSize: 50, seed: 1));
        var reports = new List<EpochReport>();
        var training = compiled.Train(Train, test: Test, progress: new SynchronousProgress<EpochReport>(reports.Add));
        Assert.Equal(4, reports.Count);
        Assert.Equal(reports, training.Epochs);
        Assert.True(reports[^1].TrainObjective > reports[0].TrainObjective + 20, $"{reports[0].TrainObjective} → {reports[^1].TrainObjective}");
        Assert.True(reports[^1].TestElbo > reports[0].TestElbo);
        Assert.All(reports, r => Assert.Equal(r.TrainObjective, r.TrainReconstruction - r.TrainKl, 1e-3));
        Assert.All(reports, r => Assert.True(r.TrainKl > 0));

        var evaluation = training.Model.Evaluate(Test);
        var elbo = evaluation.Elbo(samples: 5, seed: 2);
        var iwae = evaluation.ImportanceLogLikelihood(samples: 100, seed: 2);
        Assert.True(elbo.KlToPrior > 0);
        Assert.True(iwae.Total > elbo.Value, $"IWAE {iwae.Total} should exceed the ELBO {elbo.Value}");
        Assert.True(iwae.Mean < 0 && iwae.StandardError > 0 && iwae.StandardErrorAcrossPoints > iwae.StandardError);
        // Seeded evaluation: the same numbers every time.
        Assert.Equal(iwae.Total, evaluation.ImportanceLogLikelihood(samples: 100, seed: 2).Total);
    }

    [Fact]
    public void A_learned_mixture_prior_and_the_iwae_objective_train()
    {
        var mixture = SmallVae(Prior.MixtureOfGaussians(5, 8))
            .Compile(Inference.Reparameterized(epochs: 2, batchSize: 50, seed: 3));
        var trained = mixture.Train(Train);
        Assert.True(trained.Epochs[^1].TrainObjective > trained.Epochs[0].TrainObjective);
        var (weights, means, logVariances) = trained.Model.PriorMixture();
        Assert.Equal(1.0, weights.Sum(), 1e-6);
        Assert.Equal(40, means.Length);
        Assert.Equal(40, logVariances.Length);
        Assert.Equal(8, trained.Model.Generate(3, new Random(1)).Latents.Columns);

        var iwae = SmallVae().Compile(Inference.Reparameterized(epochs: 2, batchSize: 50, seed: 3, importanceSamples: 5));
        var trainedIwae = iwae.Train(Train);
        Assert.True(trainedIwae.Epochs[^1].TrainObjective > trainedIwae.Epochs[0].TrainObjective);
    }

    [Fact]
    public void Validation_keeps_the_best_checkpoint_and_stops_early()
    {
        // Real steps, and patience 1: the run stops at the first epoch whose validation ELBO does not improve, so the
        // last epoch is never the one kept.
        var compiled = SmallVae().Compile(
            Inference.Reparameterized(epochs: 60, batchSize: 50, learningRate: 1e-2, seed: 2, patience: 1));
        var training = compiled.Train(Train, validation: Test);
        Assert.True(training.StoppedEarly);
        Assert.True(training.Epochs.Count < 60);
        var best = training.Kept;
        Assert.Equal(training.Epochs.Max(e => e.ValidationElbo), best.ValidationElbo);
        Assert.True(best.Epoch < training.Epochs.Count, $"kept epoch {best.Epoch} of {training.Epochs.Count}");
        Assert.True(training.Epochs[^1].ValidationElbo < best.ValidationElbo);
        // The model returned is the kept checkpoint, not the last epoch's: evaluated the way the trainer evaluates
        // validation data, it gives the kept epoch's validation ELBO exactly.
        Assert.Equal(best.ValidationElbo!.Value, training.Model.Evaluate(Test).Elbo(seed: 2).Value / Test.Rows, 12);
    }

    [Fact]
    public void Cancellation_stops_training_and_keeps_what_was_trained()
    {
        using var cancel = new CancellationTokenSource();
        var compiled = SmallVae().Compile(Inference.Reparameterized(epochs: 50, batchSize: 50, seed: 1));
        int reported = 0;
        var training = compiled.Train(Train, progress: new SynchronousProgress<EpochReport>(_ => { if (++reported == 2) cancel.Cancel(); }),
            cancellation: cancel.Token);
        Assert.True(training.Cancelled);
        Assert.Equal(2, training.Epochs.Count);
    }

    [Fact]
    public void A_diverging_learning_rate_names_the_epoch_and_minibatch_and_keeps_the_last_good_model()
    {
        var compiled = SmallVae().Compile(
            Inference.Reparameterized(epochs: 3, batchSize: 50, learningRate: 1e6, seed: 1, optimizer: Optimizer.Sgd));
        var e = Assert.Throws<TrainingDivergedException>(() => compiled.Train(Train));
        Assert.Contains($"epoch {e.Epoch}, minibatch {e.Batch}", e.Message);
        Assert.Contains("learning rate", e.Message);
        Assert.All(e.LastGood.Network.Parameters, p => Assert.All(p.Value.Span.ToArray(), v => Assert.True(float.IsFinite(v))));
        Assert.True(double.IsFinite(Assert.IsType<VariationalAutoencoder>(e.LastGood).Evaluate(Test).Elbo().Value));
    }
}
