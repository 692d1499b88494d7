using System.Diagnostics;

namespace ProbLatent.Tests;

/// <summary>A child process that ran to its end: its exit code and everything it wrote.</summary>
sealed record ChildProcess(string CommandLine, int ExitCode, string Out, string Error, TimeSpan Elapsed)
{
    /// <summary>Everything the process wrote, for a failure message.</summary>
    public string Output => $"$ {CommandLine}\n{Out}{Error}";

    /// <summary>
    /// Runs <paramref name="fileName"/> to its end in <paramref name="workingDirectory"/>, with no input; a process
    /// still running after <paramref name="timeout"/> is killed with its children and reported with what it wrote.
    /// </summary>
    public static ChildProcess Run(string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        // A build started from inside `dotnet test` would otherwise inherit the outer build's MSBuild settings.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToArray())
            info.Environment.Remove(name);
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var commandLine = $"{fileName} {string.Join(' ', arguments)}";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {commandLine}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{commandLine} (in {workingDirectory}) did not finish within {timeout.TotalSeconds:F0} s; it wrote:\n{stdout.Result}{stderr.Result}");
        }
        return new ChildProcess(commandLine, process.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }

    /// <summary>The dotnet host that runs the tests, so that a child process uses the same runtime and SDK.</summary>
    public static string Dotnet =>
        Environment.ProcessPath is { } process && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process
        : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : "dotnet";
}
