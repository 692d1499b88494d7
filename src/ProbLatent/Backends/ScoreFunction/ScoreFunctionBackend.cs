using ProbLatent.Modeling;

namespace ProbLatent.Backends.ScoreFunction;

/// <summary>
/// Score-function gradients for a sigmoid belief net too large to enumerate: the net and an amortized factorised
/// Bernoulli encoder q(h | x) trained together by minibatch Adam on VIMCO's multi-sample bound (Mnih and Rezende 2016) or
/// NVIL's ELBO (Mnih and Gregor 2014), in float32. Compiles a net of one or more layers of boolean latents, each given
/// the one declared before it, <c>.Latent("h2", Prior.Bernoulli(n2)).Latent("h1", Prior.Bernoulli(n1).Given("h2",
/// Decoder.Linear(Likelihood.Bernoulli())))</c> and the data from the last by <c>Decoder.Linear(Likelihood.Bernoulli())</c>,
/// of any number of bits; its encoder q(h₁ | x) q(h₂ | h₁) … has one factor per layer, with the tanh hidden layers of
/// the model's <c>Guide(Encoder.Mlp(…))</c> before each factor's logits (linear logits without a guide). Refuses every other model.
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
        GraphRefusal.NoStatedPriors(Name, graph, "its fit is maximum likelihood (of the bound) over the net's parameters");
        return new ScoreFunctionCompiledModel(model, Options, bits, EncoderHidden(model));
    }

    /// <summary>The tanh hidden widths of each encoder factor the model's guide asks for: none without a guide (the model refuses a point-mass guide on boolean latents).</summary>
    int[] EncoderHidden(Model model)
    {
        if (model.GuideSpec is not { } guide) return [];
        if (guide.Hidden.Count > 0 && guide.Activation != Activation.Tanh)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': its guide {guide} has {guide.Activation} hidden layers; a belief net's encoder factors have tanh hidden layers (Encoder.Mlp(…) as it comes)");
        return [.. guide.Hidden];
    }
}
