using ProbLatent.Backends.Vmp.Models;
using ProbLatent.Modeling;

namespace ProbLatent.Backends.Vmp;

/// <summary>
/// Variational message passing (Winn and Bishop 2005, in the manner of Infer.NET): compiles a model into a factor
/// graph of conjugate-exponential variables with priors on every parameter, and fits the factorised posterior
/// over latents and parameters that maximises the ELBO.
/// </summary>
public sealed class VmpBackend(VmpOptions options) : IBackend
{
    public VmpOptions Options { get; } = options;
    public string Name => "vmp";

    public CompiledModel Compile(Model model)
    {
        Options.Validate();
        var graph = model.Validate();
        if (BeliefNetGraph.Applies(graph))
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': the factor {BeliefNetGraph.SigmoidPart(graph)} is not conjugate to the bits' Bernoulli prior, so VMP has no closed-form message for it; " +
                $"fit it with Inference.Em() (exact enumeration of up to {LatentModels.BooleanLatentModel.MaxExactBits} bits), or evaluate given parameters with Inference.Exact(parameters)");
        var family = GraphRefusal.ClassicFamily(Name, graph);
        GraphRefusal.NoStatedPriors(Name, graph, "give the priors through Inference.Vmp(priors: new VmpPriors { ... })");
        if (family == ModelFamily.VariationalAutoencoder) throw NeuralDecoderRefusal.For(Name, model);
        int d = model.Observed!.Dimension;
        var priors = Options.ResolvedPriors;
        priors.Validate(d);
        var prior = graph.Latents[0].Prior;
        var likelihood = model.DecoderSpec!.Likelihood;
        Func<Data.DataMatrix, Random, VmpModel> build = (family, likelihood) switch
        {
            (ModelFamily.GaussianMixture, GaussianLikelihood { Covariance: Covariance.Full }) =>
                (data, random) => GaussianMixtureVmp.Build(data, ((CategoricalPrior)prior).Components, priors, random),
            (ModelFamily.GaussianMixture, GaussianLikelihood { Covariance: Covariance.Diagonal }) =>
                (data, random) => DiagonalGaussianMixtureVmp.Build(data, ((CategoricalPrior)prior).Components, priors, random),
            (ModelFamily.BernoulliMixture, BernoulliLikelihood) =>
                (data, random) => BernoulliMixtureVmp.Build(data, ((CategoricalPrior)prior).Components, priors, random),
            (ModelFamily.ProbabilisticPca or ModelFamily.FactorAnalysis, _) => LinearGaussian(model, family, d, priors),
            _ => throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' ({family}, {model.DecoderSpec}) has no conjugate-exponential factor graph; fit it with Inference.Em()"),
        };
        return new VmpCompiledModel(model, build, Options);
    }

    /// <summary>Bayesian PCA with ARD (isotropic noise) or Bayesian factor analysis (diagonal noise).</summary>
    Func<Data.DataMatrix, Random, VmpModel> LinearGaussian(Model model, ModelFamily family, int d, VmpPriors priors)
    {
        int q = model.SingleLatent.Prior.Dimension;
        if (q >= d)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': latent '{model.SingleLatent.Name}' has dimension {q}, which must be less than the data dimension {d}");
        bool isotropic = family == ModelFamily.ProbabilisticPca;
        return (data, random) => LinearGaussianVmp.Build(data, q, isotropic, priors, random);
    }
}
