using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends;

public class MixtureOfCommonFactorAnalysersTests
{
    /// <summary>Three components in 4-D sharing a 2-D factor space; each latent Gaussian has its own place and spread.</summary>
    internal static MixtureOfCommonFactorAnalysers Truth(Covariance latent = Covariance.Full, bool isotropic = false, int dimension = 4)
    {
        var random = new Random(5);
        double[] Draws(int count, double scale) => Enumerable.Range(0, count).Select(_ => scale * (random.NextDouble() * 2 - 1)).ToArray();
        double[] omega = latent == Covariance.Full
            ? [1.0, 0.3, 0.3, 0.5, 0.4, -0.1, -0.1, 0.2, 0.7, 0.0, 0.0, 1.5]
            : [1.0, 0.5, 0.4, 0.2, 0.7, 1.5];
        double[] noise = isotropic ? Enumerable.Repeat(0.2, dimension).ToArray() : Enumerable.Range(0, dimension).Select(j => 0.1 + 0.05 * j).ToArray();
        return new MixtureOfCommonFactorAnalysers([0.2, 0.5, 0.3], [-3, 1, 0, -2, 3, 2], omega, latent,
            Draws(dimension * 2, 1.5), Draws(dimension, 2), noise, isotropic);
    }

    static Matrix<double> Column(IEnumerable<double> values) => Matrix<double>.Build.DenseOfColumnArrays(values.ToArray());

    /// <summary>The marginal written out by hand: Σ_c π_c N(A ξ_c + μ, A Ω_c Aᵀ + Ψ) as a full-covariance Gaussian mixture.</summary>
    static GaussianMixture ByHand(MixtureOfCommonFactorAnalysers m)
    {
        var a = m.Loadings;
        var psi = Matrix<double>.Build.DenseOfDiagonalArray(m.NoiseVariances.ToArray());
        var means = Enumerable.Range(0, m.Components).SelectMany(c => (a * Column(m.LatentMean(c)) + Column(m.Offset)).Column(0)).ToArray();
        var covariances = Enumerable.Range(0, m.Components).SelectMany(c => (a * m.LatentCovariance(c) * a.Transpose() + psi).ToRowMajorArray()).ToArray();
        return new GaussianMixture(m.Weights.ToArray(), means, covariances, m.Dimension, Covariance.Full);
    }

    [Theory]
    [InlineData(Covariance.Full, false, 4)]
    [InlineData(Covariance.Diagonal, true, 4)]
    [InlineData(Covariance.Full, true, 3)] // q = d − 1
    public void Log_likelihood_is_that_of_the_gaussian_mixture_with_covariances_a_omega_at_plus_psi(Covariance latent, bool isotropic, int dimension)
    {
        var model = Truth(latent, isotropic, dimension);
        var data = model.Generate(50, new Random(2)).Data;
        var expected = ByHand(model).PointLogLikelihoods(data);
        var actual = model.PointLogLikelihoods(data);
        for (int n = 0; n < data.Rows; n++) Assert.Equal(expected[n], actual[n], 1e-9 * Math.Abs(expected[n]));
        Assert.Equal(expected.Sum(), model.Marginal.PointLogLikelihoods(data).Sum(), 1e-9 * Math.Abs(expected.Sum()));
    }

    [Fact]
    public void With_identity_loadings_and_vanishing_noise_it_approaches_the_gaussian_mixture_of_its_latents()
    {
        double[] weights = [0.3, 0.7], xi = [-2, 1, 2, 0], omega = [1.0, 0.4, 0.4, 0.8, 0.5, -0.2, -0.2, 0.6], offset = [1, -1];
        var mixture = new GaussianMixture(weights, [-1, 0, 3, -1], omega, 2, Covariance.Full);
        var data = mixture.Generate(30, new Random(6)).Data;
        var expected = mixture.PointLogLikelihoods(data);
        foreach (var (noise, tolerance) in new[] { (1e-4, 1e-2), (1e-8, 1e-6) })
        {
            var model = new MixtureOfCommonFactorAnalysers(weights, xi, omega, Covariance.Full, [1, 0, 0, 1], offset, [noise, noise], isotropic: true);
            var actual = model.PointLogLikelihoods(data);
            for (int n = 0; n < data.Rows; n++) Assert.Equal(expected[n], actual[n], tolerance);
        }
    }

