using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp;

/// <summary>What the parts compile from: the model, its validated graph, VMP's priors resolved with those the model states, and the options.</summary>
internal sealed record VmpCompilation(Model Model, ModelGraph Graph, VmpPriors Priors, VmpOptions Options)
{
    public int Dimension => Model.Observed!.Dimension;

    /// <summary>Refuses a Gaussian latent of at least the data's dimension, which a linear decoder cannot identify.</summary>
    public void CheckLatentDimension(LatentNode latent)
    {
        if (latent.Dimension >= Dimension)
            throw new BackendNotSupportedException("vmp",
                $"model '{Model.Name}': latent '{latent.Name}' has dimension {latent.Dimension}, which must be less than the data dimension {Dimension}");
    }
}
