using ProbLatent.Backends.Vmp.Rules;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp;

/// <summary>
/// Variational message passing (Winn and Bishop 2005, in the manner of Infer.NET): compiles a model into a factor
/// graph of conjugate-exponential variables with priors on every parameter, and fits the factorised posterior
/// over latents and parameters that maximises the ELBO. The graph's parts are compiled by local rules
/// (<see cref="VmpRule"/>), each accepting a kind of latent and the decoder that reads it; a graph no rule accepts is
/// refused naming the part and a backend that runs it.
/// </summary>
public sealed class VmpBackend(VmpOptions options) : IBackend
{
    /// <summary>The rules, asked in turn; at most one accepts a graph.</summary>
    static readonly VmpRule[] s_rules = [new PerComponentRule(), new LinearGaussianRule(), new PerComponentLinearGaussianRule()];

    public VmpOptions Options { get; } = options;
    public string Name => "vmp";

    public CompiledModel Compile(Model model)
    {
        Options.Validate();
        var graph = model.Validate();
        var rule = s_rules.FirstOrDefault(r => r.Accepts(graph)) ?? throw Refusal(model, graph);
        int d = model.Observed!.Dimension;
        var priors = StatedVmpPriors.Resolve(graph, Options.Priors, d);
        priors.Validate(d);
        if (Options.StartFrom is not null) CheckStart(model, graph, rule.StartComponents(graph), d);
        return new VmpCompiledModel(model, rule.Compile(new VmpCompilation(model, graph, priors, Options)), Options);
    }

    /// <summary>Why no rule accepts the graph, naming its first part VMP has no conjugate message for and what runs it.</summary>
    Exception Refusal(Model model, ModelGraph graph)
    {
        if (BeliefNetGraph.Applies(graph))
            return new BackendNotSupportedException(Name,
                $"model '{model.Name}': the factor {BeliefNetGraph.SigmoidPart(graph)} is not conjugate to the bits' Bernoulli prior, so VMP has no closed-form message for it; " +
                $"fit it with Inference.Em() (exact enumeration of up to {LatentModels.BooleanLatentModel.MaxExactBits} bits), or evaluate given parameters with Inference.Exact(parameters)");
        var family = GraphRefusal.ClassicFamily(Name, graph);
        if (family == ModelFamily.VariationalAutoencoder) return NeuralDecoderRefusal.For(Name, model);
        return new BackendNotSupportedException(Name,
            $"model '{model.Name}' ({family}, {model.DecoderSpec}) has no conjugate-exponential factor graph; fit it with Inference.Em()");
    }

    /// <summary>A given start must be a mixture of the model's size, whose posterior over components can start q(z).</summary>
    void CheckStart(Model model, ModelGraph graph, int? components, int dimension)
    {
        var family = graph.ClassicFamily;
        if (family is ModelFamily.MixtureOfFactorAnalysers or ModelFamily.MixtureOfProbabilisticPca)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': a start from a fitted model (StartFrom) applies to Gaussian and Bernoulli mixtures, whose q(z) it sets; {family} starts from k-means++ responsibilities (VmpOptions.Start) and random loadings");
        if (components is not int k)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': a start from a fitted model (StartFrom) applies to mixtures, whose q(z) it sets; {family} starts from random loadings");
        var given = Options.StartFrom;
        if (given is not DiscreteLatentModel { Family: ModelFamily.GaussianMixture or ModelFamily.BernoulliMixture } mixture)
            throw new BackendNotSupportedException(Name, $"model '{model.Name}': the start (StartFrom) is a {given!.Family}, not a fitted mixture");
        if (mixture.StateCount != k || mixture.DataDimension != dimension)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' has {k} components over {dimension} dimensions, but its start (StartFrom) has {mixture.StateCount} over {mixture.DataDimension}");
    }
}
