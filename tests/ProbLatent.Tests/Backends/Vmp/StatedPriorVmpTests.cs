using ProbLatent.Backends;
using ProbLatent.Backends.Vmp;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Vmp;

/// <summary>A prior stated in the model is VMP's prior: the same fit, to the bit, as the same prior given through VmpOptions.Priors.</summary>
public class StatedPriorVmpTests
{
    static Model Mixture(Likelihood likelihood, int dimension) => Model.Define("mixture")
        .Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(likelihood)).Observe("x", dimension);

    static Model Linear(Covariance covariance) => Model.Define("linear")
        .Latent("z", Prior.StandardNormal(2)).Decoder(Decoder.Linear(Likelihood.Gaussian(covariance))).Observe("x", 4);

    static FitResult Fit(Model model, VmpPriors? priors, DataMatrix data) =>
        model.Compile(Inference.Vmp(restarts: 2, seed: 3, maxIterations: 60, priors: priors)).Fit(data);

    /// <summary>The ELBO, the trace and every number of the posterior distributions, compared as doubles, so equal means equal to the bit.</summary>
    static void AssertSameFit(FitResult expected, FitResult actual)
    {
        Assert.Equal(expected.Elbo!.Value, actual.Elbo!.Value);
        Assert.Equal(expected.Trace, actual.Trace);
        var numbers = Numbers(expected.ParameterPosterior!);
        Assert.True(numbers.Count > 10, $"the posterior gave only {numbers.Count} numbers");
        Assert.Equal(numbers, Numbers(actual.ParameterPosterior!));
    }

    /// <summary>Every double reachable through the public properties of the library's types, in order.</summary>
    static List<double> Numbers(object value, List<double>? into = null, int depth = 0)
    {
        into ??= [];
        switch (value)
        {
            case double x: into.Add(x); break;
            case System.Collections.IEnumerable items and not string:
                foreach (var item in items) Numbers(item, into, depth + 1);
                break;
            default:
                if (depth > 6 || value.GetType().Namespace?.StartsWith("ProbLatent") != true) break;
                foreach (var property in value.GetType().GetProperties().Where(p => !p.PropertyType.IsByRefLike && p.GetIndexParameters().Length == 0)
                    .OrderBy(p => p.Name))
                    if (property.GetValue(value) is { } v) Numbers(v, into, depth + 1);
                break;
        }
        return into;
    }

    static DataMatrix Bits()
    {
        var random = new Random(5);
        return DataMatrix.FromRows(Enumerable.Range(0, 60).Select(n => Enumerable.Range(0, 6)
            .Select(j => random.NextDouble() < (n % 2 == 0 ? 0.8 : 0.2) * (j < 3 ? 1 : 0.5) ? 1.0 : 0.0).ToArray()).ToArray());
    }

    static DataMatrix IrisColumns() => Examples.Iris();

    [Fact]
    public void A_full_gaussian_mixture_with_stated_priors_fits_as_with_the_same_options()
    {
        var model = Mixture(Likelihood.Gaussian(Covariance.Full), 2);
        var stated = model.Prior("weights", ParameterPrior.Dirichlet(2)).Prior("means", ParameterPrior.Gaussian([3.0, 70.0], 0.05))
            .Prior("precisions", ParameterPrior.Wishart(shape: 100, scale: 0.01));
        var options = new VmpPriors { WeightConcentration = 2, MeanPrecision = 0.05, MeanMean = [3.0, 70.0], WishartShape = 100, WishartScale = 0.01 };
        var expected = Fit(model, options, Examples.OldFaithful());
        AssertSameFit(expected, Fit(stated, null, Examples.OldFaithful()));
        // A stated prior moves the fit: without one the defaults give another.
        Assert.NotEqual(expected.Trace, Fit(model, null, Examples.OldFaithful()).Trace);
    }

    [Fact]
    public void A_wishart_left_unset_is_its_documented_shape_d_and_scale_one_over_shape()
    {
        var model = Mixture(Likelihood.Gaussian(Covariance.Full), 2);
        AssertSameFit(Fit(model, new VmpPriors { WishartShape = 2, WishartScale = 0.5 }, Examples.OldFaithful()),
            Fit(model.Prior("precisions", ParameterPrior.Wishart()), null, Examples.OldFaithful()));
    }

    [Fact]
    public void A_diagonal_gaussian_mixture_with_stated_priors_fits_as_with_the_same_options()
    {
        var model = Mixture(Likelihood.Gaussian(Covariance.Diagonal), 4);
        var stated = model.Prior("weights", ParameterPrior.Dirichlet(0.5)).Prior("means", ParameterPrior.Gaussian(0.1, mean: 3))
            .Prior("precisions", ParameterPrior.Gamma(2, 0.5));
        var options = new VmpPriors { WeightConcentration = 0.5, MeanPrecision = 0.1, MeanMean = [3.0, 3, 3, 3], GammaShape = 2, GammaRate = 0.5 };
        AssertSameFit(Fit(model, options, IrisColumns()), Fit(stated, null, IrisColumns()));
    }

    [Fact]
    public void A_bernoulli_mixture_with_stated_priors_fits_as_with_the_same_options()
    {
        var model = Mixture(Likelihood.Bernoulli(), 6);
        var stated = model.Prior("weights", ParameterPrior.Dirichlet(3)).Prior("probabilities", ParameterPrior.Beta(2, 0.7));
        var expected = Fit(model, new VmpPriors { WeightConcentration = 3, BetaA = 2, BetaB = 0.7 }, Bits());
        AssertSameFit(expected, Fit(stated, null, Bits()));
        Assert.NotEqual(expected.Trace, Fit(model, null, Bits()).Trace);
    }

    [Fact]
    public void An_asymmetric_dirichlet_is_used_component_by_component()
    {
        var model = Mixture(Likelihood.Bernoulli(), 6);
        var symmetric = Fit(model.Prior("weights", ParameterPrior.Dirichlet(3, 3)), null, Bits());
        AssertSameFit(Fit(model, new VmpPriors { WeightConcentration = 3 }, Bits()), symmetric);
        var asymmetric = Fit(model.Prior("weights", ParameterPrior.Dirichlet(30, 1)), null, Bits());
        var posterior = Assert.IsType<BernoulliMixturePosterior>(asymmetric.ParameterPosterior);
        Assert.Equal(60 + 31, posterior.Weights.Concentration.Sum(), 1e-9);
    }

    [Theory]
    [InlineData(Covariance.Isotropic)]
    [InlineData(Covariance.Diagonal)]
    public void Bayesian_pca_and_factor_analysis_with_stated_priors_fit_as_with_the_same_options(Covariance covariance)
    {
        var model = Linear(covariance);
        var stated = model.Prior("loadings", ParameterPrior.Ard(1e-3, 1e-3)).Prior("precisions", ParameterPrior.Gamma(1e-3, 1e-3))
            .Prior("mean", ParameterPrior.Gaussian(0.5, mean: 2));
        var options = new VmpPriors { GammaShape = 1e-3, GammaRate = 1e-3, MeanPrecision = 0.5, MeanMean = [2.0, 2, 2, 2] };
        AssertSameFit(Fit(model, options, IrisColumns()), Fit(stated, null, IrisColumns()));
    }

    [Fact]
    public void An_ard_prior_alone_leaves_the_noise_prior_to_the_options_and_a_noise_prior_alone_leaves_ard()
    {
        var model = Linear(Covariance.Isotropic);
        AssertSameFit(Fit(model, new VmpPriors { GammaShape = 2, GammaRate = 3, ArdShape = 1e-3, ArdRate = 1e-2 }, IrisColumns()),
            Fit(model.Prior("loadings", ParameterPrior.Ard(1e-3, 1e-2)), new VmpPriors { GammaShape = 2, GammaRate = 3 }, IrisColumns()));
        AssertSameFit(Fit(model, new VmpPriors { GammaShape = 2, GammaRate = 3, ArdShape = 1, ArdRate = 1 }, IrisColumns()),
            Fit(model.Prior("precisions", ParameterPrior.Gamma(2, 3)), new VmpPriors { ArdShape = 1, ArdRate = 1 }, IrisColumns()));
        // Without ARD values in the options, the stated noise prior leaves ARD at its data-scaled default, not at Gamma(2, 3).
        AssertSameFit(Fit(model, new VmpPriors { GammaShape = 2, GammaRate = 3, ArdFallsBackToNoise = false }, IrisColumns()),
            Fit(model.Prior("precisions", ParameterPrior.Gamma(2, 3)), null, IrisColumns()));
    }

    [Fact]
    public void A_parameter_given_a_prior_by_both_the_model_and_the_options_is_refused_naming_both()
    {
        var plain = Mixture(Likelihood.Gaussian(Covariance.Full), 2);
        var model = plain.Prior("means", ParameterPrior.Gaussian(0.05));
        var ex = Assert.Throws<BackendNotSupportedException>(() => model.Compile(Inference.Vmp(priors: new VmpPriors { MeanPrecision = 0.5 })));
        Assert.Contains("states the prior Gaussian(mean [0], precision 0.05) on 'x.means'", ex.Message);
        Assert.Contains("VmpOptions.Priors gives it too (MeanPrecision)", ex.Message);
        // Options for another parameter are used beside the stated prior.
        AssertSameFit(Fit(plain, new VmpPriors { MeanPrecision = 0.05, MeanMean = [0.0, 0], WishartShape = 50, WishartScale = 0.02 }, Examples.OldFaithful()),
            Fit(model, new VmpPriors { WishartShape = 50, WishartScale = 0.02 }, Examples.OldFaithful()));
    }

    [Fact]
    public void A_gaussian_prior_on_the_loadings_is_refused_for_ard()
    {
        var model = Linear(Covariance.Diagonal).Prior("loadings", ParameterPrior.Gaussian(1));
        var ex = Assert.Throws<BackendNotSupportedException>(() => model.Compile(Inference.Vmp()));
        Assert.Contains("'x.loadings'", ex.Message);
        Assert.Contains("ParameterPrior.Ard(shape, rate)", ex.Message);
    }
}
