using ProbLatent.Cli;
using ProbLatent.Files;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.Cli;

/// <summary><c>--model rbm --hidden N</c>: trained by the contrastive backend, saved, encoded as P(h = 1 | v), sampled by Gibbs chains.</summary>
public class CliBoltzmannTests
{
    static string WriteData(TempFolder folder)
    {
        var random = new Random(3);
        var path = folder["x.csv"];
        // Two patterns with their bits flipped now and then: data with structure for 2 hidden units.
        var rows = Enumerable.Range(0, 120).Select(r => Enumerable.Range(0, 6).Select(j => (j < 3) == (r % 2 == 0) ^ random.NextDouble() < 0.1 ? 1 : 0));
        File.WriteAllText(path, "a,b,c,d,e,f\n" + string.Join("\n", rows.Select(r => string.Join(",", r))) + "\n");
        return path;
    }

    [Fact]
    public void An_rbm_is_trained_saved_encoded_and_sampled()
    {
        using var folder = new TempFolder();
        var data = WriteData(folder);
        var model = folder["rbm.plm"];
        var fit = CliRun.Of("fit", "--model", "rbm", "--hidden", "2", "--pcd", "2", "--epochs", "5", "--batch-size", "10", "--learning-rate", "0.1",
            "--momentum", "0.5", "--data", data, "--out", model);
        Assert.True(fit.ExitCode == ExitCodes.Success, fit.Error);
        Assert.Contains("backend                contrastive", fit.Out);
        Assert.Contains("epochs                 5", fit.Out);
        Assert.Contains("pseudo-log-likelihood", fit.Out);
        Assert.Contains("RestrictedBoltzmannMachine: 6 visible and 2 hidden units", fit.Out);
        var rbm = Assert.IsType<RestrictedBoltzmannMachine>(LatentModelFile.Load(model));

        var encoded = CliRun.Of("encode", "--model", model, "--data", data).OutCsv;
        Assert.Equal(["h1", "h2"], encoded.ColumnNames);
        Assert.Equal(rbm.HiddenProbabilities(ProbLatent.Data.Csv.Read(data)), encoded.Values.ToArray());

        var sampled = CliRun.Of("sample", "--model", model, "-n", "7", "--latents", "--burn-in", "20", "--thinning", "3").OutCsv;
        Assert.Equal(["a", "b", "c", "d", "e", "f", "h1", "h2"], sampled.ColumnNames);
        Assert.Equal(7, sampled.Rows);
        Assert.All(sampled.Values.ToArray(), v => Assert.True(v is 0 or 1));
    }

    [Fact]
    public void A_dbn_is_trained_greedily_saved_encoded_as_its_up_pass_and_sampled_down_from_its_top_machine()
    {
        using var folder = new TempFolder();
        var data = WriteData(folder);
        var model = folder["dbn.plm"];
        var fit = CliRun.Of("fit", "--model", "dbn", "--hidden", "3,2", "--cd", "1", "--epochs", "4", "--batch-size", "10", "--data", data, "--out", model);
        Assert.True(fit.ExitCode == ExitCodes.Success, fit.Error);
        Assert.Contains("log p(x)               not computed: a deep belief net's log p(x) sums every layer's states; its variational lower bound is below", fit.Out);
        Assert.Contains("bound on log p(x)", fit.Out);
        Assert.Contains("(Monte Carlo over 10 draws of q: s.e. ", fit.Out);
        Assert.Contains("epochs                 8", fit.Out);
        Assert.Contains("DeepBeliefNet: 6 visible units, hidden layers 3, 2 from the data up", fit.Out);
        var net = Assert.IsType<DeepBeliefNet>(LatentModelFile.Load(model));
        Assert.Equal([3, 2], net.HiddenSizes);

        var encoded = CliRun.Of("encode", "--model", model, "--data", data).OutCsv;
        Assert.Equal(["h1_1", "h1_2", "h1_3", "h2_1", "h2_2"], encoded.ColumnNames);
        Assert.Equal(net.Posterior(ProbLatent.Data.Csv.Read(data)).Means(), encoded.Values.ToArray());

        var sampled = CliRun.Of("sample", "--model", model, "-n", "7", "--latents", "--burn-in", "20", "--thinning", "3").OutCsv;
        Assert.Equal(["a", "b", "c", "d", "e", "f", "h1_1", "h1_2", "h1_3", "h2_1", "h2_2"], sampled.ColumnNames);
        Assert.All(sampled.Values.ToArray(), v => Assert.True(v is 0 or 1));

        CliRun.Refused(ExitCodes.UsageError, "error: --model dbn is trained by --backend contrastive; em fits directed models, and a dbn is undirected",
            "fit", "--model", "dbn", "--backend", "em", "--data", data);
    }

