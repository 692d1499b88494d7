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
