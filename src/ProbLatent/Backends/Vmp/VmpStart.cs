namespace ProbLatent.Backends.Vmp;

/// <summary>Where each restart of a VMP mixture starts q(z); q(θ) then starts from that q(z) (see <see cref="VmpOptions"/>).</summary>
public enum VmpStart
{
    /// <summary>
    /// Each point on the nearest of k-means++ centres drawn with the restart's seed (as EM starts, and scikit-learn's
    /// BayesianGaussianMixture): the components start apart, where the data is.
    /// </summary>
    KMeansPlusPlus,

    /// <summary>
    /// Each point on a uniformly drawn component, as Infer.NET's mixture tutorial starts (InitialiseTo with random point
    /// masses). Every component then starts near the whole data's mean, and VMP can empty all but a few: more
    /// restarts help, and <see cref="FitResult.EmptyComponents"/> says which were emptied.
    /// </summary>
    RandomPointMasses,
}
