using System.Globalization;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Plotting.Fits;

/// <summary>
/// A hidden Markov model's fit over time: the first column of every step, sequences end to end, each point coloured by
/// its state on the Viterbi path, with each state's emission mean on that column as a dashed horizontal line (Gaussian
/// emissions). The most probable path, not each step's most probable state: the path is what the chain says happened.
/// </summary>
public static class StatePathPlot
{
    /// <exception cref="ArgumentException">The fit is not a hidden Markov model's, or the data is not the steps it was fitted to.</exception>
    public static ScatterChart Of(DataMatrix data, FitResult fit)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fit);
        var (chain, sequences) = Fitted(data, fit);
        var paths = chain.Viterbi(sequences);
        int k = chain.States, row = 0;
        var x = Enumerable.Range(0, k).Select(_ => new List<double>()).ToArray();
        var y = Enumerable.Range(0, k).Select(_ => new List<double>()).ToArray();
        foreach (var path in paths)
            foreach (var state in path.States)
            {
                x[state].Add(row);
                y[state].Add(data[row, 0]);
                row++;
            }
        var groups = Enumerable.Range(0, k).Where(s => x[s].Count > 0)
            .Select(s => new PointGroup($"state {s + 1} ({x[s].Count} steps)", x[s], y[s], Palette.Colour(s))).ToArray();
        var levels = chain.Emissions is GaussianMixture gaussians
            ? Enumerable.Range(0, k).Select(s => new ReferenceLine(string.Create(CultureInfo.InvariantCulture, $"state {s + 1} mean {gaussians.Mean(s)[0]:G4}"),
                gaussians.Mean(s)[0], Palette.Colour(s))).ToArray()
            : [];
        var column = data.ColumnNames[0];
        return new ScatterChart
        {
            Title = $"{data.Source}: {column} over time by Viterbi state ({fit.Backend})",
            Subtitle = sequences.Count == 1 ? $"{k} states" : $"{k} states; {sequences.Count} sequences end to end",
            XTitle = "step",
            YTitle = column,
            Groups = groups,
            Levels = levels,
        };
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
