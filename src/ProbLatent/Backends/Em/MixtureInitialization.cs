using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Em;

/// <summary>What the mixture EMs share: a one-hot q from hard assignments, and the weights an M step gives.</summary>
internal static class MixtureInitialization
{
    /// <summary>Keeps an emptied component's counts above zero so its M step stays finite (10 × machine epsilon, as scikit-learn does).</summary>
    const double CountFloor = 2.2e-15;

    public static DiscretePosterior HardPosterior(int[] assignments, int components)
    {
        var probabilities = new double[assignments.Length * components];
        for (int n = 0; n < assignments.Length; n++) probabilities[n * components + assignments[n]] = 1;
        return new DiscretePosterior(probabilities, assignments.Length, components);
    }

    /// <summary>Nₖ = Σₙ q(zₙ = k) (floored) and the maximum-likelihood weights Nₖ / N.</summary>
    public static (double[] Counts, double[] Weights) Weights(DiscretePosterior q)
    {
        int k = q.States;
        var counts = new double[k];
        for (int n = 0; n < q.Count; n++)
        {
            var r = q.Row(n);
            for (int c = 0; c < k; c++) counts[c] += r[c];
        }
        double total = counts.Sum();
        var weights = counts.Select(c => c / total).ToArray();
        for (int c = 0; c < k; c++) counts[c] = Math.Max(counts[c], CountFloor);
        return (counts, weights);
    }
}
