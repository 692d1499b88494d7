using System.Diagnostics;
using System.Text.Json;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// A peer's script that a bench command runs in the same run (benchmarks/peers, embedded in the CLI): written to a temporary
/// folder with its inputs, run by <see cref="Python"/>, its last line read as JSON, and the folder deleted.
/// </summary>
internal static class PeerScript
{
    public const string Python = "/usr/bin/python3";

    /// <param name="name">The script's embedded name.</param>
    /// <param name="prepare">Writes the script's inputs into the folder it is given and returns the script's arguments.</param>
    /// <param name="read">Reads the result from the folder and the script's JSON line, before the folder is deleted.</param>
    /// <returns>The result, or null with the reason it was skipped.</returns>
    public static T? Run<T>(string name, Func<string, IEnumerable<string>> prepare, Func<string, JsonDocument, T> read, out string? skipped) where T : class
    {
        skipped = null;
        if (!File.Exists(Python))
        {
            skipped = $"{Python} is not there";
            return null;
        }
        var folder = Directory.CreateTempSubdirectory("problatent-peer-");
        try
        {
            var script = Path.Combine(folder.FullName, name);
            using (var resource = typeof(PeerScript).Assembly.GetManifestResourceStream(name)!)
            using (var file = File.Create(script)) resource.CopyTo(file);
            var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(script);
            foreach (var argument in prepare(folder.FullName)) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                skipped = $"{Python} could not run it: {stderr.Result.Trim().Split('\n')[^1]}";
                return null;
            }
            using var json = JsonDocument.Parse(stdout.Result.Trim().Split('\n')[^1]);
            return read(folder.FullName, json);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
