using ProbLatent.Backends;
using ProbLatent.LatentModels;

namespace ExampleSupport;

/// <summary>What the mixture examples compare their fits by: the clusters they find against known labels, and BIC.</summary>
internal static class ClusterComparison
{
    /// <summary>Each point's most probable component under the fit's q, or null for a model with no components.</summary>
    public static int[]? Clusters(FitResult fit) => fit.LatentPosterior switch
    {
        FactorMixturePosterior q => q.Responsibilities.MostProbable(),
        DiscretePosterior q => q.MostProbable(),
        _ => null,
    };

    /// <summary>The share of points whose cluster is their true label, under the best matching of the two labellings of <paramref name="components"/> values.</summary>
    public static double Agreement(int[] clusters, int[] truth, int components)
    {
        static IEnumerable<int[]> Permutations(int[] items) => items.Length <= 1
            ? [items]
            : items.SelectMany(first => Permutations(items.Where(i => i != first).ToArray()).Select(rest => rest.Prepend(first).ToArray()));
        return Permutations(Enumerable.Range(0, components).ToArray())
            .Max(map => clusters.Zip(truth).Count(p => map[p.First] == p.Second) / (double)truth.Length);
    }

    /// <summary>BIC = −2 log p(x) + P log N: the free parameters' price.</summary>
    public static double Bic(FitResult fit) => -2 * fit.LogLikelihood + fit.Parameters.ParameterCount * Math.Log(fit.DataCount);

    /// <summary>A row per fit: log p(x), the bound's check, the parameters and BIC, the share of labels its clusters get right.</summary>
    public static void Print(IEnumerable<(string Label, FitResult Fit)> rows, int[] truth, int components, string agreement, TextWriter writer)
    {
        var table = new TextTable("model", "log p(x)", "ELBO ≤ log p(x)", "parameters", "BIC", agreement, "iterations", "time (ms)");
        foreach (var (label, fit) in rows)
            table.Add(label, Numbers.Total(fit.LogLikelihood), Numbers.BoundCheck(fit.LogLikelihood, fit.Elbo.Value),
                fit.Parameters.ParameterCount.ToString(), Numbers.Total(Bic(fit)),
                Clusters(fit) is { } clusters ? $"{100 * Agreement(clusters, truth, components):F1}%" : "—",
                fit.Iterations.ToString(), Numbers.Milliseconds(fit.WallTime));
        table.Write(writer);
    }
}
