namespace ProbLatent.LatentModels;

/// <summary>A distribution q(zₙ) over the latent variable for each of N data points.</summary>
public interface IPosterior
{
    /// <summary>How many data points it covers.</summary>
    int Count { get; }

    /// <summary>E_q[zₙ] for each point, row-major N × (latent dimension); for a categorical latent, the probabilities of the states.</summary>
    double[] Means();

    /// <summary>Σₙ KL(qₙ ‖ otherₙ), where other is a posterior of the same form over the same points.</summary>
    double KlDivergence(IPosterior other);
}
