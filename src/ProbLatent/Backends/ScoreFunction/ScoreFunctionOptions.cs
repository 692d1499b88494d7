using ProbLatent.LatentModels;

namespace ProbLatent.Backends.ScoreFunction;

/// <summary>How the score-function backend trains a sigmoid belief net and its encoder.</summary>
/// <param name="Estimator">VIMCO's multi-sample bound or NVIL's single-sample ELBO.</param>
/// <param name="Samples">K, the draws of h per point and step: VIMCO's bound is over them (K ≥ 2); NVIL averages K single-sample estimates.</param>
/// <param name="Epochs">Passes over the training data, each in a new seeded order.</param>
/// <param name="BatchSize">Points per minibatch (the last of an epoch may be smaller).</param>
/// <param name="LearningRate">Adam's step size (<see cref="ScoreFunctionOptions.DefaultLearningRate"/> by default).</param>
/// <param name="Seed">Seeds the initial weights, the order of the points and every draw: the same seed gives the same fit.</param>
/// <param name="EvaluationSamples">k of the IWAE-k estimate of log p(x) the fit reports (0 skips it).</param>
/// <param name="EvaluationRows">The fitted rows the IWAE estimate and the ELBO are taken over, an evenly spread subset when there are more; null for all.</param>
/// <param name="MonitorRows">Points whose mean bound (VIMCO's K-sample bound, NVIL's ELBO) is each epoch's objective in the trace and progress.</param>
/// <param name="BaselineDecay">NVIL: α of the running mean and variance of the learning signal, each step's weight 1 − α.</param>
public sealed record ScoreFunctionOptions(
    ScoreEstimator Estimator = ScoreEstimator.Vimco,
    int Samples = 5,
    int Epochs = 10,
    int BatchSize = 50,
    double LearningRate = ScoreFunctionOptions.DefaultLearningRate,
    int Seed = 0,
    int EvaluationSamples = BeliefNetImportance.DefaultSamples,
    int? EvaluationRows = 1000,
    int MonitorRows = 1000,
    double BaselineDecay = 0.8)
{
    /// <summary>
    /// Adam's default step, the README's 200-bit MNIST run's: at 1e-3, the reparameterized engine's default, a belief net's
    /// bound rises a few times more slowly.
    /// </summary>
    public const double DefaultLearningRate = 3e-3;

    public void Validate()
    {
        static void Positive(int value, string name)
        {
            if (value < 1) throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1");
        }
        Positive(Samples, nameof(Samples));
        Positive(Epochs, nameof(Epochs));
        Positive(BatchSize, nameof(BatchSize));
        Positive(MonitorRows, nameof(MonitorRows));
        if (Estimator == ScoreEstimator.Vimco && Samples < 2)
            throw new ArgumentOutOfRangeException(nameof(Samples), Samples, "VIMCO's learning signal compares each draw with the others: Samples must be at least 2");
        if (EvaluationSamples is 1 or < 0)
            throw new ArgumentOutOfRangeException(nameof(EvaluationSamples), EvaluationSamples, "EvaluationSamples must be 0 (no estimate) or at least 2, for its error");
        if (EvaluationRows is < 2)
            throw new ArgumentOutOfRangeException(nameof(EvaluationRows), EvaluationRows, "EvaluationRows must be at least 2, for the estimate's error over the points");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be positive and finite");
        if (!(BaselineDecay >= 0 && BaselineDecay < 1))
            throw new ArgumentOutOfRangeException(nameof(BaselineDecay), BaselineDecay, "BaselineDecay must be in [0, 1)");
    }
}
