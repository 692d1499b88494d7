namespace ProbLatent.Cli.Cancellation;

/// <summary>
/// Every file a command writes for the user (<c>--out</c>) is written through here, one at a time, so that a second
/// Ctrl+C (<see cref="CtrlC"/>) can wait for a write in progress before it ends the process: the file is then complete, or —
/// for a write that the first Ctrl+C abandoned — never there, and an earlier file at that path is as it was.
/// </summary>
public sealed class SaveGate(TestPhases phases)
{
    readonly Lock _lock = new();
    readonly List<string> _written = [];
    string? _current;
    bool _stopping;

    /// <summary>A gate that no second Ctrl+C watches (the command line run in-process) and no test hook slows.</summary>
    public SaveGate() : this(TestPhases.None) { }

    /// <summary>
    /// Runs <paramref name="write"/>, which writes <paramref name="path"/> atomically, with the gate held. Returns whether the
    /// file was there before, so that a message can say it was replaced.
    /// </summary>
    public bool Write(string path, Action write)
    {
        ArgumentNullException.ThrowIfNull(write);
        bool existed;
        try
        {
            lock (_lock)
            {
                existed = File.Exists(path);
                Volatile.Write(ref _current, path);
                try
                {
                    phases.Enter("save");
                    write();
                    _written.Add(path);
                }
                finally
                {
                    Volatile.Write(ref _current, null);
                }
            }
        }
        finally
        {
            // A second Ctrl+C waited for this write and now ends the process: nothing after the write may run or print.
            if (Volatile.Read(ref _stopping)) Thread.Sleep(Timeout.Infinite);
        }
        return existed;
    }

    /// <summary>
    /// Waits for a write in progress to end, then runs <paramref name="stop"/> with the gate held (so that no other write
    /// starts) and a sentence saying what was written: <paramref name="stop"/> ends the process.
    /// </summary>
    public void Stop(Action<string> stop)
    {
        ArgumentNullException.ThrowIfNull(stop);
        Volatile.Write(ref _stopping, true);
        bool waited = !_lock.TryEnter();
        var waitedFor = waited ? Volatile.Read(ref _current) : null;
        if (waited) _lock.Enter();
        try
        {
            var how = (waited, waitedFor) switch
            {
                (false, _) => "at once",
                (true, null) => "once the save in progress had ended",
                (true, { } path) when _written.Contains(path) => $"once the save to {path} in progress had finished",
                (true, { } path) => $"once the write to {path} in progress had been abandoned (an earlier file there is as it was)",
            };
            var written = _written.Count == 0 ? "nothing was written" : $"written: {string.Join(", ", _written)}";
            stop($"a second Ctrl+C stopped the program {how}; {written}");
        }
        finally
        {
            _lock.Exit();
        }
    }
}
