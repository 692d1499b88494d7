using System.Diagnostics;

namespace ProbLatent.Cli.Output;

/// <summary>
/// A status line on standard error for work that reports rarely (a training epoch can take minutes): the text and the
/// seconds since it was set, rewritten in place once a second, cleared before other output and when done. Only when
/// standard error is a terminal: in files, pipes and tests the output stays clean.
/// </summary>
public sealed class TerminalStatus : IDisposable
{
    readonly TextWriter _writer;
    readonly Lock _lock = new();
    readonly Timer _timer;
    readonly Stopwatch _since = new();
    Func<TimeSpan, string>? _text;
    int _lastLength;

    TerminalStatus(TextWriter writer)
    {
        _writer = writer;
        _timer = new Timer(_ => Draw(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>A status line on <paramref name="error"/> if it is the process's standard error on a terminal, else null.</summary>
    public static TerminalStatus? For(TextWriter error) =>
        ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected ? new TerminalStatus(error) : null;

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
            Erase();
        }
    }

    void Draw()
    {
        lock (_lock)
        {
            if (_text is null) return;
            var text = _text(_since.Elapsed);
            _writer.Write("\r" + text.PadRight(_lastLength));
            _writer.Flush();
            _lastLength = text.Length;
        }
    }

    void Erase()
    {
        if (_lastLength == 0) return;
        _writer.Write("\r" + new string(' ', _lastLength) + "\r");
        _writer.Flush();
        _lastLength = 0;
    }

    public void Dispose()
    {
        _timer.Dispose();
        Clear();
    }
}