    [Fact]
    public void Compare_trains_an_rbm_by_the_contrastive_backend_beside_exact_at_its_parameters_and_lists_the_directed_backends_refusals()
    {
        using var folder = new TempFolder();
        var data = WriteData(folder);
        var run = CliRun.Of("compare", "--model", "rbm", "--hidden", "2", "--cd", "1", "--epochs", "5", "--batch-size", "10", "--data", data, "--json");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var json = System.Text.Json.JsonDocument.Parse(run.Out);
        var rows = json.RootElement.GetProperty("fits").EnumerateArray().ToArray();
        Assert.Equal(["contrastive", "exact at contrastive's θ"], rows.Select(r => r.GetProperty("label").GetString()));
        Assert.Equal(rows[0].GetProperty("logLikelihood").GetDouble(), rows[1].GetProperty("logLikelihood").GetDouble(), 1e-9);
        var skipped = json.RootElement.GetProperty("skipped").EnumerateArray().Select(s => s.GetProperty("backend").GetString()!).ToArray();
        Assert.Equal(new[] { "em", "vmp", "reparameterized" }, skipped);
        CliRun.Refused(ExitCodes.UsageError, "error: compare sets the backends' log p(x) side by side, and a dbn has none, only a lower bound on it: use 'problatent fit --model dbn'",
            "compare", "--model", "dbn", "--data", data);
    }

    [Fact]
    public void Options_that_do_not_suit_an_rbm_or_its_backend_are_usage_errors()
    {
        using var folder = new TempFolder();
        var data = WriteData(folder);
        CliRun.Refused(ExitCodes.UsageError, "error: --model rbm is trained by --backend contrastive; em fits directed models, and an rbm is undirected",
            "fit", "--model", "rbm", "--backend", "em", "--data", data);
        CliRun.Refused(ExitCodes.UsageError, "error: --backend contrastive trains --model rbm or dbn, not bernoulli-mixture, a directed model",
            "fit", "--model", "bernoulli-mixture", "--backend", "contrastive", "--data", data);
        CliRun.Refused(ExitCodes.UsageError, "error: give either --cd K (contrastive divergence) or --pcd K (persistent contrastive divergence), not both",
            "fit", "--model", "rbm", "--cd", "1", "--pcd", "1", "--data", data);
        CliRun.Refused(ExitCodes.UsageError, "error: --hidden gives rbm one number, its hidden units, not 2 (3,4)", "fit", "--model", "rbm", "--hidden", "3,4", "--data", data);
        CliRun.Refused(ExitCodes.UsageError, "error: --momentum applies to --backend contrastive (an rbm), not em",
            "fit", "--model", "bernoulli-mixture", "--momentum", "0.5", "--data", data);
        CliRun.Refused(ExitCodes.UsageError, "error: --restarts applies to em and vmp; the contrastive backend trains for --epochs",
            "fit", "--model", "rbm", "--restarts", "2", "--data", data);
        var model = folder["mixture.plm"];
        Assert.Equal(ExitCodes.Success, CliRun.Of("fit", "--model", "bernoulli-mixture", "--data", data, "--restarts", "1", "--out", model).ExitCode);
        var refusal = CliRun.Of("sample", "--model", model, "-n", "2", "--burn-in", "5");
        Assert.Equal(ExitCodes.UsageError, refusal.ExitCode);
        Assert.Contains("--burn-in applies to an rbm", refusal.Error);
    }
}
