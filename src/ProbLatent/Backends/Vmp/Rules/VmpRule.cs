using ProbLatent.Backends.Vmp.Models;
using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Rules;

/// <summary>
/// One local rule of VMP's compiler: the parts of a graph it accepts — a kind of latent and the decoder that reads it —
/// and the conjugate-exponential factor graph it builds for them on a data set. <see cref="VmpBackend"/> asks the rules
/// in turn and refuses a graph that none accepts, naming the part.
/// </summary>
internal abstract class VmpRule
{
    public abstract bool Accepts(ModelGraph graph);

    /// <summary>The components whose q(z) a start from a fitted mixture (<see cref="VmpOptions.StartFrom"/>) sets, or null where the rule starts otherwise.</summary>
    public virtual int? StartComponents(ModelGraph graph) => null;

    /// <summary>What the fit loop calls per restart: the factor graph on the data, started from the restart's random numbers.</summary>
    public abstract Func<DataMatrix, Random, VmpModel> Compile(VmpCompilation compilation);
}

/// <summary>What a rule compiles from: the model, its validated graph, VMP's priors resolved with those the model states, and the options.</summary>
internal sealed record VmpCompilation(Model Model, ModelGraph Graph, VmpPriors Priors, VmpOptions Options)
{
    public int Dimension => Model.Observed!.Dimension;

    /// <summary>q(z) of a mixture's start (<see cref="MixtureStart.Responsibilities"/>).</summary>
    public double[] Responsibilities(DataMatrix data, int components, Random random, bool inColumnUnits) =>
        MixtureStart.Responsibilities(data, components, Options, random, inColumnUnits);

    /// <summary>Refuses a Gaussian latent of at least the data's dimension, which a linear decoder cannot identify.</summary>
    public void CheckLatentDimension(LatentNode latent)
    {
        if (latent.Dimension >= Dimension)
            throw new BackendNotSupportedException("vmp",
                $"model '{Model.Name}': latent '{latent.Name}' has dimension {latent.Dimension}, which must be less than the data dimension {Dimension}");
    }
}
