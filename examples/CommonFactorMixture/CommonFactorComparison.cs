using ExampleSupport;
using ProbLatent;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace CommonFactorMixtures;

/// <summary>
/// The iris flowers fitted by EM as a mixture of common factor analysers — three clusters in one shared two-dimensional
/// factor space — beside a mixture of factor analysers (a factor space per cluster) and a full-covariance Gaussian
/// mixture, each judged by its likelihood, its parameters' price (BIC) and how well its clusters match the species.
/// </summary>
public static class CommonFactorComparison
{
    public const int Components = 3;
    public const int LatentDimension = 2;
    const int DataDimension = 4;

    /// <summary>c ~ Categorical(3); z | c ~ N(ξ_c, Ω_c) in 2 dimensions; x | z ~ N(A z + μ, Ψ) with one A for every c.</summary>
    public static readonly Model CommonFactors = Model.Define("mcfa")
        .Latent("c", Prior.Categorical(Components))
        .Latent("z", Prior.StandardNormal(LatentDimension).Given("c", Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)))
        .Observe("x", DataDimension);

    static readonly Model FactorAnalysers = Model.Define("mfa")
        .Latent("c", Prior.Categorical(Components))
        .Latent("h", Prior.StandardNormal(LatentDimension))
        .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal))))
        .Observe("x", DataDimension);

    static readonly Model GaussianMixture = Model.Define("gmm")
        .Latent("z", Prior.Categorical(Components))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full)))
        .Observe("x", DataDimension);

    /// <summary>The species of each flower as 0, 1 or 2, in the order they first appear.</summary>
    public static int[] Species()
    {
        var names = Examples.IrisSpecies();
        var order = names.Distinct().ToList();
        return names.Select(name => order.IndexOf(name)).ToArray();
    }

    /// <summary>The three models by EM, each from the same seeded restarts.</summary>
    public static IReadOnlyList<(string Label, FitResult Fit)> Run(DataMatrix data, int restarts = 3, int maxIterations = 500, int seed = 1)
    {
        var em = Inference.Em(restarts: restarts, seed: seed, maxIterations: maxIterations);
        return
        [
            ("mixture of common FA", CommonFactors.Compile(em).Fit(data)),
            ("mixture of FA", FactorAnalysers.Compile(em).Fit(data)),
            ("Gaussian mixture, full", GaussianMixture.Compile(em).Fit(data)),
        ];
    }

    /// <summary>The share of flowers whose most probable component is their species, under the best matching of the labels.</summary>
    public static double SpeciesAgreement(FitResult fit, int[] species) => ClusterComparison.Agreement(ClusterComparison.Clusters(fit)!, species, Components);

    public static void Print(IEnumerable<(string Label, FitResult Fit)> rows, int[] species, TextWriter writer) =>
        ClusterComparison.Print(rows, species, Components, "species right", writer);

    /// <summary>The fitted weights, each component's place ξ and spread Ω in the shared factor space, and the loadings A.</summary>
    public static void PrintParameters(MixtureOfCommonFactorAnalysers m, TextWriter writer)
    {
        static string Vector(IEnumerable<double> values) => $"[{string.Join(", ", values.Select(v => v.ToString("F3")))}]";
        for (int c = 0; c < m.Components; c++)
        {
            var omega = m.LatentCovariance(c);
            writer.WriteLine($"  component {c}: weight {m.Weights[c]:F3}, ξ = {Vector(m.LatentMean(c))}, " +
                             $"Ω = [{Vector(omega.Row(0))}, {Vector(omega.Row(1))}]");
        }
        writer.WriteLine($"  A (4×2, shared): {string.Join(" ", Enumerable.Range(0, m.Dimension).Select(j => Vector(m.Loadings.Row(j))))}");
        writer.WriteLine($"  μ = {Vector(m.Offset)}, Ψ = {Vector(m.NoiseVariances)}");
    }

    /// <summary>E[z | x] over the components, averaged over each species' flowers: where the species sit in the shared factor space.</summary>
    public static double[][] SpeciesFactorMeans(FactorMixturePosterior posterior, int[] species)
    {
        int k = posterior.Components, q = posterior.LatentDimension;
        var means = posterior.Means();
        return Enumerable.Range(0, species.Max() + 1).Select(s =>
        {
            var members = Enumerable.Range(0, species.Length).Where(n => species[n] == s).ToArray();
            return Enumerable.Range(0, q).Select(i => members.Average(n => means[n * (k + q) + k + i])).ToArray();
        }).ToArray();
    }
}
