using System.Globalization;
using ProbLatent.Backends.Reparameterized;

namespace ProbLatent.Cli.Output;

/// <summary>
/// The per-epoch lines of a training run, printed as each epoch finishes (a table that grows, so not a Spectre table,
/// which is drawn once): the training objective per point and, for the ELBO, its reconstruction and KL terms, the
/// validation and test ELBO per point when those sets exist (an autoencoder's reconstruction log-likelihood instead),
/// samples per second, the epoch's time and the time left.
/// </summary>
public sealed class EpochTable
{
    readonly List<(string Header, int Width, Func<EpochReport, string> Cell)> _columns = [];

    /// <param name="objective">The training objective's name: ELBO, or IWAE-k.</param>
    /// <param name="terms">Whether to show the reconstruction and KL terms (they add up to the ELBO, not to an IWAE bound).</param>
    /// <param name="reconstruction">The validation and test columns are an autoencoder's reconstruction log-likelihood, named as <paramref name="objective"/>, not an ELBO.</param>
    public EpochTable(string objective, bool terms, bool validation, bool test, bool reconstruction = false)
    {
        var inv = CultureInfo.InvariantCulture;
        Add("epoch", 5, r => r.Epoch.ToString(inv));
        Add($"train {objective}", 12, r => Format.PerPointCompact(r.TrainObjective));
        if (terms)
        {
            Add("reconstruction", 14, r => Format.PerPointCompact(r.TrainReconstruction));
            Add("KL", 10, r => Format.PerPointCompact(r.TrainKl));
        }
        if (reconstruction)
        {
            if (validation) Add($"valid {objective}", 12, r => r.ValidationReconstruction is { } v ? Format.PerPointCompact(v) : "");
            if (test) Add($"test {objective}", 12, r => r.TestReconstruction is { } v ? Format.PerPointCompact(v) : "");
        }
        else
        {
            if (validation) Add("valid ELBO", 12, r => r.ValidationElbo is { } v ? Format.PerPointCompact(v) : "");
            if (test) Add("test ELBO", 12, r => r.TestElbo is { } v ? Format.PerPointCompact(v) : "");
        }
        Add("samples/s", 10, r => Format.Count(r.SamplesPerSecond));
        Add("time (s)", 9, r => Format.Seconds(r.TrainingTime));
        Add("ETA", 8, r => Format.Duration(r.Remaining));
    }

    void Add(string header, int width, Func<EpochReport, string> cell) => _columns.Add((header, Math.Max(width, header.Length), cell));

    /// <summary>The column headers, right-aligned over their columns.</summary>
    public string Header => string.Join("  ", _columns.Select(c => c.Header.PadLeft(c.Width)));

    /// <summary>One epoch's line; <paramref name="note"/> follows it (such as "stopped by Ctrl+C").</summary>
    public string Row(EpochReport report, string? note = null)
    {
        var row = string.Join("  ", _columns.Select(c => c.Cell(report).PadLeft(c.Width)));
        return note is null ? row : $"{row}  {note}";
    }
}
