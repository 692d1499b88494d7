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
        var family = GraphRefusal.ClassicFamily(Name, graph);
        if (family == ModelFamily.VariationalAutoencoder) throw NeuralDecoderRefusal.For(Name, model);
        // Given parameters are evaluated as they are: a prior on them changes nothing in log p(x | θ) or p(z | x, θ).
        if (Parameters is not null)
        {
            CheckParametersSuit(model, graph, family, Parameters);
            return new ExactCompiledModel(model, Parameters);
        }
        GraphRefusal.NoStatedPriors(Name, graph, "its closed-form fit is maximum likelihood");
        return family switch
        {
            ModelFamily.ProbabilisticPca when model.SingleLatent.Prior.Dimension < model.Observed!.Dimension => new ExactCompiledModel(model, null),
            ModelFamily.ProbabilisticPca => throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': latent dimension {model.SingleLatent.Prior.Dimension} must be less than the data dimension {model.Observed!.Dimension}"),
            // No backend fits boolean latents (EM has no closed-form M step for them): pointing to EM would send the user round in a circle.
            ModelFamily.BooleanLatent => throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' ({family}) has no closed-form maximum-likelihood fit, and no backend learns boolean latents; " +
                "pass parameters to Inference.Exact(parameters) to evaluate them"),
            _ => throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' ({family}) has no closed-form maximum-likelihood fit; fit it with Inference.Em() " +
                "(whose result reports the exact log-likelihood), or pass parameters to Inference.Exact(parameters) to evaluate them"),
        };
    }

    void CheckParametersSuit(Model model, ModelGraph graph, ModelFamily family, ILatentModel parameters)
    {
        if (parameters.Family != family)
            throw new BackendNotSupportedException(Name, $"model '{model.Name}' is a {family} but the parameters given are of a {parameters.Family}");
        if (parameters.DataDimension != model.Observed!.Dimension)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' observes dimension {model.Observed.Dimension} but the parameters given have data dimension {parameters.DataDimension}");
        // A categorical latent's size is its number of states, a vector's its length, in the order the latents are declared.
        var latent = graph.Latents.Select(l => l.States ?? l.Dimension).ToArray();
        int[] given = parameters switch
        {
            GaussianMixture g => [g.Components],
            BernoulliMixture b => [b.Components],
            LinearGaussianModel l => [l.LatentDimension],
            BooleanLatentModel s => [s.Bits],
            MixtureOfFactorAnalysers m => [m.Components, m.LatentDimension],
            _ => latent,
        };
        if (!given.SequenceEqual(latent))
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' has latent size{(latent.Length == 1 ? "" : "s")} {string.Join(" × ", latent)} but the parameters given have {string.Join(" × ", given)}");
    }
}
