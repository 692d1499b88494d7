using System.Diagnostics;
using System.Globalization;
using ProbLatent.Backends;

namespace ProbLatent.Cli.Output;

/// <summary>
/// Shows a running fit on one line of standard error (restart, iteration, objective, time), rewritten in place
/// at most ten times a second, and cleared when the fit ends. Only when standard error is a terminal: in files,
/// pipes and tests the output stays clean.
/// </summary>
public sealed class TerminalProgress : IProgress<FitProgress>, IDisposable
{
    readonly TextWriter _writer;
    readonly string _label;
    readonly Stopwatch _sinceLastWrite = Stopwatch.StartNew();
    int _lastLength;

    TerminalProgress(TextWriter writer, string label)
    {
        _writer = writer;
        _label = label;
    }

    /// <summary>A reporter for <paramref name="error"/> if it is the process's standard error on a terminal, else null.</summary>
    public static TerminalProgress? For(TextWriter error, string label) =>
        ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected ? new TerminalProgress(error, label) : null;

    /// <summary>Called synchronously by the fitting loop (not through a synchronization context).</summary>
    public void Report(FitProgress value)
    {
        if (_sinceLastWrite.ElapsedMilliseconds < 100) return;
        _sinceLastWrite.Restart();
        var restart = value.Restarts > 1 ? $"restart {value.Restart + 1}/{value.Restarts}, " : "";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{_label}: {restart}iteration {value.Iteration}/{value.MaxIterations}, objective {value.Objective:F4}, {value.Elapsed.TotalSeconds:F1} s (Ctrl+C stops)");
        _writer.Write("\r" + text.PadRight(_lastLength));
        _lastLength = text.Length;
    }

    public void Dispose()
    {
        if (_lastLength > 0) _writer.Write("\r" + new string(' ', _lastLength) + "\r");
    }
}
