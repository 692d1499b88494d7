namespace ProbLatent.Cli.Cancellation;

/// <summary>
/// What Ctrl+C does to the running program. The first press cancels <see cref="CliContext.Cancellation"/>: the command
/// stops at its next safe point, keeps what it can (see the CLI README, "Saving, divergence and Ctrl+C") and exits with
/// <see cref="ExitCodes.Cancelled"/>. A second press ends the process at once with the same code — after waiting for a
/// save in progress to finish (<see cref="SaveGate"/>), so that no file is left half-written or lost mid-move.
/// </summary>
public sealed class CtrlC : IDisposable
{
    readonly CancellationTokenSource _source;
    readonly SaveGate _saves;
    readonly TextWriter _error;
    int _presses;

    CtrlC(CancellationTokenSource source, SaveGate saves, TextWriter error)
    {
        _source = source;
        _saves = saves;
        _error = error;
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    /// <summary>Handles Ctrl+C (SIGINT) for the process until disposed.</summary>
    public static CtrlC Install(CancellationTokenSource source, SaveGate saves, TextWriter error) => new(source, saves, error);

    void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        // Never the runtime's default, which ends the process without waiting for anything.
        e.Cancel = true;
        if (Interlocked.Increment(ref _presses) == 1)
        {
            _source.Cancel();
            return;
        }
        _saves.Stop(what =>
        {
            _error.WriteLine($"error: cancelled: {what}");
            _error.Flush();
            Environment.Exit(ExitCodes.Cancelled);
        });
    }

    public void Dispose() => Console.CancelKeyPress -= OnCancelKeyPress;
}
