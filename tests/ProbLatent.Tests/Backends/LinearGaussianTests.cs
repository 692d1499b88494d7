using ProbLatent.Data;
using ProbLatent.Backends;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends;

public class LinearGaussianTests
{
    static readonly Model Ppca = Model.Define("ppca")
        .Latent("z", Prior.StandardNormal(2))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic)))
        .Observe("x", dimension: 6);

    static readonly Model FactorAnalysis = Model.Define("fa")
        .Latent("z", Prior.StandardNormal(2))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)))
        .Observe("x", dimension: 6);

    static DataMatrix Synthetic(bool isotropic, int rows = 2000, int seed = 5)
    {
        var random = new Random(seed);
        var loadings = Enumerable.Range(0, 12).Select(_ => random.NextDouble() * 4 - 2).ToArray();
        var noise = isotropic ? Enumerable.Repeat(0.3, 6).ToArray() : [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
        var truth = new LinearGaussianModel(loadings, [1, -2, 3, 0, 0.5, 2], noise, 2, isotropic);
        return truth.Generate(rows, random).Data;
    }

    [Fact]
    public void Closed_form_ppca_matches_the_em_solution_to_1e6_relative()
    {
        var data = Synthetic(isotropic: true);
        var exact = Ppca.Compile(Inference.Exact()).Fit(data);
        var em = Ppca.Compile(Inference.Em(restarts: 1, seed: 3, tolerance: 1e-12, maxIterations: 20_000)).Fit(data);
        Assert.True(em.Converged);
        Assert.Equal(1.0, em.LogLikelihood / exact.LogLikelihood, 1e-6);
        Assert.True(em.LogLikelihood <= exact.LogLikelihood + 1e-9 * Math.Abs(exact.LogLikelihood));
        // W is identified up to a rotation: compare W Wᵀ + σ²I, which is not.
        var a = ((LinearGaussianModel)exact.Parameters).MarginalCovariance();
        var b = ((LinearGaussianModel)em.Parameters).MarginalCovariance();
        Assert.True((a - b).FrobeniusNorm() < 1e-3 * a.FrobeniusNorm());
    }

    [Fact]
    public void Closed_form_ppca_recovers_the_noise_variance_and_elbo_equals_log_likelihood()
    {
        var exact = Ppca.Compile(Inference.Exact()).Fit(Synthetic(isotropic: true, rows: 20_000));
        var model = (LinearGaussianModel)exact.Parameters;
        Assert.Equal(0.3, model.NoiseVariances[0], 0.02);
        Assert.Equal(exact.LogLikelihood, exact.Elbo.Value, 1e-6);
        Assert.Equal(0, exact.Iterations);
    }

    [Fact]
    public void Factor_analysis_em_recovers_per_dimension_noise()
    {
        var fit = FactorAnalysis.Compile(Inference.Em(restarts: 2, seed: 1, tolerance: 1e-10)).Fit(Synthetic(isotropic: false, rows: 20_000));
        var model = (LinearGaussianModel)fit.Parameters;
        double[] truth = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
        for (int j = 0; j < 6; j++) Assert.Equal(truth[j], model.NoiseVariances[j], 0.05);
        Assert.True(fit.Elbo.Value <= fit.LogLikelihood);
        Assert.True(fit.Converged);
    }

    [Fact]
    public void The_posterior_of_ppca_is_gaussian_with_one_shared_covariance()
    {
        var data = Synthetic(isotropic: true, rows: 50);
        var fit = Ppca.Compile(Inference.Exact()).Fit(data);
        var posterior = Assert.IsType<GaussianPosterior>(fit.Encode(data));
        Assert.True(posterior.IsShared);
        Assert.Equal(50 * 2, posterior.Means().Length);
    }

    [Fact]
    public void Ppca_on_data_of_too_low_rank_is_refused_with_a_reason()
    {
        var random = new Random(1);
        var rows = Enumerable.Range(0, 30).Select(_ =>
        {
            double t = random.NextDouble(), u = random.NextDouble();
            return new[] { t, u, t + u, t - u, 2 * t, 3 * u };
        }).ToList();
        var ex = Assert.Throws<DataException>(() => Ppca.Compile(Inference.Exact()).Fit(DataMatrix.FromRows(rows)));
        Assert.Contains("rank at most 2", ex.Message);
    }
}

