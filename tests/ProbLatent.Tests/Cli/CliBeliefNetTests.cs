using ProbLatent.Cli;
using ProbLatent.Files;
using ProbLatent.LatentModels;
using ProbLatent.Tests.Backends;

namespace ProbLatent.Tests.Cli;

/// <summary><c>--model sbn --layers a,b</c>: fitted by EM, saved, encoded layer by layer, sampled with its latents.</summary>
public class CliBeliefNetTests
{
    static string WriteData(TempFolder folder, BooleanLatentModel truth, int rows)
    {
        var data = truth.Generate(rows, new Random(2)).Data;
        var path = folder["x.csv"];
        File.WriteAllText(path, string.Join(",", Enumerable.Range(1, data.Columns).Select(j => $"x{j}")) + "\n" +
                                string.Join("\n", data.ToRows().Select(r => string.Join(",", r))) + "\n");
        return path;
    }

    [Fact]
    public void A_two_layer_net_is_fitted_saved_encoded_and_sampled()
    {
        using var folder = new TempFolder();
        var data = WriteData(folder, BeliefNetTests.RandomNet(new Random(1), 2, 3, 6, spread: 4), 200);
        var model = folder["sbn.plm"];
        var fit = CliRun.Of("fit", "--model", "sbn", "--layers", "2,3", "--data", data, "--restarts", "1", "--max-iterations", "20", "--out", model);
        Assert.True(fit.ExitCode == ExitCodes.Success, fit.Error);
        var net = Assert.IsType<BooleanLatentModel>(LatentModelFile.Load(model));
        Assert.Equal(new[] { 2, 3 }, net.LayerBits);

        var encoded = CliRun.Of("encode", "--model", model, "--data", data).OutCsv;
        Assert.Equal(["h2_1", "h2_2", "h1_1", "h1_2", "h1_3"], encoded.ColumnNames);
        Assert.Equal(net.Posterior(ProbLatent.Data.Csv.Read(data)).Means(), encoded.Values.ToArray());

        var sampled = CliRun.Of("sample", "--model", model, "-n", "5", "--latents").OutCsv;
        Assert.Equal(["x1", "x2", "x3", "x4", "x5", "x6", "h2_1", "h2_2", "h1_1", "h1_2", "h1_3"], sampled.ColumnNames);
        Assert.All(sampled.Values.ToArray(), v => Assert.True(v is 0 or 1));
    }

    [Fact]
    public void Options_that_do_not_suit_a_belief_net_are_usage_errors()
    {
        using var folder = new TempFolder();
        var data = WriteData(folder, BeliefNetTests.RandomNet(new Random(3), 1, 2, 3), 20);
        CliRun.Refused(ExitCodes.UsageError, "error: --layers applies to sbn only, not bernoulli-mixture", "fit", "--model", "bernoulli-mixture", "--layers", "2", "--data", data);
        CliRun.Refused(ExitCodes.UsageError, "error: --components applies to other models, not sbn; give its layers of boolean latents with --layers",
            "fit", "--model", "sbn", "--components", "2", "--data", data);
        var tooMany = CliRun.Of("fit", "--model", "sbn", "--layers", "12,9", "--data", data);
        Assert.NotEqual(ExitCodes.Success, tooMany.ExitCode);
        Assert.Contains("2^21 = 2097152 joint states", tooMany.Error);
    }
}
