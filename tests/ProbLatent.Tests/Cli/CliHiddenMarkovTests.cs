using ProbLatent.Cli;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.Cli;

public class CliHiddenMarkovTests
{
    [Fact]
    public void Fit_prints_the_chain_and_its_states_and_saves_the_model_the_library_fits()
    {
        using var folder = new TempFolder();
        var path = folder["nile.plm"];
        var run = CliRun.Of("fit", "--example", "nile", "--model", "hmm", "--states", "2", "--seed", "1", "--out", path);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("log p(x)          -629.804 total", run.Out);
        Assert.Contains("hidden Markov model: 2 states, Gaussian emissions with full covariances, data dimension 1, 7 free parameters", run.Out);
        Assert.Contains("  transitions (row: from, column: to):", run.Out);
        Assert.Contains("  expected durations 1/(1 − Aₖₖ): [", run.Out);
        var saved = (HiddenMarkovModel)LatentModelFile.Load(path);
        Assert.Equal(-629.8045, saved.LogLikelihood(SequenceData.Single(Examples.Nile())), 4);
    }

    [Fact]
    public void A_sequence_column_fits_several_sequences_and_encode_gives_each_step_its_marginals_and_viterbi_state()
    {
        var truth = new HiddenMarkovModel([0.5, 0.5], [0.9, 0.1, 0.2, 0.8],
            new GaussianMixture([0.5, 0.5], [-3, 3], [1, 1], 1, ProbLatent.Modeling.Covariance.Diagonal));
        var drawn = truth.GenerateSequences([60, 40], new Random(2));
        var text = "run,x\n" + string.Join("\n", Enumerable.Range(0, 100).Select(n => $"{(n < 60 ? "a" : "b")},{drawn.Data.Steps[n, 0]:R}")) + "\n";
        using var csv = new TempCsv(text);
        var model = Path.Combine(csv.Folder, "hmm.plm");
        var fit = CliRun.Of("fit", "--data", csv.Path, "--model", "hmm", "--covariance", "diag", "--sequence-column", "run", "--seed", "1", "--out", model);
        Assert.True(fit.ExitCode == ExitCodes.Success, fit.Error);
        Assert.Contains("data points       100", fit.Out);
        Assert.Contains("diagonal covariances", fit.Out);

        var encode = CliRun.Of("encode", "--model", model, "--data", csv.Path, "--sequence-column", "run");
        Assert.True(encode.ExitCode == ExitCodes.Success, encode.Error);
        var encoded = encode.OutCsv;
        Assert.Equal(["sequence", "step", "r0", "r1", "state"], encoded.ColumnNames);
        var hmm = (HiddenMarkovModel)LatentModelFile.Load(model);
        var data = SequenceCsv.Read(csv.Path, "run");
        var paths = hmm.Viterbi(data);
        Assert.Equal((1.0, 39.0), (encoded[99, 0], encoded[99, 1]));
        Assert.Equal(paths[1].States[39], (int)encoded[99, 4]);
        Assert.Equal(hmm.Posterior(data).Means()[..4], new[] { encoded[0, 2], encoded[0, 3], encoded[1, 2], encoded[1, 3] });
    }

    [Fact]
    public void Compare_has_em_and_vmp_rows_and_exacts_rows_at_their_parameters_and_says_why_reparameterized_is_skipped()
    {
        var run = CliRun.Of("compare", "--example", "nile", "--model", "hmm", "--seed", "1");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains(run.OutLines, l => l.Contains("│ em ") && l.Contains("-629.804"));
        Assert.Contains(run.OutLines, l => l.Contains("exact at em's θ") && l.Contains("-629.804"));
        Assert.Contains(run.OutLines, l => l.Contains("│ vmp ") && l.Contains("-631.398"));
        Assert.Contains(run.OutLines, l => l.Contains("exact at vmp's θ") && l.Contains("-631.398"));
        Assert.DoesNotContain("skipped vmp", run.Out);
        Assert.Contains("skipped reparameterized: model 'nile': latent 'z' is a Markov chain", run.Out);
    }

    [Theory]
    [InlineData("error: --states applies to hmm only, not gmm", "fit", "--example", "nile", "--model", "gmm", "--states", "2")]
    [InlineData("error: --components applies to mixtures; an hmm's chain is sized by --states", "fit", "--example", "nile", "--model", "hmm", "--components", "2")]
    [InlineData("error: --sequence-column applies to hmm only, whose data are sequences; gmm fits independent rows", "fit", "--example", "nile", "--model", "gmm", "--sequence-column", "id")]
    [InlineData("error: --sequence-column names a column of the --data CSV file; an example is one sequence", "fit", "--example", "nile", "--model", "hmm", "--sequence-column", "id")]
    [InlineData("error: --missing does not apply to hmm: Baum-Welch and the forward algorithm here take sequences without missing cells", "fit", "--example", "nile", "--model", "hmm", "--missing")]
    public void Options_that_do_not_go_with_an_hmm_are_refused(string error, params string[] args) => CliRun.Refused(ExitCodes.UsageError, error, args);

    [Fact]
    public void A_gap_in_the_sequence_column_is_refused_naming_the_rows()
    {
        using var csv = new TempCsv("run,x\na,1\na,2\nb,3\na,4\n");
        var run = CliRun.Of("fit", "--data", csv.Path, "--model", "hmm", "--sequence-column", "run");
        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains("row 3 (line 5), column 0 'run': sequence 'a' resumes here after a gap: its rows stopped at row 1", run.ErrorLine);
    }
}
