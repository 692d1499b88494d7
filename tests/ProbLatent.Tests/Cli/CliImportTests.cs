using System.Text;
using ProbLatent.Cli;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.Cli;

/// <summary><c>problatent import --rbm</c>: an RBM weights file, as the scikit-learn peer script writes it, saved as a .plm.</summary>
public class CliImportTests
{
    /// <summary>
    /// Writes the RBMF64v1 layout the peer script writes: magic, uint32 visible and hidden, then W as hidden × visible
    /// (scikit-learn's components_), the visible and the hidden biases, little-endian float64.
    /// </summary>
    internal static void WriteWeights(string path, int visible, int hidden, double[] components, double[] visibleBiases, double[] hiddenBiases)
    {
        using var file = new BinaryWriter(File.Create(path));
        file.Write(Encoding.ASCII.GetBytes("RBMF64v1"));
        file.Write((uint)visible);
        file.Write((uint)hidden);
        foreach (var value in components.Concat(visibleBiases).Concat(hiddenBiases)) file.Write(value);
    }

    /// <summary>Random weights and biases of a machine, W hidden × visible as scikit-learn holds it.</summary>
    internal static (double[] Components, double[] VisibleBiases, double[] HiddenBiases) Random(int visible, int hidden, int seed, double scale)
    {
        var random = new Random(seed);
        double Draw() => scale * (2 * random.NextDouble() - 1);
        return (Enumerable.Range(0, visible * hidden).Select(_ => Draw()).ToArray(), Enumerable.Range(0, visible).Select(_ => Draw()).ToArray(),
            Enumerable.Range(0, hidden).Select(_ => Draw()).ToArray());
    }

    [Fact]
    public void An_imported_machine_has_the_exact_log_likelihood_of_the_weights_it_was_given()
    {
        using var folder = new TempFolder();
        const int m = 3, n = 2;
        var (w, b, c) = Random(m, n, seed: 4, scale: 2);
        WriteWeights(folder["tiny.f64"], m, n, w, b, c);
        var run = CliRun.Of("import", "--rbm", folder["tiny.f64"], "--out", folder["tiny.plm"]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal($"wrote RestrictedBoltzmannMachine(3 visible, 2 hidden) from {folder["tiny.f64"]} to {folder["tiny.plm"]}", run.Out.TrimEnd());
        var machine = Assert.IsType<RestrictedBoltzmannMachine>(LatentModelFile.Load(folder["tiny.plm"]));

        // log p(v) = log Σ_h exp(E(v, h)) − log Σ_{v', h} exp(E(v', h)), E = Σᵢⱼ vᵢ W[j, i] hⱼ + bᵀv + cᵀh, W as written (hidden × visible).
        double Energy(int v, int h) =>
            Enumerable.Range(0, m).Sum(i => Bit(v, i) * (b[i] + Enumerable.Range(0, n).Sum(j => w[j * m + i] * Bit(h, j)))) + Enumerable.Range(0, n).Sum(j => c[j] * Bit(h, j));
        double LogSumExp(IEnumerable<double> values)
        {
            var all = values.ToArray();
            double max = all.Max();
            return max + Math.Log(all.Sum(x => Math.Exp(x - max)));
        }
        double logZ = LogSumExp(Enumerable.Range(0, 1 << m).SelectMany(v => Enumerable.Range(0, 1 << n).Select(h => Energy(v, h))));
        var states = new DataMatrix(Enumerable.Range(0, 1 << m).SelectMany(v => Enumerable.Range(0, m).Select(i => (double)Bit(v, i))).ToArray(), 1 << m, m);
        var expected = Enumerable.Range(0, 1 << m).Select(v => LogSumExp(Enumerable.Range(0, 1 << n).Select(h => Energy(v, h))) - logZ).ToArray();
        var actual = machine.PointLogLikelihoods(states);
        for (int v = 0; v < expected.Length; v++) Assert.Equal(expected[v], actual[v], 12);
    }

    static int Bit(int state, int i) => (state >> i) & 1;

    [Fact]
    public void A_file_of_another_format_truncated_or_holding_a_NaN_is_refused_naming_it()
    {
        using var folder = new TempFolder();
        var (w, b, c) = Random(3, 2, seed: 1, scale: 1);
        var good = folder["good.f64"];
        WriteWeights(good, 3, 2, w, b, c);
        var bytes = File.ReadAllBytes(good);
        var truncated = folder["truncated.f64"];
        File.WriteAllBytes(truncated, bytes[..^8]);
        CliRun.Refused(ExitCodes.DataOrModelError,
            $"error: {truncated}: holds 96 bytes, but 3 visible and 2 hidden units take 104 (11 float64 values after the 16-byte header): truncated",
            "import", "--rbm", truncated, "--out", folder["x.plm"]);
        var other = folder["other.f64"];
        File.WriteAllBytes(other, bytes[8..]);
        CliRun.Refused(ExitCodes.DataOrModelError,
            $"error: {other}: not an RBM weights file: it does not begin with RBMF64v1 and the two unit counts (write one with benchmarks/peers/sklearn_bernoulli_rbm.py --weights)",
            "import", "--rbm", other, "--out", folder["x.plm"]);
        var nan = folder["nan.f64"];
        WriteWeights(nan, 3, 2, w, b, [c[0], double.NaN]);
        CliRun.Refused(ExitCodes.DataOrModelError, $"error: {nan}: value 10 after the header is NaN: an RBM's weights and biases must be finite",
            "import", "--rbm", nan, "--out", folder["x.plm"]);
        CliRun.Refused(ExitCodes.UsageError, $"error: --out {good} is the same file as --rbm {good}, which it would replace; give another file name for the output",
            "import", "--rbm", good, "--out", good);
        Assert.False(File.Exists(folder["x.plm"]));
    }
}
