using System.Globalization;
using System.Runtime.InteropServices;
using ProbLatent.LatentModels;
using Spectre.Console;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// scikit-learn beside <c>bench em|vmp</c>: its GaussianMixture (EM) and BayesianGaussianMixture (variational inference)
/// on the bench's own points (<see cref="Synthetic.ThreeGaussiansData"/> of each size), K = 3, full covariances, the same
/// iterations, timed after its k-means start as the bench times its engines after their setup
/// (benchmarks/peers/sklearn_gaussian_mixture.py, run by <see cref="PeerScript"/> in the same run).
/// </summary>
internal static class MixturePeer
{
    const string ScriptName = "sklearn_gaussian_mixture.py";

    sealed record Times(int Rows, double Em, double Vmp);

    /// <param name="ours">ProbLatent's milliseconds per iteration of each size measured, EM's and VMP's.</param>
    public static void Report(CliContext context, int iterations, IReadOnlyList<(int Rows, double Em, double Vmp)> ours)
    {
        var inv = CultureInfo.InvariantCulture;
        string? version = null;
        var theirs = PeerScript.Run(ScriptName, folder =>
        {
            var arguments = new List<string> { "--iterations", iterations.ToString(inv) };
            foreach (var (rows, _, _) in ours)
            {
                var path = Path.Combine(folder, $"points-{rows}.bin");
                File.WriteAllBytes(path, MemoryMarshal.AsBytes(Synthetic.ThreeGaussiansData(rows).Values).ToArray());
                arguments.Add(path);
            }
            return arguments;
        }, (_, json) =>
        {
            version = json.RootElement.GetProperty("version").GetString();
            return json.RootElement.GetProperty("sizes").EnumerateArray()
                .Select(s => new Times(s.GetProperty("n").GetInt32(), s.GetProperty("em_ms").GetDouble(), s.GetProperty("vmp_ms").GetDouble())).ToArray();
        }, out string? skipped);
        if (theirs is null)
        {
            context.Output.WriteLine($"scikit-learn: skipped ({skipped})");
            return;
        }
        context.Output.WriteLine($"scikit-learn {version} on the same points: GaussianMixture beside EM, BayesianGaussianMixture beside VMP, " +
                                 $"{iterations} iterations timed after its k-means start; {PeerScript.BlasNote}");
        var table = new Table();
        foreach (var header in new[] { "points", "engine", "ProbLatent ms / iteration", "scikit-learn ms / iteration", "ProbLatent faster" })
            table.AddColumn(new TableColumn(new Text(header)).RightAligned());
        foreach (var (mine, peer) in ours.Zip(theirs))
            foreach (var (engine, ms, peerMs) in new[] { ("em", mine.Em, peer.Em), ("vmp", mine.Vmp, peer.Vmp) })
                table.AddRow(mine.Rows.ToString("N0", inv), engine, ms.ToString("F2", inv), peerMs.ToString("F2", inv), (peerMs / ms).ToString("F1", inv) + "×");
        context.Console.Write(table);
    }
}
