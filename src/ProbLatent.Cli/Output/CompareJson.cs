using ProbLatent.Backends;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ProbLatent.Cli.Output;

/// <summary>
/// <c>compare --json</c> and a report's <c>results.json</c>: the table for machines, every number at full precision, plus
/// each fit's trace (the objective per iteration, total over the data) and the backends skipped or failed with the reason.
/// </summary>
/// <remarks>
/// <c>standardError</c> and <c>importanceSamples</c> are null when <c>isExact</c> is true; <c>parametersFrom</c> names the
/// backend whose parameters the exact backend evaluated (the table's "exact at em's θ"), null for a backend's own fit.
/// <c>emptyComponents</c> lists a mixture's components the fit's q(z) gives less than one point (<c>index</c>,
/// <c>expectedCount</c>), empty when there are none.
/// </remarks>
public static class CompareJson
{
    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        // θ, ‖ and × stay readable rather than \u escapes; the output is a file or a pipe, never HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(CompareResults results)
    {
        var data = results.Data;
        var document = new Document(
            results.Model.ToString(),
            new DataSet(data.Source, data.Rows, data.Columns, data.ColumnNames),
            results.Rows.Select(ToRow).ToArray(),
            results.Skipped.Select(s => new Refusal(s.Backend, s.Reason)).ToArray(),
            results.Failed.Select(f => new Refusal(f.Backend, f.Reason)).ToArray());
        return JsonSerializer.Serialize(document, Options) + "\n";
    }

    static Row ToRow(CompareRow row)
    {
        var fit = row.Fit;
        return new Row(
            fit.Backend, row.Label, row.ParametersFrom,
            fit.LogLikelihood, fit.LogLikelihoodPerPoint, fit.LogLikelihoodIsExact,
            fit.LogLikelihoodIsExact ? null : fit.LogLikelihoodStandardError, fit.LogLikelihoodSamples,
            fit.Elbo.Value, fit.Elbo.ExpectedLogLikelihood, fit.Elbo.ExpectedLogPrior, fit.Elbo.Entropy, fit.Elbo.KlToPrior,
            fit.Gap, fit.Iterations, fit.Converged, fit.WallTime.TotalMilliseconds, fit.EmptyComponents, fit.Trace);
    }

    sealed record Document(string Model, DataSet Data, IReadOnlyList<Row> Fits, IReadOnlyList<Refusal> Skipped, IReadOnlyList<Refusal> Failed);

    sealed record DataSet(string Source, int Rows, int Columns, IReadOnlyList<string> ColumnNames);

    sealed record Row(
        string Backend, string Label, string? ParametersFrom,
        double LogLikelihood, double PerPoint, bool IsExact, double? StandardError, int? ImportanceSamples,
        double Elbo, double ExpectedLogLikelihood, double ExpectedLogPrior, double Entropy, double Kl,
        double Gap, int Iterations, bool Converged, double Milliseconds, IReadOnlyList<EmptyComponent> EmptyComponents, IReadOnlyList<double> Trace);

    sealed record Refusal(string Backend, string Reason);
}
