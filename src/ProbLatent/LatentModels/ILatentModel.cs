using ProbLatent.Data;
using ProbLatent.Modeling;

namespace ProbLatent.LatentModels;

/// <summary>
/// A latent-variable model with concrete parameter values: what every backend's fit produces and what
/// exact inference runs on. It gives the exact marginal log p(x), the exact posterior p(z|x), the ELBO of
/// any variational distribution q(z) of its posterior's form, and draws from p(x, z).
/// </summary>
public interface ILatentModel
{
    ModelFamily Family { get; }

    /// <summary>The dimension of one data point.</summary>
    int DataDimension { get; }

    /// <summary>The number of free parameters (for information criteria).</summary>
    int ParameterCount { get; }

    /// <summary>log p(xₙ) for every row, exactly.</summary>
    double[] PointLogLikelihoods(DataMatrix data);

    /// <summary>The exact posterior p(z | xₙ) for every row.</summary>
    IPosterior Posterior(DataMatrix data);

    /// <summary>The ELBO of q over the data set, by its terms; q must be of this model's posterior form.</summary>
    ElboTerms Elbo(DataMatrix data, IPosterior q);

    /// <summary>Draws <paramref name="count"/> points (x, z) from the model.</summary>
    GeneratedData Generate(int count, Random random);
}

/// <summary>
/// Data drawn from a model, with the latent values that generated it: a categorical latent as its index, in a column z;
/// a latent vector in columns z1, z2, …; a mixture of factor analysers' component in c and its factors in h1, h2, …
/// </summary>
public sealed record GeneratedData(DataMatrix Data, DataMatrix Latents)
{
    /// <summary>The column names of a latent vector: z1, z2, … (or <paramref name="prefix"/>1, …).</summary>
    internal static string[] LatentNames(int dimension, string prefix = "z") => Enumerable.Range(1, dimension).Select(i => $"{prefix}{i}").ToArray();
}
