using ProbLatent.Modeling;

namespace ProbLatent.Backends.Reparameterized;

/// <summary>
/// The reparameterized-gradient engine: compiles a model with a Gaussian latent into a differentiable Monte Carlo
/// ELBO with an amortized encoder, trained by stochastic gradients. Runs variational autoencoders (neural decoders) and
/// the linear-Gaussian models (PPCA, factor analysis) as VAEs with a linear decoder.
/// </summary>
public sealed class ReparameterizedBackend(ReparameterizedOptions options) : IBackend
{
    public ReparameterizedOptions Options { get; } = options;
    public string Name => "reparameterized";

    public CompiledModel Compile(Model model)
    {
        Options.Validate();
        var graph = model.Validate();
        if (BeliefNetGraph.Applies(graph))
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': {BeliefNetGraph.SigmoidPart(graph)} reads boolean latents, which are discrete and would need a relaxed or score-function gradient, " +
                "which this engine does not have; fit it with Inference.Em() (exact enumeration), or evaluate given parameters with Inference.Exact(parameters)");
        var family = GraphRefusal.ClassicFamily(Name, graph);
        GraphRefusal.NoStatedPriors(Name, graph, "its fit is maximum likelihood over the decoder's parameters");
        return family switch
        {
            ModelFamily.VariationalAutoencoder or ModelFamily.ProbabilisticPca or ModelFamily.FactorAnalysis =>
                new ReparameterizedCompiledModel(model, Options, VaeArchitecture.Of(model)),
            ModelFamily.GaussianMixture or ModelFamily.BernoulliMixture => throw Categorical(model, graph, "Inference.Em() or Inference.Vmp()"),
            ModelFamily.MixtureOfFactorAnalysers or ModelFamily.MixtureOfProbabilisticPca => throw Categorical(model, graph, "Inference.Em()"),
            _ => throw new BackendNotSupportedException(Name, $"model '{model.Name}': family {family} is not supported"),
        };
    }

    BackendNotSupportedException Categorical(Model model, Modeling.Graph.ModelGraph graph, string instead) => new(Name,
        $"model '{model.Name}': latent '{graph.Latents.First(l => l.Kind == Modeling.Graph.LatentKind.Categorical).Name}' is categorical, and a discrete draw has no reparameterization " +
        $"(z = μ + σ ε needs a continuous z); fit it with {instead}");
}
