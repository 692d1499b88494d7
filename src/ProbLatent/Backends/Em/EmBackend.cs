using ProbLatent.Modeling;

namespace ProbLatent.Backends.Em;

/// <summary>Expectation–maximisation: compiles Gaussian and Bernoulli mixtures, PPCA and factor analysis.</summary>
public sealed class EmBackend(EmOptions options) : IBackend
{
    public EmOptions Options { get; } = options;
    public string Name => "em";

    public CompiledModel Compile(Model model)
    {
        Options.Validate();
        var graph = model.Validate();
        var family = GraphRefusal.ClassicFamily(Name, graph);
        GraphRefusal.NoStatedPriors(Name, graph, "its fit is maximum likelihood");
        var prior = model.SingleLatent.Prior;
        var likelihood = model.DecoderSpec!.Likelihood;
        EmAlgorithm algorithm = family switch
        {
            ModelFamily.GaussianMixture => new GaussianMixtureEm(
                ((CategoricalPrior)prior).Components, ((GaussianLikelihood)likelihood).Covariance, Options.Regularization),
            ModelFamily.BernoulliMixture when Options.Regularization > 0 => new BernoulliMixtureEm(
                ((CategoricalPrior)prior).Components, Options.Regularization),
            ModelFamily.BernoulliMixture => throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': a Bernoulli mixture needs regularization > 0, or a pixel that is always 0 in a component gets probability exactly 0"),
            ModelFamily.ProbabilisticPca or ModelFamily.FactorAnalysis => LinearGaussian(model, family),
            ModelFamily.VariationalAutoencoder => throw NeuralDecoderRefusal.For(Name, model),
            ModelFamily.BooleanLatent => throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': the sigmoid decoder of boolean latents has no closed-form M step; evaluate given parameters with Inference.Exact(parameters)"),
            _ => throw new BackendNotSupportedException(Name, $"model '{model.Name}': family {family} is not supported"),
        };
        return new EmCompiledModel(model, algorithm, Options);
    }

    LinearGaussianEm LinearGaussian(Model model, ModelFamily family)
    {
        int q = model.SingleLatent.Prior.Dimension;
        int d = model.Observed!.Dimension;
        if (q >= d)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': latent '{model.SingleLatent.Name}' has dimension {q}, which must be less than the data dimension {d}");
        return new LinearGaussianEm(q, family == ModelFamily.ProbabilisticPca, Options.Regularization);
    }
}
