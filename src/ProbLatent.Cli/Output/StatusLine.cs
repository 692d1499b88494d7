namespace ProbLatent.Cli.Output;

/// <summary>
/// One line of a writer rewritten in place (a carriage return, then the text padded over the last one) and erased
/// when done: what <see cref="TerminalProgress"/> and <see cref="TerminalStatus"/> draw on.
/// </summary>
public sealed class StatusLine(TextWriter writer)
{
    int _lastLength;

    /// <summary>True when <paramref name="error"/> is the process's standard error on a terminal: files, pipes and tests get no status lines.</summary>
    public static bool IsTerminal(TextWriter error) => ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;

    public void Write(string text)
    {
        writer.Write("\r" + text.PadRight(_lastLength));
        writer.Flush();
        _lastLength = text.Length;
    }

    /// <summary>Blanks the line, so what is written next starts at the beginning of a clean line.</summary>
    public void Erase()
    {
        if (_lastLength == 0) return;
        writer.Write("\r" + new string(' ', _lastLength) + "\r");
        writer.Flush();
        _lastLength = 0;
    }
}
