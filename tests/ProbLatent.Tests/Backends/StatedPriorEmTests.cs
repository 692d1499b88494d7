using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends;

/// <summary>
/// EM with priors stated in the model is a MAP fit: its objective is log p(x | θ) + log p(θ), recomputed here from
/// the densities themselves (with the constants EM drops), and the fit it returns is a maximum of that objective,
/// which a step along each parameter in either direction does not raise.
/// </summary>
public class StatedPriorEmTests
{
    static Model Mixture(Likelihood likelihood, int dimension, int components = 2) => Model.Define("mixture")
        .Latent("z", Prior.Categorical(components)).Decoder(Decoder.PerComponent(likelihood)).Observe("x", dimension);

    static FitResult Fit(Model model, DataMatrix data) =>
        model.Compile(Inference.Em(restarts: 1, seed: 2, maxIterations: 5000, tolerance: 1e-14, regularization: 0)).Fit(data);

    static readonly double[] Alpha = [3, 6];
    static readonly double[] PriorMean = [3.0, 70.0];
    const double Tau = 0.02;

    static double LogDirichlet(IReadOnlyList<double> weights) => weights.Select((w, k) => (Alpha[k] - 1) * Math.Log(w)).Sum();

    static double LogMeans(double[] means, int d) =>
        means.Select((m, i) => -0.5 * Tau * (m - PriorMean[i % d]) * (m - PriorMean[i % d])).Sum();

    /// <summary>log p(x | θ) + log p(θ) of a diagonal mixture with π ~ Dirichlet(3, 6), μₖ ~ N([3, 70], 50 I), 1/σ²ₖⱼ ~ Gamma(2, 0.5).</summary>
    static double DiagonalObjective(DataMatrix data, double[] weights, double[] means, double[] variances)
    {
        var model = new GaussianMixture(weights, means, variances, 2, Covariance.Diagonal);
        double logGamma = variances.Select(v => (2 - 1) * Math.Log(1 / v) - 0.5 / v).Sum();
        return model.PointLogLikelihoods(data).Sum() + LogDirichlet(weights) + LogMeans(means, 2) + logGamma;
    }

    static void AssertLocalMaximum(Func<double[], double> objective, double[] at, string what)
    {
        double best = objective(at);
        for (int i = 0; i < at.Length; i++)
            foreach (double step in new[] { -1e-4, 1e-4 })
            {
                var moved = (double[])at.Clone();
                moved[i] += step * Math.Max(1, Math.Abs(at[i]));
                Assert.True(objective(moved) <= best + 1e-9, $"moving {what} {i} by {step} raised the objective from {best} to {objective(moved)}");
            }
    }

    [Fact]
    public void A_diagonal_mixture_with_stated_priors_reaches_the_map_and_reports_its_objective()
    {
        var data = Examples.OldFaithful();
        var model = Mixture(Likelihood.Gaussian(Covariance.Diagonal), 2).Prior("weights", ParameterPrior.Dirichlet(Alpha))
            .Prior("means", ParameterPrior.Gaussian(PriorMean, Tau)).Prior("precisions", ParameterPrior.Gamma(2, 0.5));
        var fit = Fit(model, data);
        var mixture = Assert.IsType<GaussianMixture>(fit.Parameters);
        var weights = mixture.Weights.ToArray();
        var means = mixture.MeansFlat.ToArray();
        var variances = mixture.CovariancesFlat.ToArray();
        Assert.Equal(DiagonalObjective(data, weights, means, variances), fit.Trace[^1], 1e-9 * Math.Abs(fit.Trace[^1]));
        AssertLocalMaximum(m => DiagonalObjective(data, weights, m, variances), means, "mean");
        AssertLocalMaximum(v => DiagonalObjective(data, weights, means, v), variances, "variance");
        // The weights move along the simplex: a share of one component's weight to the other.
        foreach (double step in new[] { -1e-4, 1e-4 })
            Assert.True(DiagonalObjective(data, [weights[0] + step, weights[1] - step], means, variances) <= fit.Trace[^1] + 1e-9);
        // The priors moved the fit from the maximum-likelihood one.
        var plain = Assert.IsType<GaussianMixture>(Fit(Mixture(Likelihood.Gaussian(Covariance.Diagonal), 2), data).Parameters);
        Assert.True(Math.Abs(plain.Weights[0] - weights[0]) > 1e-4 || Math.Abs(plain.Weights[1] - weights[1]) > 1e-4);
    }

