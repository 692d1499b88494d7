using System.Diagnostics;
using System.Text;
using ProbLatent.Cli;
using ProbLatent.Cli.Cancellation;

namespace ProbLatent.Tests.Cli;

/// <summary>
/// The built command line in a child process (<c>dotnet ProbLatent.Cli.dll ARGS</c>), its output read as it comes, and
/// real SIGINTs sent to it with <c>kill -INT</c>: what Ctrl+C at a terminal does. Every wait is bounded, and a child still
/// running when the test ends (a failed test) is killed.
/// </summary>
sealed class ChildCli : IDisposable
{
    /// <summary>The most any step waits: generous, because the tests share the cores with builds.</summary>
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    readonly Process _process;
    readonly StringBuilder _out = new(), _error = new();

    ChildCli(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.Append(e.Data).Append('\n'); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_error) _error.Append(e.Data).Append('\n'); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// Starts <c>problatent ARGS</c> in <paramref name="folder"/>, with the test hook <see cref="TestPhases"/> on: each phase
    /// is announced on standard error, and <paramref name="pauses"/> (<c>NAME:MILLISECONDS,…</c>) slow the phases named.
    /// </summary>
    public static ChildCli Start(string folder, string pauses, params string[] args)
    {
        var cli = typeof(Program).Assembly.Location;
        var dotnet = ChildProcess.Dotnet;
        var start = new ProcessStartInfo
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A process started in the background of a shell script inherits SIGINT ignored, and .NET keeps it ignored: env
        // puts the default back, so that the child's runtime handles SIGINT as it does at a terminal.
        if (EnvResetsSignals.Value)
        {
            start.FileName = "env";
            start.ArgumentList.Add("--default-signal=INT");
            start.ArgumentList.Add(dotnet);
        }
        else start.FileName = dotnet;
        start.ArgumentList.Add(cli);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment[TestPhases.Variable] = pauses;
        return new ChildCli(Process.Start(start) ?? throw new InvalidOperationException($"could not start {dotnet} {cli}"));
    }

    /// <summary>
    /// Runs <c>problatent ARGS</c> as <see cref="Start"/> does, sends one SIGINT once <paramref name="ready"/> returns (it waits
    /// for the phase to interrupt), and returns the run, which must have ended with <see cref="ExitCodes.Cancelled"/>.
    /// </summary>
    public static CliRun Interrupted(string folder, string pauses, Action<ChildCli> ready, params string[] args)
    {
        using var child = Start(folder, pauses, args);
        ready(child);
        child.Interrupt();
        var run = child.Exit();
        Assert.True(run.ExitCode == ExitCodes.Cancelled, $"exit code {run.ExitCode}:\n{run.Out}\n{run.Error}");
        return run;
    }

    static readonly Lazy<bool> EnvResetsSignals = new(() =>
    {
        try
        {
            using var env = Process.Start(new ProcessStartInfo("env", ["--default-signal=INT", "true"]) { RedirectStandardError = true, UseShellExecute = false });
            return env is not null && env.WaitForExit(10_000) && env.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    });

    public string Out { get { lock (_out) return _out.ToString(); } }
    public string Error { get { lock (_error) return _error.ToString(); } }

    /// <summary>Waits until standard output has a line starting with <paramref name="start"/>; returns the line.</summary>
    public string WaitForOutLine(string start) => WaitFor(() => Out, start, "standard output");

    /// <summary>Waits until the child announces <paramref name="phase"/> on standard error.</summary>
    public void WaitForPhase(string phase) => WaitFor(() => Error, $"phase: {phase}", "standard error");

    string WaitFor(Func<string> text, string start, string stream)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var line = CliRun.Lines(text()).FirstOrDefault(l => l.StartsWith(start, StringComparison.Ordinal));
            if (line is not null) return line;
            if (_process.HasExited || clock.Elapsed > Timeout)
            {
                _process.WaitForExit();
                Assert.Fail($"no line '{start}…' on {stream} ({(_process.HasExited ? $"the child exited with {_process.ExitCode}" : "timed out")}):\n{Out}\n{Error}");
            }
            Thread.Sleep(10);
        }
    }

    /// <summary>Sends SIGINT, as Ctrl+C at a terminal does.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        Assert.True(kill.WaitForExit(10_000) && kill.ExitCode == 0, "kill -INT failed");
    }

    /// <summary>Waits for the child to end (killing it and failing if it does not) and returns what it did.</summary>
    public CliRun Exit()
    {
        if (!_process.WaitForExit(Timeout))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"the child did not exit within {Timeout.TotalSeconds} s:\n{Out}\n{Error}");
        }
        _process.WaitForExit(); // the end of the redirected streams
        return new CliRun(_process.ExitCode, Out, Error);
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
