namespace ProbLatent.Backends.ScoreFunction;

/// <summary>How the score-function backend reduces the variance of its encoder's gradient.</summary>
public enum ScoreEstimator
{
    /// <summary>
    /// VIMCO (Mnih and Rezende 2016): the K-sample bound log (1/K) Σₖ wₖ, each draw's learning signal the bound minus the
    /// bound with its weight replaced by the geometric mean of the others.
    /// </summary>
    Vimco,

    /// <summary>
    /// NVIL (Mnih and Gregor 2014): the single-sample ELBO, its learning signal log w centred by a running mean and an
    /// input-dependent (linear) baseline and scaled by a running estimate of its standard deviation.
    /// </summary>
    Nvil,
}
