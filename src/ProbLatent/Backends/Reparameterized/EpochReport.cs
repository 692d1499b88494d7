namespace ProbLatent.Backends.Reparameterized;

/// <summary>
/// One finished epoch of training: the training objective averaged over its minibatches (per point), the validation and
/// test ELBO per point when those sets were given, the throughput and the time left.
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

    /// <summary>The time the remaining epochs should take at this epoch's pace.</summary>
    public TimeSpan Remaining => Epoch >= Epochs ? TimeSpan.Zero : Elapsed / Epoch * (Epochs - Epoch);
}
