using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Reparameterized;

/// <summary>
/// The reparameterized-gradient engine: compiles a model with a Gaussian latent into a differentiable Monte Carlo
/// ELBO with an amortized encoder, trained by stochastic gradients. Runs variational autoencoders (neural decoders), the
/// linear-Gaussian models (PPCA, factor analysis) as VAEs with a linear decoder, and the Gaussian-mixture VAE and the
/// mixture of factor analysers (or of PPCA) with their categorical summed out in the objective. A point-mass guide
/// (<see cref="Encoder.PointMass"/>) makes either a plain autoencoder, trained on the reconstruction log-likelihood alone.
/// </summary>
public sealed class ReparameterizedBackend(ReparameterizedOptions options) : IBackend<ReparameterizedCompiledModel>
{
    /// <summary>
    /// 0/1 data with at most this share of ones enters the first layer's products as the rows its ones select, not as a
    /// dense multiply (the tape's rule, given here for reports of the engine's speed).
    /// </summary>
    public const double MaxBinaryDensity = Autodiff.Tape.MaxBinaryDensity;

    public ReparameterizedOptions Options { get; } = options;
    public string Name => "reparameterized";

    CompiledModel IBackend.Compile(Model model) => Compile(model);

    public ReparameterizedCompiledModel Compile(Model model)
    {
        Options.Validate();
        var graph = model.Validate();
        UndirectedRefusal.Check(Name, graph);
        if (BeliefNetGraph.Applies(graph))
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': {BeliefNetGraph.SigmoidPart(graph)} reads boolean latents, which are discrete and would need a relaxed or score-function gradient, " +
                "which this engine does not have; fit it with Inference.Em() (exact enumeration), Inference.ScoreFunction() (VIMCO or NVIL, for many bits), or evaluate given parameters with Inference.Exact(parameters)");
        if (GaussianMixtureVaeShape.Of(graph) is not null) return CompileSummedCategorical(model, graph, "the networks and the mixture's parameters");
        if (FactorMixtureShape.Of(graph) is not null) return CompileSummedCategorical(model, graph, "the mixture's parameters, with the encoder");
        var components = ComponentMixtureShape.Of(graph);
        var map = LatentMapShape.Of(graph);
        if (map is null && components is null && CommonFactorMixtureShape.Of(graph) is null) throw GraphRefusal.Composition(Name, graph);
        GraphRefusal.NoStatedPriors(Name, graph, "its fit is maximum likelihood over the decoder's parameters");
        if (map is not null) return new ReparameterizedCompiledModel(model, Options, CheckGuide(model, VaeArchitecture.Of(model)));
        if (components is { IsChain: true })
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': latent '{components.Selector.Name}' is a Markov chain over discrete states, and a discrete draw has no reparameterization " +
                $"(z = μ + σ ε needs a continuous z); {BackendAlternatives.Advice(model, Name)}, or with Inference.Vmp() (the Bayesian HMM: a chain q(z) and q(π), q(A), q(θ)), or evaluate given parameters with Inference.Exact(parameters) (forward–backward and Viterbi)");
        throw Categorical(model, graph, components is not null ? "Inference.Em() or Inference.Vmp()" : "Inference.Em()");
    }

    /// <summary>
    /// A model whose categorical the objective sums out exactly, so nothing discrete is drawn in training: the
    /// Gaussian-mixture VAE (its networks and the mixture's parameters trained), or the mixture of factor analysers (of
    /// PPCA under isotropic noise), c ~ π, z ~ N(0, I), x | c, z ~ N(W_c z + μ_c, Ψ_c), z reparameterized per component under
    /// an amortized guide q(c | x) q(z | x, c), linear unless the model gives Encoder.Mlp(...), and π, W_c, μ_c and log Ψ_c
    /// trained with the encoder. <paramref name="learned"/> says what the maximum likelihood is over, for a refusal of stated priors.
    /// </summary>
    ReparameterizedCompiledModel CompileSummedCategorical(Model model, ModelGraph graph, string learned)
    {
        GraphRefusal.NoStatedPriors(Name, graph, $"its fit is maximum likelihood over {learned}");
        return new ReparameterizedCompiledModel(model, Options, SummedCategorical(model, graph));
    }

    /// <summary>
    /// The architecture of a model whose root categorical the objective sums out: a point-mass guide (no q(c | x) to sum
    /// over) and the importance-weighted objective (which would draw c) are refused.
    /// </summary>
    VaeArchitecture SummedCategorical(Model model, ModelGraph graph)
    {
        var architecture = VaeArchitecture.Of(model);
        if (architecture.PointMassGuide)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': a point-mass guide gives the categorical '{graph.Latents[0].Name}' no q(c | x) to sum over; give a Gaussian guide, Encoder.Mlp(...)");
        if (Options.ImportanceSamples > 1)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': the categorical '{graph.Latents[0].Name}' is summed out in the ELBO, not in the importance-weighted bound; " +
                $"ImportanceSamples must be 1 (it is {Options.ImportanceSamples}); Samples sets the draws of z per component");
        return architecture;
    }

    BackendNotSupportedException Categorical(Model model, ModelGraph graph, string instead) => new(Name,
        $"model '{model.Name}': latent '{graph.Latents.First(l => l.Kind == LatentKind.Categorical).Name}' is categorical, and a discrete draw has no reparameterization " +
        $"(z = μ + σ ε needs a continuous z); fit it with {instead}");

    /// <summary>A point-mass guide draws no z and trains no prior: the options and priors that need either are refused.</summary>
    VaeArchitecture CheckGuide(Model model, VaeArchitecture architecture)
    {
        if (!architecture.PointMassGuide) return architecture;
        var latent = model.SingleLatent;
        if (latent.Prior is GaussianMixturePrior)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': the point-mass guide of '{latent.Name}' makes a plain autoencoder, trained on reconstruction alone, so its " +
                $"mixture prior {latent.Prior} would never be learned; give Prior.StandardNormal({latent.Prior.Dimension}) to state the latent's dimension, " +
                "or a Gaussian guide to train the prior as a VAE");
        if (Options.Samples > 1 || Options.ImportanceSamples > 1)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': the point-mass guide of '{latent.Name}' draws no z, so Samples ({Options.Samples}) and ImportanceSamples " +
                $"({Options.ImportanceSamples}) must be 1; they apply to a Gaussian guide");
        return architecture;
    }
}
