using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Exact;

/// <summary>
/// Exact inference: log p(x) and p(z | x) by log-sum-exp over mixture components, in closed form for linear-Gaussian
/// models, by enumerating the 2ⁿ states of boolean latents. Without parameters it fits only where maximum
/// likelihood has a closed form (probabilistic PCA); with parameters it evaluates them and learns nothing.
/// </summary>
public sealed class ExactBackend(ILatentModel? parameters) : IBackend
{
    public ILatentModel? Parameters { get; } = parameters;
    public string Name => "exact";

    public CompiledModel Compile(Model model)
    {
        var graph = model.Validate();
        if (BoltzmannShape.Of(graph) is not null) return Boltzmann(model, graph);
        if (BeliefNetGraph.Applies(graph))
        {
            UndirectedRefusal.Check(Name, graph);   // a deep belief net's top pair
            return BeliefNet(model, graph);
        }
        var linear = LinearGaussianShape.Of(graph);
        bool evaluates = linear is not null || ComponentMixtureShape.Of(graph) is not null || FactorMixtureShape.Of(graph) is not null ||
            CommonFactorMixtureShape.Of(graph) is not null;
        if (!evaluates && LatentMapShape.Of(graph) is { IsNeural: true }) throw NeuralDecoderRefusal.For(Name, model);
        if (!evaluates) throw GraphRefusal.Composition(Name, graph);
        // Given parameters are evaluated as they are: a prior on them changes nothing in log p(x | θ) or p(z | x, θ).
        if (Parameters is not null)
        {
            CheckParametersSuit(model, graph, Parameters);
            return new ExactCompiledModel(model, Parameters);
        }
        GraphRefusal.NoStatedPriors(Name, graph, "its closed-form fit is maximum likelihood");
        // Only PPCA's maximum likelihood has a closed form (Tipping and Bishop 1999: the principal subspace of the sample covariance).
        if (linear is { Isotropic: true })
            return linear.LatentDimension < model.Observed!.Dimension
                ? new ExactCompiledModel(model, null)
                : throw new BackendNotSupportedException(Name,
                    $"model '{model.Name}': latent dimension {linear.LatentDimension} must be less than the data dimension {model.Observed.Dimension}");
        throw new BackendNotSupportedException(Name,
            $"model '{model.Name}' ({graph.ClassicFamily}) has no closed-form maximum-likelihood fit; fit it with Inference.Em() " +
            "(whose result reports the exact log-likelihood), or pass parameters to Inference.Exact(parameters) to evaluate them");
    }

