using System.CommandLine;
using System.Globalization;

namespace ProbLatent.Cli.Options;

/// <summary>
/// The sizes <c>select</c> fits: <c>--components 1..9</c> or <c>--latent-dim 1..3</c>, a range FROM..TO of whole
/// numbers (both included) or one size, each at least 1.
/// </summary>
public static class SizeRange
{
    /// <summary>The most sizes one range may name: each is a fit with restarts.</summary>
    public const int MostSizes = 1000;

    /// <summary>An option taking a range, whose errors name the option and the text as given.</summary>
    /// <param name="what">What one size counts, for the errors: "component", "latent dimension".</param>
    /// <param name="alias">The short name, or null for none.</param>
    public static Option<int[]?> Option(string name, string? alias, string description, string what) => new(name, alias is null ? [] : [alias])
    {
        Description = description,
        HelpName = "FROM..TO",
        CustomParser = r =>
        {
            try { return Parse(name, string.Join(" ", r.Tokens.Select(t => t.Value)), what); }
            catch (UsageException e) { r.AddError(e.Message); return null; }
        },
    };

    /// <summary>The sizes <paramref name="text"/> names, in increasing order; <see cref="UsageException"/> when it names none.</summary>
    public static int[] Parse(string option, string text, string what)
    {
        var parts = text.Split("..");
        if (parts.Length > 2 || !parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            throw new UsageException($"{option} expects a range of whole numbers FROM..TO (such as 1..4) or one number, got '{text}'");
        int from = int.Parse(parts[0], CultureInfo.InvariantCulture), to = int.Parse(parts[^1], CultureInfo.InvariantCulture);
        if (from < 1) throw new UsageException($"{option} {text}: a model has at least 1 {what}, so the range starts at 1 or above");
        if (to < from) throw new UsageException($"{option} {text} is empty: it ends at {to}, below its start {from}; give FROM..TO with FROM ≤ TO, such as {from}..{from + 3}");
        if ((long)to - from + 1 > MostSizes)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"{option} {text} names {(long)to - from + 1:N0} sizes, each a fit with restarts; give at most {MostSizes:N0}"));
        return Enumerable.Range(from, to - from + 1).ToArray();
    }
}
