using ProbLatent.Modeling;

namespace ProbLatent.Backends.ScoreFunction;

/// <summary>
/// Score-function gradients for a sigmoid belief net too large to enumerate: the net and an amortized factorised
/// Bernoulli encoder q(h | x) trained together by minibatch Adam on VIMCO's multi-sample bound (Mnih and Rezende 2016) or
/// NVIL's ELBO (Mnih and Gregor 2014), in float32. Compiles a net of one layer of boolean latents,
/// <c>.Latent("h", Prior.Bernoulli(n)).Given("h", Decoder.Linear(Likelihood.Bernoulli()))</c>, of any number of bits;
/// refuses nets of several layers (whose encoder q(h₁ | x) q(h₂ | h₁)… it does not build) and every other model.
/// </summary>
public sealed class ScoreFunctionBackend(ScoreFunctionOptions options) : IBackend<ScoreFunctionCompiledModel>
{
    public ScoreFunctionOptions Options { get; } = options;
    public string Name => "score-function";

    CompiledModel IBackend.Compile(Model model) => Compile(model);

    public ScoreFunctionCompiledModel Compile(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Options.Validate();
        var graph = model.Validate();
        UndirectedRefusal.Check(Name, graph);
        if (!BeliefNetGraph.Applies(graph))
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' has no boolean latents; the score-function backend trains sigmoid belief nets " +
                $"(.Latent(\"h\", Prior.Bernoulli(n)).Given(\"h\", Decoder.Linear(Likelihood.Bernoulli()))); {BackendAlternatives.Advice(model, Name)}");
        var bits = BeliefNetGraph.Chain(Name, graph);
        if (bits.Length > 1)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' has {bits.Length} layers of boolean latents ({string.Join(" → ", graph.Latents.Select(l => $"{l.Name} ({l.Dimension} bits)"))} → x); " +
                "the score-function backend trains a net of one layer, whose encoder q(h | x) it builds; fit a net of several layers with at most " +
                $"{LatentModels.BooleanLatentModel.MaxExactBits} bits in all by Inference.Em()");
        GraphRefusal.NoStatedPriors(Name, graph, "its fit is maximum likelihood (of the bound) over the net's parameters");
        return new ScoreFunctionCompiledModel(model, Options, bits[0]);
    }
}