    /// <summary>
    /// Evaluates given RBM parameters of the model's sizes: log p(v) by enumerating the smaller layer, refused beyond
    /// <see cref="RestrictedBoltzmannMachine.MaxExactUnits"/> units (AIS estimates it there); learning them is the contrastive backend's.
    /// </summary>
    ExactCompiledModel Boltzmann(Model model, ModelGraph graph)
    {
        if (Parameters is null)
            UndirectedRefusal.Check(Name, graph, ", or pass its parameters to Inference.Exact(parameters) to evaluate them");
        if (Parameters is not RestrictedBoltzmannMachine rbm)
            throw new BackendNotSupportedException(Name, $"model '{model.Name}' is a restricted Boltzmann machine but the parameters given are of a {Parameters!.Family}");
        int hidden = graph.Latents[0].Dimension, visible = model.Observed!.Dimension;
        if (rbm.Hidden != hidden || rbm.Visible != visible)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' has {visible} visible and {hidden} hidden units but the parameters given have {rbm.Visible} and {rbm.Hidden}");
        if (!rbm.HasExactPartition)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': its smaller layer has {Math.Min(visible, hidden)} units, and exact log Z enumerates 2^{Math.Min(visible, hidden)} states, beyond the " +
                $"limit of {RestrictedBoltzmannMachine.MaxExactUnits} units; estimate log Z by annealed importance sampling, rbm.EstimateLogPartition(new AisOptions(), data)");
        return new ExactCompiledModel(model, rbm);
    }

    /// <summary>Evaluates given belief net parameters whose layers are the graph's; learning them is EM's (a closed form has none).</summary>
    ExactCompiledModel BeliefNet(Model model, ModelGraph graph)
    {
        var bits = BeliefNetGraph.Layers(Name, graph);
        if (Parameters is null)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}', a sigmoid belief net, has no closed-form maximum-likelihood fit; fit it with Inference.Em() " +
                "(exact enumeration in its E step, whose result reports the exact log-likelihood), or pass parameters to Inference.Exact(parameters) to evaluate them");
        if (Parameters is not BooleanLatentModel net)
            throw new BackendNotSupportedException(Name, $"model '{model.Name}' is a sigmoid belief net but the parameters given are of a {Parameters.Family}");
        if (!net.LayerBits.SequenceEqual(bits))
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' has latent layers of {string.Join(", ", bits)} bits but the parameters given have {string.Join(", ", net.LayerBits)}");
        if (net.DataDimension != model.Observed!.Dimension)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' observes dimension {model.Observed.Dimension} but the parameters given have data dimension {net.DataDimension}");
        return new ExactCompiledModel(model, net);
    }

    void CheckParametersSuit(Model model, ModelGraph graph, ILatentModel parameters)
    {
        if (!Evaluates(graph, parameters))
            throw new BackendNotSupportedException(Name, $"model '{model.Name}' is a {graph.ClassicFamily} but the parameters given are of a {parameters.Family}");
        if (parameters.DataDimension != model.Observed!.Dimension)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' observes dimension {model.Observed.Dimension} but the parameters given have data dimension {parameters.DataDimension}");
        // A categorical latent's size is its number of states, a vector's its length, in the order the latents are declared.
        var latent = graph.Latents.Select(l => l.States ?? l.Dimension).ToArray();
        int[] given = parameters switch
        {
            GaussianMixture g => [g.Components],
            BernoulliMixture b => [b.Components],
            CategoricalMixture c => [c.Components],
            LinearGaussianModel l => [l.LatentDimension],
            MixtureOfFactorAnalysers m => [m.Components, m.LatentDimension],
            MixtureOfCommonFactorAnalysers m => [m.Components, m.LatentDimension],
            HiddenMarkovModel h => [h.States],
            _ => latent,
        };
        if (!given.SequenceEqual(latent))
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' has latent size{(latent.Length == 1 ? "" : "s")} {string.Join(" × ", latent)} but the parameters given have {string.Join(" × ", given)}");
        if (CommonFactorMixtureShape.Of(graph) is { } shape && parameters is MixtureOfCommonFactorAnalysers common)
            CheckForms(model, shape, common);
        if (parameters is HiddenMarkovModel chain) CheckEmissions(model, chain);
    }

    /// <summary>Whether the parameters are of the shape of the graph: the kind of latent model its parts make.</summary>
    static bool Evaluates(ModelGraph graph, ILatentModel parameters) => parameters switch
    {
        GaussianMixture => ComponentMixtureShape.Of(graph) is { IsChain: false, Component: GaussianLikelihood },
        BernoulliMixture => ComponentMixtureShape.Of(graph) is { IsChain: false, Component: BernoulliLikelihood },
        CategoricalMixture c => ComponentMixtureShape.Of(graph) is { IsChain: false, Component: CategoricalLikelihood l } && l.Symbols == c.SymbolCount,
        HiddenMarkovModel => ComponentMixtureShape.Of(graph) is { IsChain: true },
        LinearGaussianModel l => LinearGaussianShape.Of(graph)?.Isotropic == l.IsIsotropic,
        MixtureOfFactorAnalysers m => FactorMixtureShape.Of(graph)?.Isotropic == m.IsIsotropic,
        MixtureOfCommonFactorAnalysers => CommonFactorMixtureShape.Of(graph) is not null,
        _ => false,
    };

    /// <summary>A hidden Markov model's emissions must be of the likelihood the model declares (and its covariance form).</summary>
    void CheckEmissions(Model model, HiddenMarkovModel parameters)
    {
        bool suits = (model.DecoderSpec!.Likelihood, parameters.Emissions) switch
        {
            (GaussianLikelihood g, GaussianMixture m) => g.Covariance == m.CovarianceKind,
            (BernoulliLikelihood, BernoulliMixture) => true,
            (CategoricalLikelihood c, CategoricalMixture m) => c.Symbols == m.SymbolCount,
            _ => false,
        };
        if (!suits)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' declares {model.DecoderSpec.Likelihood} emissions, but the parameters given have {Describe(parameters.Emissions)} ones");
    }

    static string Describe(LatentModels.DiscreteLatentModel emissions) => emissions switch
    {
        GaussianMixture g => $"Gaussian({g.CovarianceKind})",
        CategoricalMixture c => $"Categorical({c.SymbolCount} symbols)",
        _ => "Bernoulli",
    };

    /// <summary>One family covers both forms of Ω_c and of Ψ, so the forms the parameters have must be those the model declares.</summary>
    void CheckForms(Model model, CommonFactorMixtureShape shape, MixtureOfCommonFactorAnalysers parameters)
    {
        string Noise(bool isotropic) => isotropic ? "isotropic" : "diagonal";
        if (parameters.LatentCovarianceKind != shape.LatentCovariance)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' declares {shape.LatentCovariance} covariances for '{shape.Factors.Name}' given '{shape.Selector.Name}', " +
                $"but the parameters given have {parameters.LatentCovarianceKind} ones");
        if (parameters.IsIsotropic != shape.Isotropic)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' declares {Noise(shape.Isotropic)} noise for '{model.Observed!.Name}', but the parameters given have {Noise(parameters.IsIsotropic)} noise");
    }
}
