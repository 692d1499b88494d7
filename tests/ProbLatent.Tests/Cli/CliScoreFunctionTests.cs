using ProbLatent.Cli;
using ProbLatent.Files;
using ProbLatent.LatentModels;
using ProbLatent.Tests.Backends.ScoreFunction;

namespace ProbLatent.Tests.Cli;

/// <summary><c>fit --model sbn --hidden N</c>: a one-layer net trained by the score-function backend, saved with its encoder, encoded and scored.</summary>
public class CliScoreFunctionTests
{
    static string WriteData(TempFolder folder, int rows)
    {
        var data = ScoreFunctionTests.RandomNet(new Random(3), 30, 12).Generate(rows, new Random(4)).Data;
        var path = folder["x.csv"];
        File.WriteAllText(path, string.Join(",", Enumerable.Range(1, data.Columns).Select(j => $"x{j}")) + "\n" +
                                string.Join("\n", data.ToRows().Select(r => string.Join(",", r))) + "\n");
        return path;
    }

    [Fact]
    public void A_tiny_vimco_run_prints_its_iwae_estimate_saves_the_encoder_and_encodes_and_scores_by_it()
    {
        using var folder = new TempFolder();
        var data = WriteData(folder, 120);
        var model = folder["sbn.plm"];
        var fit = CliRun.Of("fit", "--model", "sbn", "--hidden", "30", "--data", data, "--estimator", "vimco", "--samples", "3", "--epochs", "2",
            "--batch-size", "20", "--learning-rate", "0.01", "--out", model);
        Assert.True(fit.ExitCode == ExitCodes.Success, fit.Error);
        Assert.Contains("score-function", fit.Out);
        Assert.Contains("IWAE-1000 with the encoder as proposal", fit.Out);
        var net = Assert.IsType<BooleanLatentModel>(LatentModelFile.Load(model));
        Assert.Equal(30, net.Bits);
        Assert.NotNull(net.Encoder);

        var encoded = CliRun.Of("encode", "--model", model, "--data", data).OutCsv;
        Assert.Equal(30, encoded.Columns);
        Assert.Equal(net.Encoder.Probabilities(ProbLatent.Data.Csv.Read(data)), encoded.Values.ToArray());
        var score = CliRun.Of("score", "--model", model, "--data", data, "--iwae-eval", "50");
        Assert.True(score.ExitCode == ExitCodes.Success, score.Error);
        Assert.Contains("IWAE-50", score.Out);
        // Two files read in blocks: the rows are still estimated, as one CSV's are, not streamed through the exact log-likelihood.
        var rows = CliRun.Of("score", "--model", model, "--data", $"{data},{data}", "--per-row", "--iwae-eval", "50");
        Assert.True(rows.ExitCode == ExitCodes.Success, rows.Error);
        Assert.Equal(240, rows.OutCsv.Rows);
        var sampled = CliRun.Of("sample", "--model", model, "-n", "4").OutCsv;
        Assert.Equal(12, sampled.Columns);
    }

    [Fact]
    public void The_score_function_options_are_refused_where_they_do_not_apply()
    {
        using var folder = new TempFolder();
        var data = WriteData(folder, 40);
        Assert.Equal(ExitCodes.UsageError, CliRun.Of("fit", "--model", "sbn", "--layers", "2,3", "--data", data, "--estimator", "nvil").ExitCode);
        Assert.Equal(ExitCodes.UsageError, CliRun.Of("fit", "--model", "sbn", "--hidden", "30", "--layers", "2", "--data", data).ExitCode);
        Assert.Equal(ExitCodes.UsageError, CliRun.Of("fit", "--model", "sbn", "--hidden", "30", "--data", data, "--restarts", "2").ExitCode);
        Assert.Equal(ExitCodes.UsageError, CliRun.Of("fit", "--model", "bernoulli-mixture", "--data", data, "--backend", "score-function").ExitCode);
        var em = CliRun.Of("fit", "--model", "sbn", "--hidden", "30", "--data", data, "--backend", "em");
        Assert.NotEqual(ExitCodes.Success, em.ExitCode);
        Assert.Contains("Inference.ScoreFunction()", em.Error);
        var iwae = CliRun.Of("fit", "--model", "sbn", "--hidden", "30", "--data", data, "--iwae-eval", "50");
        Assert.Equal(ExitCodes.UsageError, iwae.ExitCode);
        Assert.Contains("--iwae-eval applies to vae only; a belief net too large to enumerate is estimated by IWAE-1000 at the end of its fit", iwae.Error);
    }
    [Fact]
    public void Compare_on_a_small_binary_set_sets_exact_em_the_score_function_fit_and_the_rbm_of_the_same_units_side_by_side()
    {
        using var folder = new TempFolder();
        var data = WriteData(folder, 60);
        var run = CliRun.Of("compare", "--model", "sbn", "--hidden", "3", "--data", data, "--epochs", "3", "--batch-size", "20", "--json");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var json = System.Text.Json.JsonDocument.Parse(run.Out);
        var rows = json.RootElement.GetProperty("fits").EnumerateArray().ToArray();
        Assert.Equal(["em", "contrastive (rbm, 3 hidden)", "score-function", "exact at em's θ", "exact at contrastive's θ (rbm, 3 hidden)", "exact at score-function's θ"],
            rows.Select(r => r.GetProperty("label").GetString()));
        // Each exact row evaluates its fit's own model: the rbm's log p(v) is the machine's, not a belief net's.
        for (int i = 0; i < 3; i++)
            Assert.Equal(rows[i].GetProperty("logLikelihood").GetDouble(), rows[i + 3].GetProperty("logLikelihood").GetDouble(), 1e-6);
        Assert.Equal(3, rows[1].GetProperty("iterations").GetInt32());
        var skipped = json.RootElement.GetProperty("skipped").EnumerateArray().Select(s => s.GetProperty("backend").GetString()!).ToArray();
        Assert.Equal(new[] { "vmp", "reparameterized" }, skipped);

        var table = CliRun.Of("compare", "--model", "sbn", "--hidden", "3", "--data", data, "--backends", "contrastive", "--epochs", "2");
        Assert.True(table.ExitCode == ExitCodes.Success, table.Error);
        Assert.Contains("for an rbm, E[log p(x|z)] is E_q[log p(v, h)] and KL(q‖p) is −H[q]", table.Out);
        // An MLP encoder is the score-function fit's alone: em and the rbm beside it fit the same units without one.
        var encoder = CliRun.Of("compare", "--model", "sbn", "--hidden", "3", "--encoder-hidden", "8", "--data", data, "--backends", "exact,em,score-function",
            "--epochs", "3", "--batch-size", "20", "--json");
        Assert.True(encoder.ExitCode == ExitCodes.Success, encoder.Error);
        using var withEncoder = System.Text.Json.JsonDocument.Parse(encoder.Out);
        var encoded = withEncoder.RootElement.GetProperty("fits").EnumerateArray().ToArray();
        Assert.Equal(["em", "score-function", "exact at em's θ", "exact at score-function's θ"], encoded.Select(r => r.GetProperty("label").GetString()));
        Assert.NotEqual(rows[2].GetProperty("elbo").GetDouble(), encoded[1].GetProperty("elbo").GetDouble());
        var layers = CliRun.Of("compare", "--model", "sbn", "--layers", "2,3", "--data", data, "--backends", "em,contrastive", "--epochs", "2", "--max-iterations", "5");
        Assert.True(layers.ExitCode == ExitCodes.Success, layers.Error);
        Assert.Contains("skipped contrastive: beside an sbn it trains the rbm of the same hidden units, which needs one layer of bits", layers.Out);
    }

