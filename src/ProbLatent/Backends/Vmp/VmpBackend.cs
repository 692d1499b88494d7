using ProbLatent.Backends.Vmp.Models;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

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
        if (family == ModelFamily.VariationalAutoencoder) throw NeuralDecoderRefusal.For(Name, model);
        int d = model.Observed!.Dimension;
        var priors = StatedVmpPriors.Resolve(graph, Options.Priors, d);
        priors.Validate(d);
        var prior = graph.Latents[0].Prior;
        var likelihood = model.DecoderSpec!.Likelihood;
        int k = prior is CategoricalPrior categorical ? categorical.Components : 0;
        if (Options.StartFrom is not null) CheckStart(model, family, k, d);
        double[] Start(Data.DataMatrix data, Random random, bool gaussian) => MixtureStart.Responsibilities(data, k, Options, random, gaussian);
        Func<Data.DataMatrix, Random, VmpModel> build = (family, likelihood) switch
        {
            (ModelFamily.GaussianMixture, GaussianLikelihood { Covariance: Covariance.Full }) =>
                (data, random) => GaussianMixtureVmp.Build(data, k, priors, Start(data, random, gaussian: true)),
            (ModelFamily.GaussianMixture, GaussianLikelihood { Covariance: Covariance.Diagonal }) =>
                (data, random) => DiagonalGaussianMixtureVmp.Build(data, k, priors, Start(data, random, gaussian: true)),
            (ModelFamily.BernoulliMixture, BernoulliLikelihood) =>
                (data, random) => BernoulliMixtureVmp.Build(data, k, priors, Start(data, random, gaussian: false)),
            (ModelFamily.ProbabilisticPca or ModelFamily.FactorAnalysis, _) => LinearGaussian(model, family, d, priors),
            (ModelFamily.MixtureOfFactorAnalysers or ModelFamily.MixtureOfProbabilisticPca, _) => FactorMixture(model, FactorMixtureShape.Of(graph)!, d, priors),
            _ => throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' ({family}, {model.DecoderSpec}) has no conjugate-exponential factor graph; fit it with Inference.Em()"),
        };
        return new VmpCompiledModel(model, build, Options);
    }

    /// <summary>A given start must be a mixture of the model's size, whose posterior over components can start q(z).</summary>
    void CheckStart(Model model, ModelFamily family, int components, int dimension)
    {
        if (family is ModelFamily.MixtureOfFactorAnalysers or ModelFamily.MixtureOfProbabilisticPca)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': a start from a fitted model (StartFrom) applies to Gaussian and Bernoulli mixtures, whose q(z) it sets; {family} starts from k-means++ responsibilities (VmpOptions.Start) and random loadings");
        if (family is not (ModelFamily.GaussianMixture or ModelFamily.BernoulliMixture))
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': a start from a fitted model (StartFrom) applies to mixtures, whose q(z) it sets; {family} starts from random loadings");
        var given = Options.StartFrom;
        if (given is not DiscreteLatentModel { Family: ModelFamily.GaussianMixture or ModelFamily.BernoulliMixture } mixture)
            throw new BackendNotSupportedException(Name, $"model '{model.Name}': the start (StartFrom) is a {given!.Family}, not a fitted mixture");
        if (mixture.StateCount != components || mixture.DataDimension != dimension)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' has {components} components over {dimension} dimensions, but its start (StartFrom) has {mixture.StateCount} over {mixture.DataDimension}");
    }

    /// <summary>The Bayesian mixture of factor analysers (diagonal noise) or of PPCA (isotropic), with ARD in each component.</summary>
    Func<Data.DataMatrix, Random, VmpModel> FactorMixture(Model model, FactorMixtureShape shape, int d, VmpPriors priors)
    {
        int k = shape.Components, q = shape.LatentDimension;
        if (q >= d)
            throw new BackendNotSupportedException(Name,
                $"model '{model.Name}': latent '{shape.Input.Name}' has dimension {q}, which must be less than the data dimension {d}");
        return (data, random) => FactorMixtureVmp.Build(data, k, q, shape.Isotropic, priors,
            MixtureStart.Responsibilities(data, k, Options, random, inColumnUnits: true), random);
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
