namespace ProbLatent;

/// <summary>A count with its noun in messages: "1 row", "3 rows", never "1 rows".</summary>
internal static class Counted
{
    /// <summary><paramref name="count"/> and <paramref name="noun"/>, plural (with an s) unless the count is one.</summary>
    public static string Of(long count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
