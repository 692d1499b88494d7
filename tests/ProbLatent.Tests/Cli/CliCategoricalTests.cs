using ProbLatent.Cli;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.Cli;

public class CliCategoricalTests
{
    /// <summary>Two columns of symbols 0..2 over 40 steps: runs of low symbols in a, high in b, and the reverse.</summary>
    const string Symbols =
        "a,b\n0,2\n0,2\n1,2\n0,1\n0,2\n0,2\n1,2\n0,2\n2,0\n2,0\n2,1\n1,0\n2,0\n2,0\n2,0\n0,2\n0,2\n0,1\n1,2\n0,2\n" +
        "2,0\n2,0\n2,1\n2,0\n1,0\n2,0\n0,2\n0,2\n0,2\n1,2\n0,2\n0,2\n2,0\n2,0\n2,0\n1,1\n2,0\n2,0\n0,2\n0,2\n";

    [Fact]
    public void Fit_hmm_with_categorical_emissions_reads_the_symbols_from_the_data_and_prints_the_saved_models_log_p_x()
    {
        using var csv = new TempCsv(Symbols);
        var path = Path.Combine(csv.Folder, "hmm.plm");
        var run = CliRun.Of("fit", "--data", csv.Path, "--model", "hmm", "--states", "2", "--emission", "categorical", "--seed", "1", "--out", path);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("PerComponent(Categorical(3 symbols))", run.Out);
        Assert.Contains("hidden Markov model: 2 states, categorical emissions of 3 symbols, data dimension 2, 11 free parameters", run.Out);
        Assert.Contains("symbol probabilities (row: column, column: symbol):", run.Out);
        var saved = (HiddenMarkovModel)LatentModelFile.Load(path);
        var logP = saved.LogLikelihood(SequenceData.Single(Csv.Read(csv.Path)));
        Assert.Contains($"log p(x)          {logP:F3} total", run.Out);
    }

    [Fact]
    public void Symbols_widens_the_alphabet_beyond_the_data_and_a_categorical_mixture_fits_the_same_columns()
    {
        using var csv = new TempCsv(Symbols);
        var hmm = CliRun.Of("fit", "--data", csv.Path, "--model", "hmm", "--emission", "categorical", "--symbols", "4", "--seed", "1");
        Assert.True(hmm.ExitCode == ExitCodes.Success, hmm.Error);
        Assert.Contains("categorical emissions of 4 symbols", hmm.Out);
        var mixture = CliRun.Of("fit", "--data", csv.Path, "--model", "categorical-mixture", "--components", "2", "--seed", "1");
        Assert.True(mixture.ExitCode == ExitCodes.Success, mixture.Error);
        Assert.Contains("categorical mixture: 2 components, 3 symbols, data dimension 2, 9 free parameters", mixture.Out);
    }

    [Fact]
    public void A_symbol_that_is_not_a_whole_number_is_a_data_error_naming_its_row_and_column()
    {
        using var csv = new TempCsv("a,b\n0,1\n2,1.5\n1,0\n");
        CliRun.Refused(ExitCodes.DataOrModelError,
            $"error: {csv.Path}, row 1 (line 3), column 1 'b': value 1.5 is not one of the symbols 0..2, which a categorical likelihood of 3 symbols needs (data coded as symbol indices)",
            "fit", "--data", csv.Path, "--model", "hmm", "--emission", "categorical");
    }

    [Theory]
    [InlineData("error: --emission applies to hmm only; gmm names its likelihood in the model (gmm, bernoulli-mixture, categorical-mixture)", "--model", "gmm", "--emission", "categorical")]
    [InlineData("error: --symbols applies to categorical emissions: give --emission categorical", "--model", "hmm", "--symbols", "3")]
    [InlineData("error: --symbols applies to categorical-mixture and hmm --emission categorical, not gmm", "--model", "gmm", "--symbols", "3")]
    [InlineData("error: --covariance applies to an hmm's Gaussian emissions; categorical emissions have none", "--model", "hmm", "--emission", "categorical", "--covariance", "diag")]
    public void Options_that_do_not_go_with_the_emission_are_usage_errors(string error, params string[] model)
    {
        using var csv = new TempCsv(Symbols);
        CliRun.Refused(ExitCodes.UsageError, error, ["fit", "--data", csv.Path, .. model]);
    }
}
