using ProbLatent.LatentModels;
using ProbLatent.Neural;

namespace ProbLatent.Backends.ScoreFunction;

/// <summary>
/// What a score-function estimator makes of a minibatch's log weights: for each draw hₖ of point x, the coefficient of
/// ∇θ log wₖ in the gradient of the net's parameters θ and the coefficient of ∇φ log q(hₖ | x) in the gradient of the
/// encoder's φ (the learning signal, and any part of ∇φ log wₖ = −∇φ log q(hₖ | x) the objective keeps).
/// </summary>
internal abstract class LearningSignal
{
    /// <summary>Parameters of the estimator's own (NVIL's baseline), which the trainer's optimizer steps with the rest.</summary>
    public virtual IEnumerable<Parameter> Parameters => [];

    /// <summary>
    /// Writes the two coefficients of each of the pass's first <paramref name="points"/> × K draws and returns the objective
    /// summed over the points; an estimator with parameters of its own writes their gradient too, scaled by <paramref name="scale"/>
    /// (−1 / points: descent on the mean objective).
    /// </summary>
    public abstract double Assign(IBeliefNetPass pass, int points, Span<float> model, Span<float> encoder, float scale);

    /// <summary>The objective of the pass's first <paramref name="points"/> points without training on them, for the monitor.</summary>
    public abstract double Objective(IBeliefNetPass pass, int points);

    public static LearningSignal For(ScoreFunctionOptions options, int dimension) => options.Estimator switch
    {
        ScoreEstimator.Vimco => new VimcoSignal(),
        ScoreEstimator.Nvil => new NvilSignal(dimension, options.BaselineDecay),
        var e => throw new ArgumentOutOfRangeException(nameof(options), e, "unknown estimator"),
    };
}
