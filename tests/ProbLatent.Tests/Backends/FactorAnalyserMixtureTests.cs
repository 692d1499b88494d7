using ProbLatent.Backends;
using ProbLatent.Backends.Em;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends;

public class FactorAnalyserMixtureTests
{
    static Model Mixture(int components, int latent, int dimension, Covariance noise = Covariance.Diagonal) => Model.Define("mfa")
        .Latent("c", Prior.Categorical(components))
        .Latent("h", Prior.StandardNormal(latent))
        .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(noise))))
        .Observe("x", dimension);

    /// <summary>Two well separated 5-D clusters, each spread along its own two directions.</summary>
    static MixtureOfFactorAnalysers Truth(bool isotropic = false)
    {
        var random = new Random(11);
        LinearGaussianModel Component(double offset, double[] noise) => new(
            Enumerable.Range(0, 10).Select(_ => random.NextDouble() * 2 - 1).ToArray(),
            Enumerable.Range(0, 5).Select(j => offset + j).ToArray(), isotropic ? Enumerable.Repeat(noise[0], 5).ToArray() : noise, 2, isotropic);
        return new MixtureOfFactorAnalysers([0.4, 0.6], [Component(-6, [0.1, 0.2, 0.1, 0.3, 0.2]), Component(6, [0.3, 0.1, 0.2, 0.1, 0.4])]);
    }

    static DataMatrix Sample(int rows, bool isotropic = false) => Truth(isotropic).Generate(rows, new Random(3)).Data;

    [Fact]
    public void Log_likelihood_is_that_of_the_gaussian_mixture_with_covariances_w_wt_plus_psi()
    {
        var truth = Truth();
        var data = Sample(40);
        var dense = new GaussianMixture([0.4, 0.6],
            Enumerable.Range(0, 2).SelectMany(k => truth.Component(k).Mean).ToArray(),
            Enumerable.Range(0, 2).SelectMany(k => truth.Component(k).MarginalCovariance().ToRowMajorArray()).ToArray(), 5, Covariance.Full);
        var expected = dense.PointLogLikelihoods(data);
        var actual = truth.PointLogLikelihoods(data);
        for (int n = 0; n < data.Rows; n++) Assert.Equal(expected[n], actual[n], 1e-9 * Math.Abs(expected[n]));
    }

    [Fact]
    public void The_exact_posterior_sums_to_one_and_its_elbo_is_the_log_likelihood()
    {
        var truth = Truth();
        var data = Sample(60);
        var posterior = (FactorMixturePosterior)truth.Posterior(data);
        for (int n = 0; n < data.Rows; n++) Assert.Equal(1.0, posterior.Responsibilities.Row(n).ToArray().Sum(), 1e-12);
        // E[h | x, c] and Cov[h | x, c] are the component's own posterior.
        var own = (GaussianPosterior)truth.Component(1).Posterior(data);
        Assert.Equal(own.Mean(7).ToArray(), posterior.Component(1).Mean(7).ToArray());
        Assert.Equal(own.Covariance(7).ToArray(), posterior.Component(1).Covariance(7).ToArray());
        double logLikelihood = truth.PointLogLikelihoods(data).Sum();
        Assert.Equal(logLikelihood, truth.Elbo(data, posterior).Value, 1e-9 * Math.Abs(logLikelihood));
        Assert.Equal(0, posterior.KlDivergence(posterior), 12);
        // Another posterior of the same form gives less, by its KL divergence from the exact one.
        var other = (FactorMixturePosterior)Truth(isotropic: true).Posterior(data);
        double elbo = truth.Elbo(data, other).Value;
        Assert.True(elbo < logLikelihood);
        Assert.Equal(logLikelihood - elbo, other.KlDivergence(posterior), 1e-7 * Math.Abs(logLikelihood));
    }

    [Fact]
    public void With_zero_loadings_it_is_a_diagonal_gaussian_mixture()
    {
        // The latent dimension is at least 1; W = 0 is the degenerate equivalent of Q = 0.
        var data = Sample(30);
        double[] means = [0, 1, 2, 3, 4, 5, 4, 3, 2, 1], variances = [1, 2, 3, 4, 5, 0.5, 0.4, 0.3, 0.2, 0.1];
        var flat = MixtureOfFactorAnalysers.FromArrays([0.3, 0.7], new double[10], means, variances, 1, isotropic: false);
        var diagonal = new GaussianMixture([0.3, 0.7], means, variances, 5, Covariance.Diagonal);
        Assert.Equal(diagonal.PointLogLikelihoods(data), flat.PointLogLikelihoods(data), (a, b) => Math.Abs(a - b) <= 1e-12 * Math.Abs(a));
        var responsibilities = ((FactorMixturePosterior)flat.Posterior(data)).Responsibilities.Probabilities.ToArray();
        Assert.Equal(((DiscretePosterior)diagonal.Posterior(data)).Probabilities.ToArray(), responsibilities, (a, b) => Math.Abs(a - b) <= 1e-12);
    }

    [Fact]
    public void One_component_is_factor_analysis_with_the_same_maximum_likelihood()
    {
        // From one start, one component's EM step is factor analysis's EM step: the same iterates, so the same fixed
        // points and the same maximum, without running either to convergence.
        var data = Truth().Component(0).Generate(300, new Random(8)).Data;
        var fa = new LinearGaussianEm(2, isotropic: false, regularization: 0).For(data);
        var mixture = new FactorAnalyserMixtureEm(1, 2, isotropic: false, regularization: 0).For(data);
        var analyser = (LinearGaussianModel)fa.Initialize(data, new Random(2));
        var components = new MixtureOfFactorAnalysers([1.0], [analyser]);
        double first = analyser.PointLogLikelihoods(data).Sum();
        for (int iteration = 1; iteration <= 25; iteration++)
        {
            analyser = (LinearGaussianModel)fa.Maximize(analyser, data, fa.Expect(analyser, data).Posterior);
            components = (MixtureOfFactorAnalysers)mixture.Maximize(components, data, mixture.Expect(components, data).Posterior);
            var component = components.Component(0);
            Assert.Equal(1.0, components.Weights[0]);
            Assert.Equal(analyser.Loadings.ToRowMajorArray(), component.Loadings.ToRowMajorArray(), (a, b) => Math.Abs(a - b) <= 1e-9 * (1 + Math.Abs(a)));
            Assert.Equal(analyser.Mean, component.Mean, (a, b) => Math.Abs(a - b) <= 1e-9 * (1 + Math.Abs(a)));
            Assert.Equal(analyser.NoiseVariances, component.NoiseVariances, (a, b) => Math.Abs(a - b) <= 1e-9 * Math.Abs(a));
            double expected = analyser.PointLogLikelihoods(data).Sum();
            Assert.Equal(expected, components.PointLogLikelihoods(data).Sum(), 1e-9 * Math.Abs(expected));
        }
        // The iterates moved: the comparison is of EM steps, not of a start left where it was.
        Assert.True(analyser.PointLogLikelihoods(data).Sum() > first + 1);
        // And the public route compiles one component as a mixture of factor analysers.
        var fit = Mixture(1, 2, 5).Compile(Inference.Em(restarts: 1, seed: 2, maxIterations: 5, regularization: 0)).Fit(data);
        Assert.IsType<MixtureOfFactorAnalysers>(fit.Parameters);
    }

    [Fact]
    public void One_component_of_mixture_ppca_is_the_closed_form_ppca_maximum()
    {
        var data = Examples.Iris();
        var mixture = Mixture(1, 2, 4, Covariance.Isotropic)
            .Compile(Inference.Em(restarts: 1, seed: 4, maxIterations: 20_000, tolerance: 1e-13, regularization: 0)).Fit(data);
        var exact = Model.Define("ppca").Latent("z", Prior.StandardNormal(2)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic))).Observe("x", 4)
            .Compile(Inference.Exact()).Fit(data);
        Assert.Equal(ModelFamily.MixtureOfProbabilisticPca, mixture.Parameters.Family);
        Assert.Equal(exact.LogLikelihood, mixture.LogLikelihood, 1e-7 * Math.Abs(exact.LogLikelihood));
        Assert.True(mixture.LogLikelihood <= exact.LogLikelihood + 1e-9 * Math.Abs(exact.LogLikelihood));
    }

    [Theory]
    [InlineData(Covariance.Diagonal)]
    [InlineData(Covariance.Isotropic)]
    public void Em_never_decreases_and_finds_the_two_clusters(Covariance noise)
    {
        var data = Sample(400, noise == Covariance.Isotropic);
        var fit = Mixture(2, 2, 5, noise).Compile(Inference.Em(restarts: 2, seed: 1, maxIterations: 300)).Fit(data);
        for (int i = 1; i < fit.Trace.Count; i++) Assert.True(fit.Trace[i] >= fit.Trace[i - 1] - 1e-9 * Math.Abs(fit.Trace[i - 1]), $"iteration {i} decreased");
        var truth = Truth(noise == Covariance.Isotropic);
        double truthLogLikelihood = truth.PointLogLikelihoods(data).Sum();
        Assert.True(fit.LogLikelihood >= truthLogLikelihood - 1e-6 * Math.Abs(truthLogLikelihood), $"{fit.LogLikelihood} < truth {truthLogLikelihood}");
        var fitted = (MixtureOfFactorAnalysers)fit.Parameters;
        Assert.Equal([0.4, 0.6], fitted.Weights.OrderBy(w => w).ToArray(), (a, b) => Math.Abs(a - b) < 0.06);
        Assert.True(fit.Elbo.Value <= fit.LogLikelihood + 1e-9 * Math.Abs(fit.LogLikelihood));
    }

    [Fact]
    public void Exact_evaluates_given_parameters_and_refuses_to_fit_or_mismatched_sizes_and_the_others_refuse_what_they_cannot_run()
    {
        var data = Sample(50);
        var truth = Truth();
        var exact = Mixture(2, 2, 5).Compile(Inference.Exact(truth)).Fit(data);
        Assert.Equal(truth.PointLogLikelihoods(data).Sum(), exact.LogLikelihood);
        Assert.Equal(exact.LogLikelihood, exact.Elbo.Value, 1e-9 * Math.Abs(exact.LogLikelihood));
        Assert.IsType<FactorMixturePosterior>(exact.LatentPosterior);
        Assert.Contains("latent sizes 3 × 2 but the parameters given have 2 × 2",
            Assert.Throws<BackendNotSupportedException>(() => Mixture(3, 2, 5).Compile(Inference.Exact(truth))).Message);
        Assert.Contains("model 'mfa' observes dimension 4 but the parameters given have data dimension 5",
            Assert.Throws<BackendNotSupportedException>(() => Mixture(2, 2, 4).Compile(Inference.Exact(truth))).Message);
        Assert.Contains("Inference.Em()", Assert.Throws<BackendNotSupportedException>(() => Mixture(2, 2, 5).Compile(Inference.Exact())).Message);
        Assert.Contains("must be less than the data dimension 5",
            Assert.Throws<BackendNotSupportedException>(() => Mixture(2, 5, 5).Compile(Inference.Em())).Message);
        // The reparameterized engine sums the categorical out (FactorMixtureSgdTests), but not in the importance-weighted bound.
        Assert.NotNull(Mixture(2, 2, 5).Compile(Inference.Reparameterized()));
        Assert.Contains("summed out", Assert.Throws<BackendNotSupportedException>(() => Mixture(2, 2, 5).Compile(Inference.Reparameterized(importanceSamples: 3))).Message);
        Assert.Contains("must be less than the data dimension 5",
            Assert.Throws<BackendNotSupportedException>(() => Mixture(2, 5, 5).Compile(Inference.Vmp())).Message);
        Assert.Contains("StartFrom", Assert.Throws<BackendNotSupportedException>(() => Mixture(2, 2, 5).Compile(Inference.Vmp(startFrom: truth))).Message);
    }

    [Fact]
    public void Generate_draws_the_component_and_the_factors_with_the_point()
    {
        var drawn = Truth().Generate(2000, new Random(5));
        Assert.Equal(["c", "h1", "h2"], drawn.Latents.ColumnNames);
        double ones = Enumerable.Range(0, drawn.Latents.Rows).Count(n => drawn.Latents[n, 0] == 1) / 2000.0;
        Assert.Equal(0.6, ones, 0.05);
        // Component 1 sits around +6, component 0 around −6, in the first dimension.
        for (int n = 0; n < 50; n++) Assert.Equal(drawn.Latents[n, 0] == 1, drawn.Data[n, 0] > 0);
    }
}