    [Fact]
    public void The_posterior_is_direct_gaussian_conditioning_of_z_on_x_within_each_component()
    {
        var model = Truth();
        var data = model.Generate(20, new Random(9)).Data;
        var posterior = model.ExactPosterior(data, out double logLikelihood);
        Assert.Equal(model.PointLogLikelihoods(data).Sum(), logLikelihood, 1e-9 * Math.Abs(logLikelihood));
        var byHand = ByHand(model).Posterior(data) as DiscretePosterior;
        var a = model.Loadings;
        var psi = Matrix<double>.Build.DenseOfDiagonalArray(model.NoiseVariances.ToArray());
        for (int c = 0; c < model.Components; c++)
        {
            // (z, x) | c is jointly Gaussian: Cov(z, x) = Ω Aᵀ, Var x = A Ω Aᵀ + Ψ.
            var omega = model.LatentCovariance(c);
            var xi = Column(model.LatentMean(c));
            var gain = omega * a.Transpose() * (a * omega * a.Transpose() + psi).Inverse();
            var covariance = omega - gain * a * omega;
            for (int n = 0; n < data.Rows; n++)
            {
                var mean = xi + gain * (Column(data.Row(n).ToArray()) - a * xi - Column(model.Offset));
                var g = posterior.Component(c);
                for (int i = 0; i < model.LatentDimension; i++)
                {
                    Assert.Equal(mean[i, 0], g.Mean(n)[i], 1e-9);
                    for (int j = 0; j < model.LatentDimension; j++) Assert.Equal(covariance[i, j], g.Covariance(n)[i * model.LatentDimension + j], 1e-9);
                }
                Assert.Equal(byHand!.Row(n)[c], posterior.Responsibilities.Row(n)[c], 1e-9);
            }
        }
        // E[z | x] mixes the components' means by the responsibilities, after the K responsibilities themselves.
        var mixed = posterior.Means();
        double expected = Enumerable.Range(0, 3).Sum(c => posterior.Responsibilities.Row(4)[c] * posterior.Component(c).Mean(4)[1]);
        Assert.Equal(expected, mixed[4 * 5 + 3 + 1], 1e-12);
    }

    [Fact]
    public void The_exact_posterior_s_elbo_is_the_log_likelihood_and_another_falls_short_by_its_kl()
    {
        var model = Truth(Covariance.Diagonal);
        var data = model.Generate(60, new Random(4)).Data;
        var exact = model.ExactPosterior(data, out double logLikelihood);
        Assert.Equal(logLikelihood, model.Elbo(data, exact).Value, 1e-9 * Math.Abs(logLikelihood));
        var other = Truth(Covariance.Full, isotropic: true).ExactPosterior(data, out _);
        double elbo = model.Elbo(data, other).Value;
        Assert.True(elbo < logLikelihood);
        Assert.Equal(logLikelihood - elbo, other.KlDivergence(exact), 1e-7 * Math.Abs(logLikelihood));
    }

    [Fact]
    public void Samples_have_the_model_s_moments_and_their_latents_are_c_and_z()
    {
        var model = Truth();
        var drawn = model.Generate(20000, new Random(1));
        Assert.Equal(["c", "z1", "z2"], drawn.Latents.ColumnNames);
        var byHand = ByHand(model);
        // The mixture's mean Σ π_c (A ξ_c + μ), within a few standard errors of the sample's.
        for (int j = 0; j < model.Dimension; j++)
        {
            double mean = Enumerable.Range(0, 3).Sum(c => model.Weights[c] * byHand.Mean(c)[j]);
            var column = Enumerable.Range(0, drawn.Data.Rows).Select(n => drawn.Data.Row(n)[j]).ToArray();
            double average = column.Average();
            double sd = Math.Sqrt(column.Select(v => (v - average) * (v - average)).Average() / column.Length);
            Assert.InRange(average, mean - 5 * sd, mean + 5 * sd);
        }
        // z given its c has the component's mean.
        var ones = Enumerable.Range(0, drawn.Latents.Rows).Where(n => drawn.Latents.Row(n)[0] == 1).ToArray();
        Assert.Equal(model.LatentMean(1)[0], ones.Average(n => drawn.Latents.Row(n)[1]), 0.05);
    }

    [Fact]
    public void Its_family_and_parameter_count_say_what_it_is()
    {
        var model = Truth();
        Assert.Equal(ModelFamily.MixtureOfCommonFactorAnalysers, model.Family);
        // 2 weights + 6 latent means + 9 covariance values + 8 loadings + 4 offsets + 4 noise − 2 (shift) − 4 (invertible map).
        Assert.Equal(27, model.ParameterCount);
        Assert.Equal(26, Truth(Covariance.Diagonal).ParameterCount); // 6 covariance values, and only the 2 scales of z are unseen
        Assert.Contains("3 common factor analysers", model.ToString());
    }

    [Fact]
    public void Bad_parameters_are_refused_naming_them()
    {
        Assert.Contains("latent variance 1 of component 0 is -1",
            Assert.Throws<ArgumentException>(() => new MixtureOfCommonFactorAnalysers([1.0], [0, 0], [1, -1], Covariance.Diagonal, [1, 0, 0, 1], [0, 0], [1, 1], false)).Message);
        Assert.Contains("latent covariance of component 0",
            Assert.ThrowsAny<Exception>(() => new MixtureOfCommonFactorAnalysers([1.0], [0, 0], [1, 2, 2, 1], Covariance.Full, [1, 0, 0, 1], [0, 0], [1, 1], false)).Message);
        Assert.Contains("expected 2×2 loadings",
            Assert.Throws<ArgumentException>(() => new MixtureOfCommonFactorAnalysers([1.0], [0, 0], [1, 1], Covariance.Diagonal, [1, 0], [0, 0], [1, 1], false)).Message);
        Assert.Contains("not Isotropic",
            Assert.Throws<ArgumentException>(() => new MixtureOfCommonFactorAnalysers([1.0], [0, 0], [1, 1], Covariance.Isotropic, [1, 0, 0, 1], [0, 0], [1, 1], false)).Message);
    }
}
