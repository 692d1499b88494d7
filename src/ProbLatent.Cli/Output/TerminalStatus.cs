using System.Diagnostics;

namespace ProbLatent.Cli.Output;

/// <summary>
/// A status line on standard error for work that reports rarely (a training epoch can take minutes): the text and the
/// seconds since it was set, rewritten in place once a second, cleared before other output and when done. Only when
/// standard error is a terminal: in files, pipes and tests the output stays clean.
/// </summary>
public sealed class TerminalStatus : IDisposable
{
    readonly StatusLine _line;
    readonly Lock _lock = new();
    readonly Timer _timer;
    readonly Stopwatch _since = new();
    Func<TimeSpan, string>? _text;

    TerminalStatus(TextWriter writer)
    {
        _line = new StatusLine(writer);
        _timer = new Timer(_ => Draw(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>A status line on <paramref name="error"/> if it is the process's standard error on a terminal, else null.</summary>
    public static TerminalStatus? For(TextWriter error) =>
        StatusLine.IsTerminal(error) ? new TerminalStatus(error) : null;

    /// <summary>Shows a line made from the time since this call, until the next <see cref="Show"/> or <see cref="Clear"/>.</summary>
    public void Show(Func<TimeSpan, string> text)
    {
        lock (_lock)
        {
            _text = text;
            _since.Restart();
        }
        Draw();
    }

    /// <summary>Removes the line, so what is written next starts at the beginning of a clean line.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _text = null;
            _line.Erase();
        }
    }

    void Draw()
    {
        lock (_lock)
        {
            if (_text is not null) _line.Write(_text(_since.Elapsed));
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Clear();
    }
}
