using System.Globalization;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Plotting.Fits;

/// <summary>
/// Where a 2-D variational autoencoder's encoder puts data — the mean of q(z | x) for each row, or a plain autoencoder's
/// code z = f(x) — coloured by label when the
/// data has labels (the binarized-MNIST test split: <see cref="BinarizedMnistLabels"/>), in one colour otherwise.
/// At most <see cref="MaxPoints"/> rows are drawn, every k-th row, so that a sorted file is sampled evenly.
/// </summary>
public static class LatentPlot
{
    /// <summary>More points than this add bytes but no information to the picture.</summary>
    public const int MaxPoints = 5000;

    /// <param name="labels">A label per row of <paramref name="data"/> (0, 1, … ; a digit), or null.</param>
    /// <exception cref="ArgumentException">The latent is not 2-D, or the labels do not match the rows.</exception>
    public static ScatterChart Of(NetworkModel vae, FloatMatrix data, IReadOnlyList<int>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(vae);
        ArgumentNullException.ThrowIfNull(data);
        if (vae.LatentDimension != 2) throw new ArgumentException($"a latent scatter plot needs a 2-D latent, not {vae.LatentDimension}-D");
        if (labels is not null && labels.Count != data.Rows)
            throw new ArgumentException($"{labels.Count} labels for {data.Rows} rows of {data.Source}");
        int every = (data.Rows + MaxPoints - 1) / MaxPoints;
        bool plain = vae is Autoencoder;
        var rows = Enumerable.Range(0, data.Rows).Where(i => i % every == 0).ToArray();
        var means = vae.Locate(every == 1 ? data : data.EveryNthRow(every)).Values.ToArray();
        var groups = labels is null
            ? [new PointGroup(string.Create(CultureInfo.InvariantCulture, $"{rows.Length:N0} rows"), Column(means, rows, 0), Column(means, rows, 1))]
            : rows.Select((row, i) => (Label: labels[row], Index: i)).GroupBy(p => p.Label).OrderBy(g => g.Key)
                .Select(g => new PointGroup(string.Create(CultureInfo.InvariantCulture, $"digit {g.Key}: {Counted.Of(g.Count(), "row")}"),
                    g.Select(p => means[2 * p.Index]).ToArray(), g.Select(p => means[2 * p.Index + 1]).ToArray(), Palette.Colour(g.Key)))
                .ToList();
        var sampled = every == 1
            ? string.Create(CultureInfo.InvariantCulture, $"all {data.Rows:N0} rows")
            : string.Create(CultureInfo.InvariantCulture, $"one row in {every}, evenly spread ({rows.Length:N0} of {data.Rows:N0})");
        return new ScatterChart
        {
            Title = $"Where the {(plain ? "autoencoder's encoder" : "encoder")} puts {DataName.Of(data.Source)}",
            Subtitle = string.Create(CultureInfo.InvariantCulture, $"{(plain ? "the code z = f(x)" : "the mean of q(z | x)")} for {sampled}; ") +
                       (labels is null ? "the data has no labels" : $"coloured by digit, from the test file's documented sort order (the {(plain ? "autoencoder" : "VAE")} never saw the labels)"),
            XTitle = "z₁",
            YTitle = "z₂",
            Groups = groups,
        };
    }

    static double[] Column(double[] means, int[] rows, int column) => Enumerable.Range(0, rows.Length).Select(i => means[2 * i + column]).ToArray();
}
