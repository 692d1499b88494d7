namespace ProbLatent.Cli.Output;

/// <summary>
/// Name–value rows printed one at a time as their values become known, lined up as <see cref="Format.WriteRows"/> lines
/// them up: the names of every row to come are given first. A long step stopped by Ctrl+C then leaves the rows before it printed.
/// </summary>
public sealed class SummaryRows(TextWriter output, IEnumerable<string> names)
{
    readonly int _width = names.Max(n => n.Length) + 2;
    readonly List<(string Name, string Value)> _written = [];

    /// <summary>The rows printed so far, in order.</summary>
    public IReadOnlyList<(string Name, string Value)> Written => _written;

    public void Add(string name, string value)
    {
        if (name.Length + 2 > _width) throw new InvalidOperationException($"the row '{name}' was not among the names the rows were lined up for");
        _written.Add((name, value));
        output.WriteLine(name.PadRight(_width) + value);
        output.Flush();
    }
}
