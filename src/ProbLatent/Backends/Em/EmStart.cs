namespace ProbLatent.Backends.Em;

/// <summary>
/// Where each EM restart of a Gaussian or Bernoulli mixture, or of a hidden Markov model, starts: hard assignments of the
/// points (or time steps), then one M step from them; a chain's π and A then start from the assignments' first states and
/// moves. Other models have one start of their own and refuse a choice.
/// </summary>
public enum EmStart
{
    /// <summary>Each point on the nearest of k-means++ centres drawn with the restart's seed: the components start apart, where the data is.</summary>
    KMeansPlusPlus,

    /// <summary>
    /// Each point on a uniformly drawn component (random point masses, scikit-learn's and hmmlearn's random responsibilities
    /// made hard), as VMP's <see cref="Vmp.VmpStart.RandomPointMasses"/> starts. Every component then starts near the whole
    /// data's mean and EM must break the symmetry itself, so it needs more restarts than k-means++ to find the best maximum.
    /// </summary>
    RandomPointMasses,
}
