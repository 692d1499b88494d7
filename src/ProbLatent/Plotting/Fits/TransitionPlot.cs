using System.Globalization;
using ProbLatent.LatentModels;

namespace ProbLatent.Plotting.Fits;

/// <summary>A hidden Markov model's transition matrix as a labelled heat map: row i is the state moved from, column j the state moved to.</summary>
public static class TransitionPlot
{
    public static HeatMap Of(HiddenMarkovModel chain, string title)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var labels = Enumerable.Range(1, chain.States).Select(s => $"state {s}").ToArray();
        var durations = chain.ExpectedDurations();
        return new HeatMap
        {
            Title = title,
            Subtitle = "expected durations 1/(1 − Aₖₖ): " + string.Join(", ",
                durations.Select((d, s) => string.Create(CultureInfo.InvariantCulture, $"state {s + 1} {d:G4} steps"))),
            RowTitle = "from",
            ColumnTitle = "to",
            RowLabels = labels,
            ColumnLabels = labels,
            // Rounding can leave a stored row a hair above one; the map shows probabilities.
            Values = chain.Transitions.Select(p => Math.Clamp(p, 0, 1)).ToArray(),
        };
    }
}