    [Fact]
    public void Without_epochs_a_small_set_trains_for_the_minimum_steps_and_a_large_one_for_the_default_epochs()
    {
        var options = new ProbLatent.Cli.Options.BackendOptions();
        var small = (ProbLatent.Backends.ScoreFunction.ScoreFunctionBackend)options.Create("score-function", ProbLatent.Cli.Options.ModelKind.Sbn, 300);
        Assert.Equal(667, small.Options.Epochs);   // 6 minibatches of 50 per epoch, 4,000 steps
        Assert.Equal(ProbLatent.Backends.ScoreFunction.ScoreFunctionOptions.DefaultLearningRate, small.Options.LearningRate);
        var large = (ProbLatent.Backends.ScoreFunction.ScoreFunctionBackend)options.Create("score-function", ProbLatent.Cli.Options.ModelKind.Sbn, 50_000);
        Assert.Equal(new ProbLatent.Backends.ScoreFunction.ScoreFunctionOptions().Epochs, large.Options.Epochs);
        var rbm = (ProbLatent.Backends.Contrastive.ContrastiveBackend)options.Create("contrastive", ProbLatent.Cli.Options.ModelKind.Rbm, 300);
        Assert.Equal(1334, rbm.Options.Epochs);   // 3 minibatches of 100 per epoch
        var given = (ProbLatent.Backends.Contrastive.ContrastiveBackend)(options with { Epochs = 7 }).Create("contrastive", ProbLatent.Cli.Options.ModelKind.Rbm, 300);
        Assert.Equal(7, given.Options.Epochs);
    }

    [Fact]
    public void A_two_layer_net_with_an_mlp_encoder_fits_saves_encodes_each_layer_and_samples()
    {
        using var folder = new TempFolder();
        var data = WriteData(folder, 100);
        var model = folder["deep.plm"];
        var fit = CliRun.Of("fit", "--model", "sbn", "--hidden", "20,10", "--encoder-hidden", "8", "--data", data, "--samples", "3", "--epochs", "2",
            "--batch-size", "20", "--out", model);
        Assert.True(fit.ExitCode == ExitCodes.Success, fit.Error);
        Assert.Contains("guide Encoder.Mlp([8], Tanh)", fit.Out);
        Assert.Contains("IWAE-1000 with the encoder as proposal", fit.Out);
        var net = Assert.IsType<BooleanLatentModel>(LatentModelFile.Load(model));
        Assert.Equal([10, 20], net.LayerBits);
        Assert.Equal([[12, 8, 20], [20, 8, 10]], net.Encoder!.Layers.Select(l => l.Widths.ToArray()));

        var encoded = CliRun.Of("encode", "--model", model, "--data", data).OutCsv;
        Assert.Equal(30, encoded.Columns);
        Assert.Equal(["h2_1", "h1_1"], new[] { encoded.ColumnNames[0], encoded.ColumnNames[10] });
        Assert.Equal(12, CliRun.Of("sample", "--model", model, "-n", "4").OutCsv.Columns);

        var exact = CliRun.Of("fit", "--model", "sbn", "--layers", "2,3", "--encoder-hidden", "8", "--data", data);
        Assert.Equal(ExitCodes.UsageError, exact.ExitCode);
        Assert.Contains("--encoder-hidden sizes the encoder the score-function backend trains", exact.Error);
        Assert.Equal(ExitCodes.UsageError, CliRun.Of("fit", "--model", "bernoulli-mixture", "--encoder-hidden", "8", "--data", data).ExitCode);
    }
}
