using System.Diagnostics;
using System.Globalization;
using ProbLatent.Backends;

namespace ProbLatent.Cli.Output;

/// <summary>
/// Shows a running fit on one line of standard error — restart, iteration (or epoch) of the most, objective, rate, and
/// the time left — rewritten in place at most ten times a second, and cleared when the fit ends. Only when standard
/// error is a terminal: in files, pipes and tests the output stays clean.
/// </summary>
/// <remarks>
/// EM and VMP stop when they converge, usually long before their iteration limit, so their time left is an upper bound
/// ("at most"): the iterations still allowed, over all restarts, at the rate so far. A fit that counts epochs
/// (<see cref="ProgressUnit.Epoch"/>, the reparameterized backend) runs them all unless stopped early, so its estimate is "about".
/// </remarks>
public sealed class TerminalProgress : IProgress<FitProgress>, IDisposable
{
    readonly StatusLine _line;
    readonly string _label;
    readonly TimeSpan _interval;
    readonly Stopwatch _sinceLastWrite = Stopwatch.StartNew();
    int _restart, _iterationsOfEarlierRestarts, _lastIteration;

    /// <summary>A status line on <paramref name="writer"/>, rewritten at most once per <paramref name="interval"/> (default 100 ms).</summary>
    /// <param name="label">The backend's name, which starts the line.</param>
    public TerminalProgress(TextWriter writer, string label, TimeSpan? interval = null)
    {
        _line = new StatusLine(writer);
        _label = label;
        _interval = interval ?? TimeSpan.FromMilliseconds(100);
    }

    /// <summary>A reporter for <paramref name="error"/> if it is the process's standard error on a terminal, else null.</summary>
    public static TerminalProgress? For(TextWriter error, string label) =>
        StatusLine.IsTerminal(error) ? new TerminalProgress(error, label) : null;

    /// <summary>Called synchronously by the fitting loop (not through a synchronization context).</summary>
    public void Report(FitProgress value)
    {
        // Count the iterations of finished restarts, so that the rate is over all the work done.
        if (value.Restart != _restart)
        {
            _iterationsOfEarlierRestarts += _lastIteration;
            _restart = value.Restart;
        }
        _lastIteration = value.Iteration;
        if (value.MaxIterations == 0 || _sinceLastWrite.Elapsed < _interval) return;
        _sinceLastWrite.Restart();
        _line.Write(Line(_label, value, _iterationsOfEarlierRestarts + value.Iteration));
    }

    /// <summary>
    /// The status line after <paramref name="done"/> iterations in all (this restart's and the earlier ones'):
    /// <c>em: restart 2/5, iteration 37/1000, objective -1130.2644, 850 iterations/s, at most 9 s left (Ctrl+C stops)</c>;
    /// a minibatch trainer's adds its samples/s before its epochs/s.
    /// </summary>
    public static string Line(string label, FitProgress value, int done)
    {
        bool epochs = value.Unit == ProgressUnit.Epoch;
        var unit = epochs ? "epoch" : "iteration";
        var restart = value.Restarts > 1 ? $"restart {value.Restart + 1}/{value.Restarts}, " : "";
        double seconds = value.Elapsed.TotalSeconds;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{label}: {restart}{unit} {value.Iteration}/{value.MaxIterations}, objective {value.Objective:F4}");
        if (done > 0 && seconds > 0)
        {
            double rate = done / seconds;
            long left = value.MaxIterations - value.Iteration + (long)(value.Restarts - value.Restart - 1) * value.MaxIterations;
            text += (value.SamplesPerSecond is { } samples ? $", {Format.Count(samples)} samples/s" : "") +
                    string.Create(CultureInfo.InvariantCulture, $", {rate:G3} {unit}s/s, ") +
                    $"{(epochs ? "about" : "at most")} {Format.Duration(TimeSpan.FromSeconds(left / rate))} left";
        }
        return text + " (Ctrl+C stops)";
    }

    public void Dispose() => _line.Erase();
}