    [Fact]
    public void A_full_mixture_with_a_stated_wishart_reaches_the_map()
    {
        var data = Examples.OldFaithful();
        const double shape = 4, scale = 0.05;
        var model = Mixture(Likelihood.Gaussian(Covariance.Full), 2).Prior("means", ParameterPrior.Gaussian(PriorMean, Tau))
            .Prior("precisions", ParameterPrior.Wishart(shape, scale));
        var fit = Fit(model, data);
        var mixture = Assert.IsType<GaussianMixture>(fit.Parameters);
        var weights = mixture.Weights.ToArray();
        var means = mixture.MeansFlat.ToArray();
        double Objective(double[] m, double[] covariances)
        {
            var candidate = new GaussianMixture(weights, m, covariances, 2, Covariance.Full);
            double logWishart = 0;
            for (int c = 0; c < 2; c++)
            {
                var precision = candidate.Covariance(c).Inverse();
                logWishart += (shape - 1.5) * Math.Log(precision.Determinant()) - precision.Trace() / scale;
            }
            return candidate.PointLogLikelihoods(data).Sum() + LogMeans(m, 2) + logWishart;
        }
        var covariances = mixture.CovariancesFlat.ToArray();
        Assert.Equal(Objective(means, covariances), fit.Trace[^1], 1e-9 * Math.Abs(fit.Trace[^1]));
        AssertLocalMaximum(m => Objective(m, covariances), means, "mean");
        // Each covariance entry, moved symmetrically with its mirror.
        foreach (var (c, a, b) in new[] { (0, 0, 0), (0, 0, 1), (0, 1, 1), (1, 0, 0), (1, 0, 1), (1, 1, 1) })
            foreach (double step in new[] { -1e-4, 1e-4 })
            {
                var moved = (double[])covariances.Clone();
                double delta = step * Math.Abs(covariances[c * 4 + a * 2 + b]);
                moved[c * 4 + a * 2 + b] += delta;
                if (a != b) moved[c * 4 + b * 2 + a] += delta;
                Assert.True(Objective(means, moved) <= fit.Trace[^1] + 1e-9, $"moving Σ{c}[{a},{b}] by {delta} raised the objective");
            }
    }

    static DataMatrix Bits()
    {
        var random = new Random(5);
        return DataMatrix.FromRows(Enumerable.Range(0, 60).Select(n => Enumerable.Range(0, 5)
            .Select(j => j == 4 ? 0.0 : random.NextDouble() < (n % 2 == 0 ? 0.85 : 0.2) ? 1.0 : 0.0).ToArray()).ToArray());
    }

    [Fact]
    public void A_bernoulli_mixture_with_a_stated_beta_needs_no_regularization_and_reaches_the_map()
    {
        var data = Bits();
        var model = Mixture(Likelihood.Bernoulli(), 5).Prior("weights", ParameterPrior.Dirichlet(Alpha)).Prior("probabilities", ParameterPrior.Beta(2, 3));
        var fit = Fit(model, data);
        var mixture = Assert.IsType<BernoulliMixture>(fit.Parameters);
        var weights = mixture.Weights.ToArray();
        var probabilities = mixture.Probabilities(0).Concat(mixture.Probabilities(1)).ToArray();
        double Objective(double[] p) =>
            new BernoulliMixture(weights, p, 5).PointLogLikelihoods(data).Sum() + LogDirichlet(weights) + p.Select(v => Math.Log(v) + 2 * Math.Log(1 - v)).Sum();
        Assert.Equal(Objective(probabilities), fit.Trace[^1], 1e-9 * Math.Abs(fit.Trace[^1]));
        AssertLocalMaximum(Objective, probabilities, "probability");
        // The pixel that is always off keeps the prior's pseudo-counts: (0 + a − 1)/(Nₖ + a + b − 2) > 0.
        Assert.All(new[] { probabilities[4], probabilities[9] }, p => Assert.InRange(p, 1e-3, 0.1));
    }

    [Fact]
    public void Priors_em_cannot_use_as_a_map_are_refused_naming_the_part_and_what_works()
    {
        var gaussian = Mixture(Likelihood.Gaussian(Covariance.Full), 2);
        var ex = Assert.Throws<BackendNotSupportedException>(() => gaussian.Prior("weights", ParameterPrior.Dirichlet(0.5)).Compile(Inference.Em()));
        Assert.Contains("the prior Dirichlet(0.5) on 'z.weights'", ex.Message);
        Assert.Contains("needs every concentration ≥ 1, got 0.5", ex.Message);
        Assert.Contains("Inference.Vmp()", ex.Message);
        ex = Assert.Throws<BackendNotSupportedException>(() => gaussian.Prior("precisions", ParameterPrior.Wishart(shape: 1.2)).Compile(Inference.Em()));
        Assert.Contains("needs the shape a ≥ (d + 1)/2 = 1.5", ex.Message);
        ex = Assert.Throws<BackendNotSupportedException>(() =>
            Mixture(Likelihood.Gaussian(Covariance.Diagonal), 2).Prior("precisions", ParameterPrior.Gamma(0.5, 1)).Compile(Inference.Em()));
        Assert.Contains("needs the shape ≥ 1, got 0.5", ex.Message);
        ex = Assert.Throws<BackendNotSupportedException>(() => Mixture(Likelihood.Bernoulli(), 3).Prior("probabilities", ParameterPrior.Beta(1, 0.9)).Compile(Inference.Em()));
        Assert.Contains("needs b ≥ 1, got 0.9", ex.Message);
        var pca = Model.Define("pca").Latent("z", Prior.StandardNormal(1)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic))).Observe("x", 3);
        ex = Assert.Throws<BackendNotSupportedException>(() => pca.Prior("loadings", ParameterPrior.Ard()).Compile(Inference.Em()));
        Assert.Contains("'x.loadings' is ARD", ex.Message);
        ex = Assert.Throws<BackendNotSupportedException>(() => pca.Prior("mean", ParameterPrior.Gaussian(1)).Compile(Inference.Em()));
        Assert.Contains("its linear-Gaussian M step is maximum likelihood", ex.Message);
        // Without regularization a Bernoulli mixture needs a Beta with a and b above 1.
        ex = Assert.Throws<BackendNotSupportedException>(() =>
            Mixture(Likelihood.Bernoulli(), 3).Prior("probabilities", ParameterPrior.Beta(1, 2)).Compile(Inference.Em(regularization: 0)));
        Assert.Contains("needs regularization > 0 (or a stated Beta prior", ex.Message);
    }
}
