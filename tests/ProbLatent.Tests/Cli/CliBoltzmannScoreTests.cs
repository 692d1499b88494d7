using System.Globalization;
using ProbLatent.Cli;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.Cli;

/// <summary>
/// <c>problatent score</c> of machines beyond enumeration: an RBM's log p(v) with log Z by AIS (<c>--ais T</c>), a deep
/// belief net's variational lower bound, each with its standard error.
/// </summary>
public class CliBoltzmannScoreTests
{
    static string Line(CliRun run, string name) => Assert.Single(run.OutLines, l => l.StartsWith(name + " ", StringComparison.Ordinal))[name.Length..].Trim();

    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    [Fact]
    public void An_rbm_beyond_enumeration_scores_minus_its_free_energy_minus_one_AIS_log_Z_that_every_row_shares()
    {
        using var folder = new TempFolder();
        const int visible = 24, hidden = 21;
        var (w, b, c) = CliImportTests.Random(visible, hidden, seed: 2, scale: 0.3);
        CliImportTests.WriteWeights(folder["w.f64"], visible, hidden, w, b, c);
        Assert.Equal(ExitCodes.Success, CliRun.Of("import", "--rbm", folder["w.f64"], "--out", folder["rbm.plm"]).ExitCode);
        TempMnist.Write(folder["x.bin"], 40, visible, seed: 5);
        var data = BinarizedMnist.Read(folder["x.bin"]);
        var machine = (RestrictedBoltzmannMachine)LatentModelFile.Load(folder["rbm.plm"]);
        var estimate = machine.EstimateLogPartition(new AisOptions { Temperatures = 200, Seed = 3 }, data);
        var points = machine.LogLikelihoods(data, estimate);

        var run = CliRun.Of("score", "--model", folder["rbm.plm"], "--data", folder["x.bin"], "--ais", "200", "--seed", "3");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal($"{points.Sum().ToString("F3", Inv)} total, {points.Average().ToString("F4", Inv)} per point (−F(v) − log Ẑ, an estimate: {estimate}, seed 3; " +
                     $"log Ẑ is biased low, which biases this high; log Ẑ's s.e. {(40 * estimate.StandardError).ToString("G3", Inv)} total, " +
                     $"{estimate.StandardError.ToString("G3", Inv)} per point)", Line(run, "log p(x)"));

        var rows = CliRun.Of("score", "--model", folder["rbm.plm"], "--data", folder["x.bin"], "--ais", "200", "--seed", "3", "--per-row").OutCsv;
        Assert.Equal(["row", "log_p", "standard_error"], rows.ColumnNames);
        Assert.Equal(points, Enumerable.Range(0, 40).Select(n => rows[n, 1]));
        Assert.All(Enumerable.Range(0, 40), n => Assert.Equal(estimate.StandardError, rows[n, 2]));

        CliRun.Refused(ExitCodes.UsageError,
            $"error: {folder["rbm.plm"]} holds an rbm of 24 visible and 21 hidden units: its log Z sums 2^21 states, beyond exact enumeration (20 units); " +
            "give --ais T to estimate it by annealed importance sampling (100 chains × T temperatures, AisOptions' default 10000)",
            "score", "--model", folder["rbm.plm"], "--data", folder["x.bin"]);
        CliRun.Refused(ExitCodes.UsageError,
            $"error: --iwae-eval applies to a vae or a belief net, whose log p(x) is importance-sampled; {folder["rbm.plm"]} holds a RestrictedBoltzmannMachine",
            "score", "--model", folder["rbm.plm"], "--data", folder["x.bin"], "--ais", "10", "--iwae-eval", "5");

        // --ais-chains: the library's AIS with that many chains, the same seed.
        var wider = machine.EstimateLogPartition(new AisOptions { Temperatures = 50, Chains = 300, Seed = 3 }, data);
        var many = CliRun.Of("score", "--model", folder["rbm.plm"], "--data", folder["x.bin"], "--ais", "50", "--ais-chains", "300", "--seed", "3");
        Assert.True(many.ExitCode == ExitCodes.Success, many.Error);
        Assert.Contains($"an estimate: {wider}, seed 3;", Line(many, "log p(x)"));
        Assert.Contains("(300 chains × 50 temperatures", wider.ToString());
        CliRun.Refused(ExitCodes.UsageError, "error: --ais-chains sets the chains of AIS: give --ais T too",
            "score", "--model", folder["rbm.plm"], "--data", folder["x.bin"], "--ais-chains", "300");
        Assert.Equal(ExitCodes.UsageError, CliRun.Of("score", "--model", folder["rbm.plm"], "--data", folder["x.bin"], "--ais", "50", "--ais-chains", "1").ExitCode);
    }

    [Fact]
    public void A_dbn_beyond_enumeration_scores_its_lower_bound_said_to_be_one_with_its_top_log_Z_by_AIS_when_it_must()
    {
        using var folder = new TempFolder();
        TempMnist.Write(folder["x.bin"], 60, 16, seed: 6);
        var data = BinarizedMnist.Read(folder["x.bin"]);
        foreach (var (layers, ais) in new[] { ("21,2", (int?)null), ("22,21", 50) })
        {
            var model = folder[$"dbn{layers}.plm"];
            var fit = CliRun.Of("fit", "--model", "dbn", "--hidden", layers, "--epochs", "1", "--batch-size", "20", "--data", folder["x.bin"], "--out", model);
            Assert.True(fit.ExitCode == ExitCodes.Success, fit.Error);
            var net = (DeepBeliefNet)LatentModelFile.Load(model);
            var aisOptions = ais is { } t ? new AisOptions { Temperatures = t, Seed = 4 } : null;
            var bound = net.LowerBound(data, new DeepBeliefBoundOptions { Seed = 4, Ais = aisOptions });
            string[] extra = ais is { } temperatures ? ["--ais", temperatures.ToString(Inv)] : [];
            var run = CliRun.Of(["score", "--model", model, "--data", folder["x.bin"], "--seed", "4", .. extra]);
            Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
            var top = ais is null ? "top log Z exact" : $"top log Z by AIS over 100 chains × 50 temperatures: {bound.LogPartition:F4} ± {bound.PartitionStandardError / 60:F4}";
            Assert.Equal($"{bound.Total.ToString("F3", Inv)} total, {bound.Mean.ToString("F4", Inv)} per point (a variational lower bound, not an estimate: 10 draws of the recognition pass " +
                         $"per point, seed 4, {top}; the draws' and log Ẑ's s.e. {bound.StandardError.ToString("G3", Inv)} total, {(bound.StandardError / 60).ToString("G3", Inv)} per point)",
                Line(run, "log p(x) ≥"));
            Assert.Equal(bound.Total, bound.PointBounds.Sum(), 9);
            var rows = CliRun.Of(["score", "--model", model, "--data", folder["x.bin"], "--seed", "4", "--per-row", .. extra]).OutCsv;
            Assert.Equal(bound.PointBounds, Enumerable.Range(0, 60).Select(n => rows[n, 1]));
        }
        CliRun.Refused(ExitCodes.UsageError,
            $"error: --ais applies to an rbm or a dbn whose (top) machine's log Z is beyond enumeration; {folder["dbn21,2.plm"]} holds a DeepBeliefNet, which needs no AIS",
            "score", "--model", folder["dbn21,2.plm"], "--data", folder["x.bin"], "--ais", "10");
    }
}
