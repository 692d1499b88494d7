using ProbLatent.Backends.Vmp.Parts;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp;

/// <summary>
/// Variational message passing (Winn and Bishop 2005, in the manner of Infer.NET): compiles a model into a factor
/// graph of conjugate-exponential variables with priors on every parameter, and fits the factorised posterior
/// over latents and parameters that maximises the ELBO. The graph is compiled part by part (<see cref="VmpRules"/>):
/// each latent's plate and prior and each decoder's parameters and factor add their nodes to one factor graph, joined
/// through the latents' shared plates, and the graph derives its schedule from them (<see cref="VmpCompiledModel.Schedule"/>).
/// A part no rule accepts is refused naming it and the backends that run it.
/// </summary>
public sealed class VmpBackend(VmpOptions options) : IBackend<VmpCompiledModel>
{
    public VmpOptions Options { get; } = options;
    public string Name => "vmp";

    CompiledModel IBackend.Compile(Model model) => Compile(model);

    public VmpCompiledModel Compile(Model model)
    {
        Options.Validate();
        var graph = model.Validate();
        UndirectedRefusal.Check(Name, graph);
        var parts = VmpRules.Parts(graph, out var refused);
        if (refused is not null) throw Refusal(model, graph, refused);
        int d = model.Observed!.Dimension;
        var priors = StatedVmpPriors.Resolve(graph, Options.Priors, d);
        priors.Validate(d);
        if (Options.StartFrom is not null) CheckStart(model, graph, parts);
        var compilation = new VmpCompilation(model, graph, priors, Options);
        foreach (var latent in graph.Latents.Where(l => l.Kind == LatentKind.Gaussian)) compilation.CheckLatentDimension(latent);
        return new VmpCompiledModel(compilation, parts);
    }

    /// <summary>Why no rule accepts a part of the graph, naming it and the backends that run the model.</summary>
    Exception Refusal(Model model, ModelGraph graph, string part)
    {
        if (BeliefNetGraph.Applies(graph))
        {
            // Exact evaluates given parameters the same chains EM enumerates, so it is offered where EM's enumeration is.
            var calls = BackendAlternatives.For(model, Name);
            var advice = BackendAlternatives.Advice(calls);
            if (calls.Count > 0) advice += ", or evaluate given parameters with Inference.Exact(parameters)";
            return new BackendNotSupportedException(Name,
                $"model '{model.Name}': the factor {BeliefNetGraph.SigmoidPart(graph)} is not conjugate to the bits' Bernoulli prior, so VMP has no closed-form message for it; " +
                advice);
        }
        if (LatentMapShape.Of(graph) is { IsNeural: true }) return NeuralDecoderRefusal.For(Name, model);
        return new BackendNotSupportedException(Name,
            $"model '{model.Name}': {part} has no conjugate-exponential rule in VMP; {BackendAlternatives.Advice(model, Name)}");
    }

    /// <summary>A given start must be a mixture of the model's size, whose posterior over components can start q(z).</summary>
    void CheckStart(Model model, ModelGraph graph, IReadOnlyList<VmpPart> parts)
    {
        string kind = graph.ClassicFamily?.ToString() ?? "this composition";
        var plate = graph.Latents.FirstOrDefault(l => l.Kind == LatentKind.Categorical && parts.OfType<DiscretePlatePart>().Any(p => p.Latent == l));
        if (plate is null && graph.Latents.Any(l => l.Kind == LatentKind.Categorical))
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': a start from a fitted model (StartFrom) applies to Gaussian and Bernoulli mixtures, whose q(z) it sets; {kind} starts from k-means++ responsibilities (VmpOptions.Start) and random loadings");
        if (plate is null && graph.Latents.Any(l => l.Kind == LatentKind.Chain))
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': a start from a fitted model (StartFrom) applies to Gaussian and Bernoulli mixtures, whose q(z) it sets; " +
                $"{kind} starts its chain from k-means++ responsibilities over the steps (VmpOptions.Start)");
        if (plate is null)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': a start from a fitted model (StartFrom) applies to mixtures, whose q(z) it sets; {kind} starts from random loadings");
        int k = plate.States!.Value, dimension = model.Observed!.Dimension;
        var given = Options.StartFrom;
        if (given is not DiscreteLatentModel mixture || mixture is not (GaussianMixture or BernoulliMixture))
            throw new BackendNotSupportedException(Name, $"model '{model.Name}': the start (StartFrom) is a {given!.Family}, not a fitted mixture");
        if (mixture.StateCount != k || mixture.DataDimension != dimension)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' has {k} components over {dimension} dimensions, but its start (StartFrom) has {mixture.StateCount} over {mixture.DataDimension}");
    }
}
