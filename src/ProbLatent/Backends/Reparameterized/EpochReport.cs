namespace ProbLatent.Backends.Reparameterized;

/// <summary>
/// One finished epoch of training: the training objective averaged over its minibatches (per point), the validation and
/// test ELBO per point when those sets were given, the throughput and the time left. A plain autoencoder (a point-mass
/// guide) has no ELBO: its objective and reconstruction are log p(x | f(x)), its KL is 0 (it has no such term), and its
/// validation and test sets report <see cref="ValidationReconstruction"/> and <see cref="TestReconstruction"/> instead.
/// </summary>
public sealed record EpochReport(
    int Epoch,
    int Epochs,
    double TrainObjective,
    double TrainReconstruction,
    double TrainKl,
    double? ValidationElbo,
    double? TestElbo,
    double SamplesPerSecond,
    TimeSpan TrainingTime,
    TimeSpan Elapsed)
{
    /// <summary>The validation ELBO's terms per point, when there is validation data.</summary>
    public LatentModels.ElboTerms? ValidationTerms { get; init; }

    /// <summary>The test ELBO's terms per point, when there is test data.</summary>
    public LatentModels.ElboTerms? TestTerms { get; init; }

    /// <summary>A plain autoencoder's log p(x | f(x)) per point on the validation data, when there is some; null for a VAE.</summary>
    public double? ValidationReconstruction { get; init; }

    /// <summary>A plain autoencoder's log p(x | f(x)) per point on the test data, when there is some; null for a VAE.</summary>
    public double? TestReconstruction { get; init; }

    /// <summary>What picks the checkpoint kept: the validation ELBO, or a plain autoencoder's validation reconstruction.</summary>
    public double? ValidationScore => ValidationElbo ?? ValidationReconstruction;

    /// <summary>The time the remaining epochs should take at this epoch's pace.</summary>
    public TimeSpan Remaining => Epoch >= Epochs ? TimeSpan.Zero : Elapsed / Epoch * (Epochs - Epoch);
}
