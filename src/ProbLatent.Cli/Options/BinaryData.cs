namespace ProbLatent.Cli.Options;

/// <summary>The check of data for a Bernoulli likelihood, whose refusal says which option models real values instead.</summary>
public static class BinaryData
{
    /// <summary>Runs <paramref name="check"/>; a value that is not 0 or 1 is refused with <paramref name="alternative"/> as the way out.</summary>
    /// <param name="alternative">The options that fit real values, such as <c>--likelihood gaussian</c>.</param>
    public static void Check(Action check, string alternative)
    {
        try { check(); }
        catch (DataException e)
        {
            throw new DataException($"{e.Reason} (for real values use {alternative})", e.Source, e.Row, e.Column, e.Line, e.ColumnName);
        }
    }
}
