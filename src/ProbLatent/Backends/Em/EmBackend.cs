using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Em;

/// <summary>Expectation–maximisation: compiles Gaussian, Bernoulli and categorical mixtures, PPCA and factor analysis, mixtures of them (of factor analysers, of PPCA), the mixture of common factor analysers, and sigmoid belief nets.</summary>
public sealed class EmBackend(EmOptions options) : IBackend
{
    public EmOptions Options { get; } = options;
    public string Name => "em";

    public CompiledModel Compile(Model model)
    {
        Options.Validate();
        var graph = model.Validate();
        UndirectedRefusal.Check(Name, graph);
        if (BeliefNetGraph.Applies(graph)) return BeliefNet(model, NotAccelerated(OwnStart(graph, "a sigmoid belief net"), "a sigmoid belief net"));
        var components = ComponentMixtureShape.Of(graph);
        if (components is { IsChain: true }) return HiddenMarkov(model, NotAccelerated(graph, "a hidden Markov model"), components);
        if (FactorMixtureShape.Of(graph) is { } mixture)
        {
            EmStatedPriors.For(OwnStart(graph, "a mixture of factor analysers or of PPCA"), mixture: false);
            return new EmCompiledModel(model, FactorMixture(model, mixture), Options);
        }
        if (CommonFactorMixtureShape.Of(graph) is { } common)
        {
            EmStatedPriors.For(NotAccelerated(OwnStart(graph, "a mixture of common factor analysers"), "a mixture of common factor analysers"), mixture: false);
            return new EmCompiledModel(model, CommonFactorMixture(model, common), Options);
        }
        if (components is not null)
            return new EmCompiledModel(model, Mixture(model, components, EmStatedPriors.For(NotAccelerated(graph, "a Gaussian, Bernoulli or categorical mixture"), mixture: true)),
                Options);
        if (LinearGaussianShape.Of(graph) is { } linear)
        {
            EmStatedPriors.For(OwnStart(graph, "PPCA or factor analysis"), mixture: false);
            return new EmCompiledModel(model, LinearGaussian(model, linear), Options);
        }
        if (LatentMapShape.Of(graph) is { IsNeural: true })
        {
            EmStatedPriors.For(graph, mixture: false);
            throw NeuralDecoderRefusal.For(Name, model);
        }
        throw GraphRefusal.Composition(Name, graph);
    }

    /// <summary>Refuses <see cref="EmOptions.Accelerate"/> for a model whose EM takes no SQUAREM steps, rather than ignore it.</summary>
    ModelGraph NotAccelerated(ModelGraph graph, string what) => !Options.Accelerate ? graph : throw new BackendNotSupportedException(Name,
        $"model '{graph.Name}': Accelerate (SQUAREM steps) applies to PPCA, factor analysis and the mixtures of factor analysers and of PPCA, not {what}; " +
        "leave it off, and EM converges as it is");

    /// <summary>Refuses <see cref="EmOptions.Start"/> other than k-means++ for a model whose EM starts its own way, rather than ignore it.</summary>
    ModelGraph OwnStart(ModelGraph graph, string what) => Options.Start == EmStart.KMeansPlusPlus ? graph : throw new BackendNotSupportedException(Name,
        $"model '{graph.Name}': the start {Options.Start} applies to Gaussian, Bernoulli and categorical mixtures and hidden Markov models, not {what}, " +
        "whose EM has one start of its own; leave Start at KMeansPlusPlus");

