using System.Diagnostics;
using System.Text.Json;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// A peer's script that a bench command runs in the same run (benchmarks/peers, embedded in the CLI): written to a temporary
/// folder with its inputs, run by <see cref="Python"/>, its last line read as JSON, and the folder deleted.
/// </summary>
/// <remarks>
/// The peers' arithmetic goes through OpenBLAS (numpy, scikit-learn, and PyTorch built against the system BLAS). OpenBLAS
/// 0.3.21 picks its kernels from the processor's model number and, on a processor newer than it knows, falls back to its
/// SSE3 ("Prescott") kernels, several times slower than the AVX2 or AVX-512 ones the processor runs; a ratio against such a
/// peer would flatter ProbLatent. So a peer runs with <c>OPENBLAS_CORETYPE</c> set to the kernels the processor's
/// features allow (<see cref="BlasKernels"/>), unless the environment already sets it.
/// </remarks>
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
            if (BlasKernels is { } kernels) start.Environment["OPENBLAS_CORETYPE"] = kernels;
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

    /// <summary>
    /// The OpenBLAS kernels a peer runs with: the environment's <c>OPENBLAS_CORETYPE</c> when set, else SkylakeX on a
    /// processor with AVX-512 (F, BW, DQ, VL), Haswell on one with AVX2 and FMA, else null (OpenBLAS chooses).
    /// </summary>
    public static string? BlasKernels => _blasKernels.Value;

    static readonly Lazy<string?> _blasKernels = new(() =>
        Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") is { Length: > 0 } given ? given : KernelsFor(ProcessorFlags()));

    internal static string? KernelsFor(IReadOnlySet<string> flags) =>
        new[] { "avx512f", "avx512bw", "avx512dq", "avx512vl" }.All(flags.Contains) ? "SkylakeX"
        : flags.Contains("avx2") && flags.Contains("fma") ? "Haswell"
        : null;

    /// <summary>The first processor's feature flags from /proc/cpuinfo (Linux); empty elsewhere.</summary>
    static IReadOnlySet<string> ProcessorFlags()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo)) return new HashSet<string>();
        var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
        return line is null ? new HashSet<string>() : line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
    }

    /// <summary>A line for a bench's output naming the peer's BLAS kernels.</summary>
    public static string BlasNote => BlasKernels is { } kernels
        ? $"peer's OpenBLAS kernels: {kernels} (OPENBLAS_CORETYPE; OpenBLAS falls back to SSE3 kernels on a processor it does not know)"
        : "peer's OpenBLAS kernels: as OpenBLAS chooses (no AVX2 found; OPENBLAS_CORETYPE unset)";
}
