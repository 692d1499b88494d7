using ExampleSupport;
using ProbLatent;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbabilisticPca;

/// <summary>
/// One probabilistic-PCA model fitted by all four backends on data drawn from a known PPCA, and, on the same data,
/// factor analysis (diagonal noise) by EM.
/// </summary>
public static class PpcaComparison
{
    public const int DataDimension = 8;
    public const int LatentDimension = 2;
    public const double TrueNoiseVariance = 0.1;

    public static readonly Model Ppca = Model.Define("ppca")
        .Latent("z", Prior.StandardNormal(LatentDimension))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic)))
        .Observe("x", DataDimension);

    public static readonly Model FactorAnalysis = Model.Define("fa")
        .Latent("z", Prior.StandardNormal(LatentDimension))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)))
        .Observe("x", DataDimension);

    /// <summary>Points from a PPCA with random loadings in [−1, 1], zero mean and noise variance 0.1.</summary>
    public static DataMatrix Generate(int count, int seed)
    {
        var random = new Random(seed);
        var truth = new LinearGaussianModel(
            loadings: Enumerable.Range(0, DataDimension * LatentDimension).Select(_ => random.NextDouble() * 2 - 1).ToArray(),
            mean: new double[DataDimension], noiseVariances: Enumerable.Repeat(TrueNoiseVariance, DataDimension).ToArray(),
            LatentDimension, isotropic: true);
        return truth.Generate(count, random).Data;
    }

    /// <summary>
    /// The four backends on the PPCA model. The reparameterized engine trains a VAE with a linear decoder and a linear
    /// encoder. Its defaults are a deep VAE's; a linear model's steps are cheap and its gradients smooth, so here it takes
    /// larger minibatches at a larger learning rate, for a thousand steps (<paramref name="epochs"/> = 100 on 5,000 points):
    /// smaller minibatches leave more noise in the final parameters, and a lower rate needs more steps.
    /// </summary>
    public static IReadOnlyList<FitResult> Run(DataMatrix data, int epochs = 100, int seed = 1) =>
    [
        Ppca.Compile(Inference.Exact()).Fit(data),
        Ppca.Compile(Inference.Em(restarts: 1, seed: seed, tolerance: 1e-10)).Fit(data),
        Ppca.Compile(Inference.Vmp(restarts: 1, seed: seed)).Fit(data),
        Ppca.Compile(Inference.Reparameterized(epochs: epochs, batchSize: 500, learningRate: 1e-2, seed: seed)).Fit(data),
    ];

    public static FitResult FitFactorAnalysis(DataMatrix data, int seed = 1) =>
        FactorAnalysis.Compile(Inference.Em(restarts: 1, seed: seed, tolerance: 1e-10)).Fit(data);

    /// <summary>
    /// The angle between the two columns of W. The exact posterior's covariance is σ²(WᵀW + σ²I)⁻¹, diagonal when the
    /// columns are orthogonal: that is where a VAE's diagonal q can be exact, and where its training pushes W.
    /// </summary>
    public static double ColumnAngleDegrees(LinearGaussianModel model)
    {
        var (a, b) = (model.Loadings.Column(0), model.Loadings.Column(1));
        return Math.Acos(a.DotProduct(b) / (a.L2Norm() * b.L2Norm())) * 180 / Math.PI;
    }

    public static void Print(IEnumerable<(string Label, FitResult Fit)> rows, TextWriter writer)
    {
        var table = new TextTable("model, backend", "log p(x)", "ELBO", "gap", "ELBO ≤ log p(x)", "noise σ²", "iterations", "time (ms)");
        foreach (var (label, fit) in rows)
            table.Add(label, Numbers.Total(fit.LogLikelihood), Numbers.Total(fit.Elbo.Value), Numbers.Gap(fit.Gap),
                Numbers.BoundCheck(fit.LogLikelihood, fit.Elbo.Value),
                ((LinearGaussianModel)fit.Parameters).NoiseVariances.Average().ToString("F4"),
                fit.Iterations.ToString(), Numbers.Milliseconds(fit.WallTime));
        table.Write(writer);
    }
}