    /// <summary>The EM of a mixture's components: a Gaussian (full or diagonal), a Bernoulli or a categorical, with the stated priors.</summary>
    MixtureEm Mixture(Model model, ComponentMixtureShape shape, MixturePriors priors) => shape.Component switch
    {
        GaussianLikelihood g => new GaussianMixtureEm(shape.Components, g.Covariance, Options.Regularization, priors)
        {
            Start = Options.Start, Words = shape.IsChain ? CollapseWords.Chain : CollapseWords.Mixture,
        },
        BernoulliLikelihood when Options.Regularization > 0 || priors.Beta is { A: > 1, B: > 1 } =>
            new BernoulliMixtureEm(shape.Components, Options.Regularization, priors) { Start = Options.Start },
        CategoricalLikelihood c when Options.Regularization > 0 || priors.Symbols is { } alpha && alpha.All(a => a > 1) =>
            new CategoricalMixtureEm(shape.Components, c.Symbols, Options.Regularization, priors) { Start = Options.Start },
        CategoricalLikelihood => throw new BackendNotSupportedException(Name,
            $"model '{model.Name}': {Unregularized(shape, "categorical")} needs regularization > 0 (or a stated Dirichlet on its symbol probabilities with every " +
            "concentration above 1), or a symbol a component never emits gets probability exactly 0"),
        _ => throw new BackendNotSupportedException(Name,
            $"model '{model.Name}': {Unregularized(shape, "Bernoulli")} needs regularization > 0 (or a stated Beta prior on its probabilities with a and b above 1), " +
            "or a pixel that is always 0 in a component gets probability exactly 0"),
    };

    /// <summary>What a refusal of an unregularised fit names: the mixture, or the hidden Markov model whose emissions the components are.</summary>
    static string Unregularized(ComponentMixtureShape shape, string kind) => shape.IsChain ? $"a hidden Markov model with {kind} emissions" : $"a {kind} mixture";

    /// <summary>A Markov chain selecting a per-component emission: Baum–Welch, whose emission step is the mixture's M step.</summary>
    ChainEmCompiledModel HiddenMarkov(Model model, ModelGraph graph, ComponentMixtureShape chain)
    {
        var (initial, transitions) = EmStatedPriors.ForChain(graph);
        var emissions = Mixture(model, chain, EmStatedPriors.For(graph, mixture: true));
        return new ChainEmCompiledModel(model, new HiddenMarkovEm(emissions, initial, transitions), Options);
    }

    /// <summary>A categorical latent selecting a linear-Gaussian decoder over a Gaussian latent: the joint [Wₖ μₖ] M step.</summary>
    FactorAnalyserMixtureEm FactorMixture(Model model, FactorMixtureShape mixture)
    {
        int d = model.Observed!.Dimension;
        if (mixture.LatentDimension >= d)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': latent '{mixture.Input.Name}' has dimension {mixture.LatentDimension}, which must be less than the data dimension {d}");
        return new FactorAnalyserMixtureEm(mixture.Components, mixture.LatentDimension, mixture.Isotropic, Options.Regularization, accelerated: Options.Accelerate);
    }

    /// <summary>A categorical latent selecting the Gaussian of z, which one linear-Gaussian decoder reads: each part's M step in turn.</summary>
    CommonFactorMixtureEm CommonFactorMixture(Model model, CommonFactorMixtureShape shape)
    {
        int d = model.Observed!.Dimension;
        if (shape.LatentDimension >= d)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': latent '{shape.Factors.Name}' has dimension {shape.LatentDimension}, which must be less than the data dimension {d}");
        return new CommonFactorMixtureEm(shape.Components, shape.LatentDimension, shape.LatentCovariance, shape.Isotropic, Options.Regularization);
    }

    /// <summary>A sigmoid belief net: the exact E step by enumeration, a Newton step per sigmoid unit in the M step.</summary>
    EmCompiledModel BeliefNet(Model model, ModelGraph graph)
    {
        var bits = BeliefNetGraph.Layers(Name, graph);
        GraphRefusal.NoStatedPriors(Name, graph,
            "its belief net fit is MAP under the fixed priors that regularization λ sets (Beta(1 + λ, 1 + λ) on the top layer's probabilities, N(0, 1/λ) on every weight and bias)");
        if (Options.Regularization == 0)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': a sigmoid belief net needs regularization > 0, or on separable data (a pixel always off, a bit that predicts another exactly) its weights grow without bound");
        return new EmCompiledModel(model, new BeliefNetEm(bits, Options.Regularization), Options);
    }

    LinearGaussianEm LinearGaussian(Model model, LinearGaussianShape shape)
    {
        int q = shape.LatentDimension;
        int d = model.Observed!.Dimension;
        if (q >= d)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': latent '{shape.Input.Name}' has dimension {q}, which must be less than the data dimension {d}");
        return new LinearGaussianEm(q, shape.Isotropic, Options.Regularization, accelerated: Options.Accelerate);
    }
}
