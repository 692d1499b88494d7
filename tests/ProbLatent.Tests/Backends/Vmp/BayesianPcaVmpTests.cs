using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Backends;
using ProbLatent.Backends.Vmp;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using Xunit.Abstractions;

namespace ProbLatent.Tests.Backends.Vmp;

/// <summary>
/// Bayesian PCA with ARD and Bayesian factor analysis on the VMP engine, on the shared synthetic set drawn from a
/// 3-dimensional linear-Gaussian model in 10 dimensions (see the data README for its true parameters).
/// </summary>
public class BayesianPcaVmpTests(ITestOutputHelper output)
{
    static readonly double[] TrueOffsets = [-0.95, 0.75, -0.2, 0.2, 0.3, -0.35, 0.65, 0.2, 0.25, 0.4];
    static readonly double[] TrueNoisePrecisions = [8, 9, 10, 11, 10, 9, 8, 9, 10, 11];
    static readonly double[] TrueEigenvalues = [0.7753, 0.7207, 0.5290];

    /// <summary>Broad Gamma priors (Bishop 1999), so that ARD can drive unneeded columns of W to zero.</summary>
    static readonly VmpPriors Broad = new() { GammaShape = 1e-3, GammaRate = 1e-3 };

    static readonly Lazy<DataMatrix> Data = new(() => Csv.Read(ShippedData.BayesianPca));

