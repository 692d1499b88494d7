using ExampleSupport;
using ProbLatent;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace FactorAnalyserMixtures;

/// <summary>
/// Clusters that each lie near a plane of their own in 6 dimensions, drawn from a known mixture of factor analysers,
/// fitted by a mixture of factor analysers and of PPCA, by Gaussian mixtures with full and with diagonal covariances, and
/// by one factor analyser, all by EM on the same data.
/// </summary>
public static class FactorMixtureComparison
{
    public const int DataDimension = 6;
    public const int Components = 3;
    public const int LatentDimension = 2;

    /// <summary>c ~ Categorical(K) picks a component, h ~ N(0, I) its factors, and x | c, h ~ N(W_c h + μ_c, Ψ_c).</summary>
    public static Model FactorMixture(Covariance noise) => Model.Define(noise == Covariance.Isotropic ? "mppca" : "mfa")
        .Latent("c", Prior.Categorical(Components))
        .Latent("h", Prior.StandardNormal(LatentDimension))
        .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(noise))))
        .Observe("x", DataDimension);

    public static Model GaussianMixture(Covariance covariance) => Model.Define(covariance == Covariance.Full ? "gmm-full" : "gmm-diagonal")
        .Latent("z", Prior.Categorical(Components))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(covariance)))
        .Observe("x", DataDimension);

    public static readonly Model FactorAnalysis = Model.Define("fa")
        .Latent("z", Prior.StandardNormal(LatentDimension))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)))
        .Observe("x", DataDimension);

    /// <summary>
    /// The mixture the data comes from: means 6 apart along the axes, loadings in [−2, 2] (each cluster stretched along its
    /// own plane) and noise variances in [0.05, 0.2].
    /// </summary>
    public static MixtureOfFactorAnalysers Truth(int seed)
    {
        var random = new Random(seed);
        var components = Enumerable.Range(0, Components).Select(k => new LinearGaussianModel(
            loadings: Enumerable.Range(0, DataDimension * LatentDimension).Select(_ => random.NextDouble() * 4 - 2).ToArray(),
            mean: Enumerable.Range(0, DataDimension).Select(j => j == k ? 6.0 : 0.0).ToArray(),
            noiseVariances: Enumerable.Range(0, DataDimension).Select(_ => 0.05 + 0.15 * random.NextDouble()).ToArray(),
            LatentDimension, isotropic: false)).ToArray();
        return new MixtureOfFactorAnalysers([0.5, 0.3, 0.2], components);
    }

    /// <summary>The points, and the component that drew each one.</summary>
    public static (DataMatrix Data, int[] Components) Generate(int count, int seed)
    {
        var drawn = Truth(seed).Generate(count, new Random(seed + 1));
        return (drawn.Data, Enumerable.Range(0, count).Select(n => (int)drawn.Latents[n, 0]).ToArray());
    }

    /// <summary>The five models by EM, each from the same seeded restarts.</summary>
    public static IReadOnlyList<(string Label, FitResult Fit)> Run(DataMatrix data, int restarts = 3, int maxIterations = 500, int seed = 1)
    {
        var em = Inference.Em(restarts: restarts, seed: seed, maxIterations: maxIterations);
        return
        [
            ("mixture of FA", FactorMixture(Covariance.Diagonal).Compile(em).Fit(data)),
            ("mixture of PPCA", FactorMixture(Covariance.Isotropic).Compile(em).Fit(data)),
            ("Gaussian mixture, full", GaussianMixture(Covariance.Full).Compile(em).Fit(data)),
            ("Gaussian mixture, diagonal", GaussianMixture(Covariance.Diagonal).Compile(em).Fit(data)),
            ("factor analysis", FactorAnalysis.Compile(em).Fit(data)),
        ];
    }

    /// <summary>Each point's most probable component under the fit's q, or null for a model with no components.</summary>
    public static int[]? Clusters(FitResult fit) => ClusterComparison.Clusters(fit);

    /// <summary>The share of points whose cluster is their true component, under the best matching of the two labellings.</summary>
    public static double Agreement(int[] clusters, int[] truth) => ClusterComparison.Agreement(clusters, truth, Components);

    /// <summary>BIC = −2 log p(x) + P log N: the free parameters' price, which the full-covariance mixture pays most of.</summary>
    public static double Bic(FitResult fit) => ClusterComparison.Bic(fit);

    public static void Print(IEnumerable<(string Label, FitResult Fit)> rows, int[] truth, TextWriter writer) =>
        ClusterComparison.Print(rows, truth, Components, "clusters right", writer);
}
