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
        var family = model.Validate();
        int d = model.Observed!.Dimension;
        var priors = Options.ResolvedPriors;
        priors.Validate(d);
        var prior = model.SingleLatent.Prior;
        var likelihood = model.DecoderSpec!.Likelihood;
        Func<Data.DataMatrix, Random, VmpModel> build = (family, likelihood) switch
        {
            (ModelFamily.GaussianMixture, GaussianLikelihood { Covariance: Covariance.Full }) =>
                (data, random) => GaussianMixtureVmp.Build(data, ((CategoricalPrior)prior).Components, priors, random),
            (ModelFamily.GaussianMixture, GaussianLikelihood { Covariance: Covariance.Diagonal }) =>
                (data, random) => DiagonalGaussianMixtureVmp.Build(data, ((CategoricalPrior)prior).Components, priors, random),
            (ModelFamily.BernoulliMixture, BernoulliLikelihood) =>
                (data, random) => BernoulliMixtureVmp.Build(data, ((CategoricalPrior)prior).Components, priors, random),
            _ => throw new BackendNotSupportedException(Name,
                $"model '{model.Name}' ({family}, {model.DecoderSpec}) has no conjugate-exponential factor graph here yet; fit it with Inference.Em()"),
        };
        return new VmpCompiledModel(model, build, Options);
    }
}
