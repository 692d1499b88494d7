using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Vmp.Parts;

/// <summary>
/// One part of a model graph as VMP compiles it, by the conjugate-exponential rules (Winn and Bishop 2005): a latent's
/// plate and prior, a categorical latent's weights, or a decoder's parameters and the factor through which its variable
/// reads its parents. Each part adds its variable nodes, then (once every part has added its nodes) its factors, to the
/// one <see cref="FactorGraph"/> of the model, joined to the other parts' through the shared nodes of
/// <see cref="VmpAssembly"/>. The graph derives its schedule from what the parts built (see <see cref="FactorGraph"/>).
/// </summary>
internal abstract class VmpPart
{
    /// <summary>What the part is, for <see cref="VmpCompiledModel.Parts"/>: "latent 'z': Discrete plate".</summary>
    public abstract string Description { get; }

    /// <summary>Where the part sits: its nodes are added plates first, then decoders, then the latents' parameters.</summary>
    public abstract PartKind Kind { get; }

    public abstract void AddNodes(VmpAssembly assembly);

    public virtual void Connect(VmpAssembly assembly) { }

    /// <summary>
    /// Whether the part runs over a data source read in blocks or shards: its factors read the rows only inside a Discrete
    /// plate's pass, a block at a time, or only the data's moments, and keep nothing per row. The other parts hold per-row
    /// state of the data in memory.
    /// </summary>
    public virtual bool Streams => false;

    /// <summary>Whether the part's start sets q of its plate (a mixture's q(z)), so that a sweep begins with the parameters (see <see cref="FactorGraph"/>).</summary>
    public virtual bool StartsItsPlate => false;

    /// <summary>Sets what the part starts from at random or from the data, returning the nodes whose q it set.</summary>
    public virtual IEnumerable<Node> Start(VmpAssembly assembly) => [];

    /// <summary>The posterior over the model's parameters, from the part that generates the data; null for the others.</summary>
    public virtual IParameterPosterior? ParameterPosterior(VmpAssembly assembly) => null;

    /// <summary>The posterior over each point's latents, from the part whose plate holds them; null for the others.</summary>
    public virtual IPosterior? LatentPosterior(VmpAssembly assembly) => null;

    /// <summary>Σₙ log p(xₙ) under the fitted <paramref name="parameters"/> from what the part knows of the data without reading it again; null for a part that does not know it.</summary>
    public virtual double? LogLikelihood(VmpAssembly assembly, ILatentModel parameters) => null;

    /// <summary>Refuses a fit whose components collapsed onto too few points (<see cref="Models.MixtureSpread"/>), where the part has components to lose.</summary>
    public virtual void CheckSpread(VmpAssembly assembly, DataMatrix data) { }
}

/// <summary>The three places of a part in a graph, in the order their nodes are added.</summary>
internal enum PartKind
{
    /// <summary>A plate of per-point latents (and the prior factor of a root latent on it).</summary>
    Plate,

    /// <summary>The parameters of a decoder and the factor of the variable it generates.</summary>
    Decoder,

    /// <summary>The parameters of a root latent's prior (a categorical latent's weights).</summary>
    LatentPrior,
}