/// <summary>
/// EM for factor analysis and PPCA with SQUAREM steps: the maximum likelihood of Iris (q = 2: scikit-learn stops at −389.877
/// after 37,452 plain EM steps at tolerance 1e-8, where plain EM was at −390.213 after 1,000) within 1e-3 nats in at most
/// 50 iterations, and PPCA's closed form.
/// </summary>
public class AcceleratedLinearGaussianEmTests
{
    static Model Linear(Covariance noise, int q, int d) => Model.Define("linear")
        .Latent("z", Prior.StandardNormal(q))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(noise)))
        .Observe("x", d);

    [Fact]
    public void Factor_analysis_of_iris_reaches_the_maximum_likelihood_within_50_iterations()
    {
        var iris = Examples.Iris();
        var model = Linear(Covariance.Diagonal, 2, 4);
        var fit = model.Compile(Inference.Em(restarts: 1, seed: 1, maxIterations: 50, accelerate: true)).Fit(iris);
        var longer = model.Compile(Inference.Em(restarts: 1, seed: 1, maxIterations: 1000, tolerance: 1e-14, accelerate: true)).Fit(iris);
        // The supremum is a Heywood limit (two noise variances at their floor) a little above scikit-learn's stopping point.
        Assert.True(fit.LogLikelihood >= -389.877 - 1e-3, $"log p(x) = {fit.LogLikelihood:F6} after {fit.Iterations} iterations");
        Assert.True(Math.Abs(fit.LogLikelihood - longer.LogLikelihood) < 1e-3, $"{fit.LogLikelihood:F6} after 50 iterations, {longer.LogLikelihood:F6} after 1000");
        Assert.True(fit.Iterations <= 50);
    }

    [Fact]
    public void Ppca_of_iris_reaches_the_closed_form_within_50_iterations()
    {
        var iris = Examples.Iris();
        var model = Linear(Covariance.Isotropic, 2, 4);
        var exact = model.Compile(Inference.Exact()).Fit(iris);
        var fit = model.Compile(Inference.Em(restarts: 1, seed: 1, maxIterations: 50, accelerate: true)).Fit(iris);
        Assert.True(Math.Abs(fit.LogLikelihood - exact.LogLikelihood) < 1e-3, $"log p(x) = {fit.LogLikelihood:F6} against {exact.LogLikelihood:F6} after {fit.Iterations} iterations");
    }
}

/// <summary>
/// EM for mixtures of factor analysers and of PPCA with SQUAREM steps (each iteration four passes over the rows): on Iris
/// with three components and one factor, EM's maximum to 1e-6 nats in at most 50 iterations, where EM itself takes about
/// 1,350 to converge; with two components, whose fit sinks towards a Heywood limit (a noise variance near its floor),
/// 50 accelerated iterations end above 200 of EM's.
/// </summary>
public class AcceleratedFactorMixtureEmTests
{
    static Model Mixture(int components, int latent, Covariance noise) => Model.Define("mfa")
        .Latent("c", Prior.Categorical(components))
        .Latent("h", Prior.StandardNormal(latent))
        .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(noise))))
        .Observe("x", 4);

    [Theory]
    [InlineData(Covariance.Diagonal)]
    [InlineData(Covariance.Isotropic)]
    public void Three_factor_analysers_of_iris_reach_em_s_maximum_within_50_iterations(Covariance noise)
    {
        var iris = Examples.Iris();
        var model = Mixture(3, 1, noise);
        var converged = model.Compile(Inference.Em(restarts: 1, seed: 1, maxIterations: 5000, tolerance: 1e-13)).Fit(iris);
        var fit = model.Compile(Inference.Em(restarts: 1, seed: 1, maxIterations: 50, tolerance: 1e-13, accelerate: true)).Fit(iris);
        Assert.True(converged.Iterations > 200, $"EM converged in {converged.Iterations} iterations");
        Assert.True(fit.Iterations <= 50);
        Assert.True(Math.Abs(fit.LogLikelihood - converged.LogLikelihood) < 1e-6,
            $"{fit.LogLikelihood:F9} after {fit.Iterations} accelerated iterations, {converged.LogLikelihood:F9} after {converged.Iterations} of EM");
    }

    [Fact]
    public void Two_factor_analysers_of_iris_climb_further_in_50_accelerated_iterations_than_in_200_of_em()
    {
        var iris = Examples.Iris();
        var model = Mixture(2, 1, Covariance.Diagonal);
        var em = model.Compile(Inference.Em(restarts: 1, seed: 1, maxIterations: 200, tolerance: -1)).Fit(iris);
        var fit = model.Compile(Inference.Em(restarts: 1, seed: 1, maxIterations: 50, tolerance: -1, accelerate: true)).Fit(iris);
        Assert.True(fit.LogLikelihood > em.LogLikelihood + 0.1, $"{fit.LogLikelihood:F6} after 50 accelerated iterations, {em.LogLikelihood:F6} after 200 of EM");
    }
}
