using System.Globalization;
using Spectre.Console;

namespace ProbLatent.Cli.Output;

/// <summary>
/// <c>compare</c>'s table, for the terminal (a Spectre table) and for a report (Markdown), from one list of columns:
/// the log-likelihood (± its Monte Carlo standard error when importance-sampled), per point, the ELBO and its two terms
/// (ELBO = E[log p(x|z)] − KL), the gap, iterations, convergence and time.
/// </summary>
public static class CompareTable
{
    public static IReadOnlyList<string> Headers { get; } =
        ["backend", "log p(x)", "per point", "ELBO", "E[log p(x|z)]", "KL(q‖p)", "gap", "iterations", "converged", "time (ms)"];

    /// <summary>A row's cells, in the order of <see cref="Headers"/>.</summary>
    public static IReadOnlyList<string> Cells(CompareRow row)
    {
        var fit = row.Fit;
        return
        [
            row.Label,
            fit.LogLikelihoodIsExact
                ? Format.Total(fit.LogLikelihood)
                : $"{Format.Total(fit.LogLikelihood)} ± {Format.StandardError(fit.LogLikelihoodStandardError)}",
            Format.PerPoint(fit.LogLikelihoodPerPoint),
            Format.Total(fit.Elbo.Value),
            Format.Total(fit.Elbo.Reconstruction),
            Format.Total(fit.Elbo.KlToPrior),
            Format.Gap(fit.Gap),
            fit.Iterations.ToString(CultureInfo.InvariantCulture),
            Format.YesNo(fit.Converged),
            Format.Milliseconds(fit.WallTime),
        ];
    }

    public static Table ForConsole(IReadOnlyList<CompareRow> rows) => TextTable.ForConsole(Headers, rows.Select(Cells));

    /// <summary>A GitHub-flavoured Markdown table (pipes in cells escaped), numbers right-aligned.</summary>
    public static string Markdown(IReadOnlyList<CompareRow> rows) => TextTable.Markdown(Headers, rows.Select(Cells));

    /// <summary>
    /// The lines under the table: what the columns mean, the components a fit emptied (VMP prunes those the data does
    /// not need), and the backends that refused the model or failed.
    /// </summary>
    public static IReadOnlyList<string> Notes(CompareResults results)
    {
        var notes = new List<string>();
        if (results.Rows.Count > 0)
            notes.Add("ELBO = E[log p(x|z)] − KL(q‖p), q's divergence from the prior" +
                      (results.Rows.Any(r => r.Fit.ParameterPosterior is not null) ? " (for vmp over z and θ)" : "") + "; gap = log p(x) − ELBO");
        if (results.Rows.Any(r => r.Fit.Parameters is LatentModels.RestrictedBoltzmannMachine))
            notes.Add("for an rbm, E[log p(x|z)] is E_q[log p(v, h)] and KL(q‖p) is −H[q]: an undirected model has no prior over h of its own, only the joint");
        if (results.Rows.Any(r => !r.Fit.LogLikelihoodIsExact))
            notes.Add("± is the Monte Carlo standard error of an importance-sampled log p(x) (IWAE-k); the others are exact");
        foreach (var row in results.Rows.Where(r => r.ParametersFrom is null))
            if (Format.EmptyComponents(row.Fit) is { } empty) notes.Add($"empty components of {row.Label}: {empty}");
        notes.AddRange(results.Skipped.Select(s => $"skipped {s.Backend}: {s.Reason}"));
        notes.AddRange(results.Failed.Select(f => $"failed {f.Backend}: {f.Reason}"));
        return notes;
    }
}
