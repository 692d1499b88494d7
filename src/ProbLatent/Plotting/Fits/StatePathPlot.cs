using System.Globalization;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Plotting.Fits;

/// <summary>
/// A hidden Markov model's fit over time: one column of every step, sequences end to end (the subtitle says where each
/// starts), each point coloured by its state on the Viterbi path, with each state's emission mean on that column as a
/// dashed horizontal line (Gaussian emissions). The most probable path, not each step's most probable state: the path is
/// what the chain says happened. <see cref="EveryColumn"/> gives one chart per column from one Viterbi pass.
/// </summary>
public static class StatePathPlot
{
    /// <summary>The sequences' starts the subtitle lists before it says only how many more there are.</summary>
    const int ListedStarts = 8;

    /// <param name="column">The column drawn, 0 for the first.</param>
    /// <exception cref="ArgumentException">The fit is not a hidden Markov model's, or the data is not the steps it was fitted to.</exception>
    public static ScatterChart Of(DataMatrix data, FitResult fit, int column = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, data.Columns);
        var (chain, sequences) = Fitted(data, fit);
        return Chart(data, fit, chain, sequences, chain.Viterbi(sequences), column);
    }

    /// <summary>One chart per column of the data, in column order, the Viterbi path computed once.</summary>
    /// <exception cref="ArgumentException">The fit is not a hidden Markov model's, or the data is not the steps it was fitted to.</exception>
    public static IReadOnlyList<ScatterChart> EveryColumn(DataMatrix data, FitResult fit)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fit);
        var (chain, sequences) = Fitted(data, fit);
        var paths = chain.Viterbi(sequences);
        return Enumerable.Range(0, data.Columns).Select(j => Chart(data, fit, chain, sequences, paths, j)).ToArray();
    }

    static ScatterChart Chart(DataMatrix data, FitResult fit, HiddenMarkovModel chain, SequenceData sequences, IReadOnlyList<ViterbiPath> paths, int column)
    {
        int k = chain.States, row = 0;
        var x = Enumerable.Range(0, k).Select(_ => new List<double>()).ToArray();
        var y = Enumerable.Range(0, k).Select(_ => new List<double>()).ToArray();
        var starts = new List<int>();
        foreach (var path in paths)
        {
            starts.Add(row);
            foreach (var state in path.States)
            {
                x[state].Add(row);
                y[state].Add(data[row, column]);
                row++;
            }
        }
        var groups = Enumerable.Range(0, k).Where(s => x[s].Count > 0)
            .Select(s => new PointGroup($"state {s + 1} ({x[s].Count} steps)", x[s], y[s], Palette.Colour(s))).ToArray();
        var levels = chain.Emissions is GaussianMixture gaussians
            ? Enumerable.Range(0, k).Select(s => new ReferenceLine(string.Create(CultureInfo.InvariantCulture, $"state {s + 1} mean {gaussians.Mean(s)[column]:G4}"),
                gaussians.Mean(s)[column], Palette.Colour(s))).ToArray()
            : [];
        var name = data.ColumnNames[column];
        return new ScatterChart
        {
            Title = $"{data.Source}: {name} over time by Viterbi state ({fit.Backend})",
            Subtitle = sequences.Count == 1 ? $"{k} states" : $"{k} states; {sequences.Count} sequences end to end, {Starts(starts)}",
            XTitle = "step",
            YTitle = name,
            Groups = groups,
            Levels = levels,
        };
    }

    /// <summary>"starting at steps 0, 100 and 250", or the first <see cref="ListedStarts"/> and how many more.</summary>
    static string Starts(IReadOnlyList<int> starts)
    {
        var listed = starts.Take(ListedStarts).Select(s => s.ToString(CultureInfo.InvariantCulture)).ToArray();
        return starts.Count <= ListedStarts
            ? $"starting at steps {string.Join(", ", listed[..^1])} and {listed[^1]}"
            : $"starting at steps {string.Join(", ", listed)} and {starts.Count - ListedStarts} more";
    }

    /// <summary>The fitted chain and the data split into the sequences it was fitted to.</summary>
    internal static (HiddenMarkovModel Chain, SequenceData Sequences) Fitted(DataMatrix data, FitResult fit)
    {
        if (fit.Parameters is not HiddenMarkovModel chain || fit.LatentPosterior is not ChainPosterior posterior)
            throw new ArgumentException($"a state-path plot shows a hidden Markov model; {fit.Backend}'s fit is a {fit.Parameters.Family}");
        if (data.Rows != posterior.Count || data.Columns != chain.DataDimension)
            throw new ArgumentException($"{data.Source} ({data.Rows}×{data.Columns}) is not the data {fit.Backend} fitted ({posterior.Count}×{chain.DataDimension})");
        return (chain, SequenceData.Split(data, posterior.Lengths));
    }
}
