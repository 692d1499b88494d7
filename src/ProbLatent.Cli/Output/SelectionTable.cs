using System.Globalization;
using ProbLatent.Backends;
using ProbLatent.LatentModels;
using ProbLatent.Selection;

namespace ProbLatent.Cli.Output;

/// <summary>
/// <c>select</c>'s table, for the terminal and for a report: per size fitted, the log-likelihood, the free parameters,
/// BIC, AIC, ICL (mixtures) and the ELBO (VMP), the best of each criterion marked with <see cref="BestMark"/>, the
/// components the fit emptied (VMP's posterior, or an EM fit that lost one), then iterations and convergence; and the
/// lines under it.
/// </summary>
public static class SelectionTable
{
    /// <summary>After the best value of each criterion's column.</summary>
    public const string BestMark = " *";

    /// <param name="size">The size's column header: K for components, Q for a latent dimension.</param>
    public static IReadOnlyList<string> Headers(SelectionResult result, string size) =>
        [size, "log L", "parameters", .. result.Criteria.Select(Name), .. ShowsEmpty(result) ? ["emptied"] : Array.Empty<string>(), "iterations", "converged"];

    /// <summary>The emptied components have a column for VMP's mixtures, which empty what the data does not need, and whenever a fit emptied one.</summary>
    static bool ShowsEmpty(SelectionResult result) =>
        result.Candidates.Any(c => c.EmptyComponents > 0) || (result.Criteria.Contains(Criterion.Elbo) && result.Criteria.Contains(Criterion.Icl));

    /// <summary>The rows' cells, in the order of <see cref="Headers"/>.</summary>
    public static IEnumerable<IReadOnlyList<string>> Rows(SelectionResult result)
    {
        var criteria = result.Criteria;
        var best = criteria.Select(result.Best).ToArray();
        bool empty = ShowsEmpty(result);
        return result.Candidates.Select(c => (IReadOnlyList<string>)
        [
            c.Size.ToString(CultureInfo.InvariantCulture),
            Format.Total(c.LogLikelihood),
            c.ParameterCount.ToString(CultureInfo.InvariantCulture),
            .. criteria.Select((criterion, i) => c.Value(criterion) is { } value
                ? Format.Total(value) + (ReferenceEquals(c, best[i]) ? BestMark : new string(' ', BestMark.Length))
                : "—"),
            .. empty ? [c.EmptyComponents.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(),
            c.Fit.Iterations.ToString(CultureInfo.InvariantCulture),
            Format.YesNo(c.Fit.Converged),
        ]);
    }

    /// <summary>"best      BIC K = 2, AIC K = 4, ICL K = 2".</summary>
    public static string Best(SelectionResult result, string size) =>
        string.Join(", ", result.Criteria.Select(c => $"{Name(c)} {size} = {result.Best(c)!.Size.ToString(CultureInfo.InvariantCulture)}"));

    static string IclDefinition(SelectionResult result) =>
        result.Candidates.Any(c => c.Fit.Parameters is HiddenMarkovModel) ? InformationCriteria.ChainIclDefinition : InformationCriteria.IclDefinition;

    /// <summary>The lines under the table: the sign convention, what the ELBO and log L are, the sizes that failed.</summary>
    public static IReadOnlyList<string> Notes(SelectionResult result, string size)
    {
        var notes = new List<string>();
        if (result.Candidates.Count > 0)
        {
            notes.Add($"best: {Best(result, size)} (marked *)");
            notes.Add($"criteria: {InformationCriteria.SignConvention}; n = {Format.Count(result.DataCount)}, p = the free parameters" +
                      (result.Criteria.Contains(Criterion.Icl) ? $"; {IclDefinition(result)}" : ""));
            if (result.Candidates.Any(c => c.Fit.ParameterPosterior is not null))
                notes.Add("vmp: log L and the criteria are at the posterior means; the ELBO bounds the evidence with the parameters integrated out, " +
                          "its own criterion of the size");
            if (ShowsEmpty(result))
                notes.Add($"emptied: the components the fit's q(z) gives less than {EmptyComponent.Threshold.ToString(CultureInfo.InvariantCulture)} point in expectation " +
                          $"(VMP's posterior empties those the data does not need): the {size} the fit uses is {size} − emptied");
            if (result.Candidates.Any(c => !c.Fit.Converged))
                notes.Add("a fit that did not converge has a lower log L than it would reach: raise --max-iterations");
        }
        notes.AddRange(result.Failed.Select(f => $"failed {size} = {f.Size.ToString(CultureInfo.InvariantCulture)}: {f.Reason}"));
        return notes;
    }

    static string Name(Criterion criterion) => criterion == Criterion.Elbo ? "ELBO" : criterion.ToString().ToUpperInvariant();
}
