namespace ProbLatent.Modeling;

/// <summary>
/// An undirected part: an energy E(x, h) joining the observed units with a layer of boolean latents, so that
/// p(x, h) ∝ exp(−E(x, h)) with one normaliser Z over both layers, where a decoder would give a conditional p(x | h) and
/// the latent a prior of its own. It takes a decoder's place in the graph (it reads the latent and generates the data)
/// and is declared with <see cref="Model.Energy"/>: <c>.Latent("h", Prior.Bernoulli(500)).Energy(Energy.Bilinear()).Observe("x", 784)</c>
/// is a restricted Boltzmann machine. Under an energy the latent's prior names only its kind and size: every parameter,
/// the hidden units' biases included, is the energy's. Between two latents — the second declared, given the first through
/// it, <c>Prior.Bernoulli(n1).Given("h2", Energy.Bilinear())</c> — it is a deep belief net's undirected top pair.
/// </summary>
public abstract record Energy() : Decoder(new BernoulliLikelihood())
{
    /// <summary>
    /// −E(x, h) = xᵀW h + bᵀx + cᵀh over binary x ∈ {0,1}ᵐ and h ∈ {0,1}ⁿ: the restricted Boltzmann machine, fitted by
    /// <c>Inference.Contrastive(...)</c> (contrastive divergence).
    /// </summary>
    public static BilinearEnergy Bilinear() => new();
}

/// <summary>The bilinear energy of a restricted Boltzmann machine over binary visible and hidden units: −E = xᵀW h + bᵀx + cᵀh.</summary>
public sealed record BilinearEnergy : Energy
{
    public override string ToString() => "Energy.Bilinear(xᵀW h + bᵀx + cᵀh)";
}