    static Model Linear(int latent, Covariance covariance, int dimension = 10) => Model.Define("bpca")
        .Latent("z", Prior.StandardNormal(latent))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(covariance)))
        .Observe("x", dimension);

    /// <summary>
    /// VMP for Bayesian PCA converges slowly at the end (a slow drift along near-flat rotations of W and z), so
    /// "converged" here is the default rule, an ELBO change below 10⁻⁸ nats per point in a sweep: 10⁻⁵ in all on an ELBO of about −6300.
    /// </summary>
    static FitResult FitFactorAnalysis(int seed = 1) =>
        Linear(5, Covariance.Diagonal).Compile(Inference.Vmp(restarts: 2, seed: seed, maxIterations: 5000, tolerance: 1e-8, priors: Broad)).Fit(Data.Value);

    static void AssertNonDecreasing(IReadOnlyList<double> trace)
    {
        for (int i = 1; i < trace.Count; i++)
            Assert.True(trace[i] >= trace[i - 1] - 1e-9 * Math.Abs(trace[i - 1]),
                $"the ELBO went down at sweep {i + 1}: {trace[i - 1]:R} → {trace[i]:R}");
    }

    [Fact]
    public void Factor_analysis_with_ard_recovers_the_offsets_noise_and_loadings_and_switches_off_extra_columns()
    {
        var fit = FitFactorAnalysis();
        var posterior = Assert.IsType<LinearGaussianPosterior>(fit.ParameterPosterior);
        var model = Assert.IsType<LinearGaussianModel>(fit.Parameters);
        output.WriteLine($"iterations {fit.Iterations}, converged {fit.Converged}, ELBO {fit.Elbo.Value:F4} ({fit.Elbo}), log p(x | E[θ]) {fit.LogLikelihood:F4}, {fit.WallTime.TotalMilliseconds:F0} ms");
        output.WriteLine("offsets " + string.Join(", ", model.Mean.Select(v => v.ToString("F4"))));
        output.WriteLine("noise precisions " + string.Join(", ", posterior.NoisePrecisions.Select(g => g.Mean.ToString("F3"))));
        var ard = posterior.ArdPrecisions.Select(g => g.Mean).ToArray();
        output.WriteLine("ARD precisions " + string.Join(", ", ard.Select(v => v.ToString("G4"))));
        var eigenvalues = Eigenvalues(model.Loadings);
        output.WriteLine("eigenvalues of E[W]E[W]ᵀ " + string.Join(", ", eigenvalues.Select(v => v.ToString("F4"))));

        Assert.True(fit.Converged);
        for (int j = 0; j < 10; j++)
        {
            Assert.True(Math.Abs(model.Mean[j] - TrueOffsets[j]) < 0.05, $"offset {j}: {model.Mean[j]} vs {TrueOffsets[j]}");
            double tau = posterior.NoisePrecisions[j].Mean;
            Assert.True(Math.Abs(tau / TrueNoisePrecisions[j] - 1) < 0.2, $"noise precision {j}: {tau} vs {TrueNoisePrecisions[j]}");
        }
        for (int i = 0; i < 3; i++)
            Assert.True(Math.Abs(eigenvalues[i] - TrueEigenvalues[i]) < 0.1 * TrueEigenvalues[i],
                $"eigenvalue {i}: {eigenvalues[i]} vs {TrueEigenvalues[i]}");
        Assert.True(eigenvalues[3] < 1e-3 && eigenvalues[4] < 1e-3, $"the extra columns are not switched off: {eigenvalues[3]}, {eigenvalues[4]}");
        var sorted = ard.Order().ToArray();
        Assert.True(sorted[3] > 100 * sorted[2], $"ARD does not separate the 3 used columns from the 2 extra ones: {string.Join(", ", sorted)}");
    }

    [Fact]
    public void The_elbo_trace_never_decreases_and_its_terms_add_up()
    {
        var fit = FitFactorAnalysis();
        Assert.True(fit.Trace.Count > 10);
        AssertNonDecreasing(fit.Trace);
        Assert.Equal(fit.Trace[^1], fit.Elbo.Value, 1e-9 * Math.Abs(fit.Elbo.Value));
        Assert.All(new[] { fit.Elbo.ExpectedLogLikelihood, fit.Elbo.ExpectedLogPrior, fit.Elbo.Entropy, fit.LogLikelihood }, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Ppca_runs_converges_and_recovers_the_offsets_and_the_average_noise()
    {
        var fit = Linear(5, Covariance.Isotropic).Compile(Inference.Vmp(restarts: 1, seed: 2, maxIterations: 5000, tolerance: 1e-8, priors: Broad)).Fit(Data.Value);
        var posterior = Assert.IsType<LinearGaussianPosterior>(fit.ParameterPosterior);
        var model = Assert.IsType<LinearGaussianModel>(fit.Parameters);
        output.WriteLine($"iterations {fit.Iterations}, ELBO {fit.Elbo.Value:F4}, noise precision {posterior.NoisePrecisions[0].Mean:F3}, eigenvalues "
                         + string.Join(", ", Eigenvalues(model.Loadings).Select(v => v.ToString("F4"))));
        Assert.True(fit.Converged);
        AssertNonDecreasing(fit.Trace);
        Assert.True(model.IsIsotropic);
        Assert.Single(posterior.NoisePrecisions);
        for (int j = 0; j < 10; j++) Assert.True(Math.Abs(model.Mean[j] - TrueOffsets[j]) < 0.05, $"offset {j}: {model.Mean[j]}");
        // The shared noise variance is near the true ones' mean, 1/9.5.
        Assert.InRange(1 / posterior.NoisePrecisions[0].Mean, 0.8 / 9.5, 1.2 / 9.5);
    }

    [Fact]
    public void Encoding_gives_each_point_a_gaussian_posterior_with_one_shared_covariance()
    {
        var fit = FitFactorAnalysis();
        var encoded = Assert.IsType<GaussianPosterior>(fit.Encode(Data.Value));
        Assert.True(encoded.IsShared);
        Assert.Equal(1000, encoded.Count);
        Assert.Equal(5, encoded.Dimension);
    }

    [Fact]
    public void A_latent_dimension_not_below_the_data_dimension_is_refused_naming_it()
    {
        var e = Assert.Throws<BackendNotSupportedException>(() => Linear(4, Covariance.Diagonal, dimension: 4).Compile(Inference.Vmp()));
        Assert.Contains("latent 'z' has dimension 4", e.Message);
        Assert.Contains("data dimension 4", e.Message);
        Assert.Throws<BackendNotSupportedException>(() => Linear(6, Covariance.Isotropic, dimension: 4).Compile(Inference.Vmp()));
    }

    [Fact]
    public void The_same_seed_gives_the_same_fit_and_another_seed_another_start()
    {
        static VmpBackend Options(int seed) => Inference.Vmp(restarts: 2, seed: seed, maxIterations: 200, tolerance: 1e-8, priors: Broad);
        var model = Linear(3, Covariance.Diagonal);
        var a = model.Compile(Options(7)).Fit(Data.Value);
        var b = model.Compile(Options(7)).Fit(Data.Value);
        var c = model.Compile(Options(8)).Fit(Data.Value);
        Assert.Equal(a.Trace, b.Trace);
        Assert.Equal(((LinearGaussianModel)a.Parameters).Loadings.ToRowMajorArray(), ((LinearGaussianModel)b.Parameters).Loadings.ToRowMajorArray());
        Assert.NotEqual(a.Trace[0], c.Trace[0]);
    }

    /// <summary>The eigenvalues of W Wᵀ that can be nonzero (those of the q×q Wᵀ W), largest first, by cyclic Jacobi rotations.</summary>
    static double[] Eigenvalues(Matrix<double> loadings)
    {
        var a = (loadings.Transpose() * loadings).ToArray();
        int n = a.GetLength(0);
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int p = 0; p < n; p++)
                for (int r = p + 1; r < n; r++) off += a[p, r] * a[p, r];
            if (off < 1e-30) break;
            for (int p = 0; p < n; p++)
                for (int r = p + 1; r < n; r++)
                {
                    if (a[p, r] == 0) continue;
                    double theta = 0.5 * Math.Atan2(2 * a[p, r], a[r, r] - a[p, p]);
                    double c = Math.Cos(theta), s = Math.Sin(theta);
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k, p], akr = a[k, r];
                        a[k, p] = c * akp - s * akr;
                        a[k, r] = s * akp + c * akr;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p, k], ark = a[r, k];
                        a[p, k] = c * apk - s * ark;
                        a[r, k] = s * apk + c * ark;
                    }
                }
        }
        return Enumerable.Range(0, n).Select(i => a[i, i]).OrderDescending().ToArray();
    }
}
