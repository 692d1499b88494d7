using ProbLatent.Cli;

namespace ProbLatent.Tests.Cli;

/// <summary>
/// <c>--columns</c> and <c>--drop</c>: a CSV file with a label column, such as the shipped iris.csv with its species, is
/// fitted and encoded without editing it.
/// </summary>
public class CliColumnTests
{
    /// <summary>Iris's first rows of each species, with the label column iris.csv has.</summary>
    const string Iris = "sepal_length,sepal_width,petal_length,petal_width,species\n" +
                        "5.1,3.5,1.4,0.2,setosa\n4.9,3.0,1.4,0.2,setosa\n4.7,3.2,1.3,0.2,setosa\n4.6,3.1,1.5,0.2,setosa\n" +
                        "7.0,3.2,4.7,1.4,versicolor\n6.4,3.2,4.5,1.5,versicolor\n6.9,3.1,4.9,1.5,versicolor\n5.5,2.3,4.0,1.3,versicolor\n" +
                        "6.3,3.3,6.0,2.5,virginica\n5.8,2.7,5.1,1.9,virginica\n7.1,3.0,5.9,2.1,virginica\n6.3,2.9,5.6,1.8,virginica\n";

    [Fact]
    public void A_label_column_is_refused_with_the_way_to_leave_it_out()
    {
        using var csv = new TempCsv(Iris);
        CliRun.Refused(ExitCodes.DataOrModelError,
            $"error: {csv.Path}, row 0 (line 2), column 4 'species': 'setosa' is not a number; leave the column out with --drop species, " +
            "or choose the columns to read with --columns",
            "fit", "--data", csv.Path, "--model", "gmm");
    }

    [Fact]
    public void Drop_and_columns_choose_what_is_fitted()
    {
        using var csv = new TempCsv(Iris);
        var dropped = CliRun.Of("fit", "--data", csv.Path, "--model", "ppca", "--backend", "exact", "--drop", "species");
        Assert.True(dropped.ExitCode == ExitCodes.Success, dropped.Error);
        Assert.Contains("observe x[4]", dropped.Out);
        var chosen = CliRun.Of("fit", "--data", csv.Path, "--model", "ppca", "--backend", "exact", "--columns", "petal_length,sepal_length,petal_width");
        Assert.True(chosen.ExitCode == ExitCodes.Success, chosen.Error);
        Assert.Contains("observe x[3]", chosen.Out);
        var compared = CliRun.Of("compare", "--data", csv.Path, "--model", "ppca", "--backends", "exact,em", "--drop", "species");
        Assert.True(compared.ExitCode == ExitCodes.Success, compared.Error);
        Assert.Contains("4 columns (sepal_length, sepal_width, petal_length, petal_width)", compared.Out);
    }

    [Fact]
    public void Encode_reads_the_columns_the_model_was_fitted_to()
    {
        using var csv = new TempCsv(Iris);
        var model = Path.Combine(csv.Folder, "petals.plm");
        // Twelve rows of two-decimal petals put a component on collinear points: the regularization the refusal advises keeps it wide.
        var fit = CliRun.Of("fit", "--data", csv.Path, "--model", "gmm", "--columns", "petal_length,petal_width", "--seed", "1", "--regularization", "0.1", "--out", model);
        Assert.True(fit.ExitCode == ExitCodes.Success, fit.Error);
        var encoded = CliRun.Of("encode", "--model", model, "--data", csv.Path, "--columns", "petal_length,petal_width");
        Assert.True(encoded.ExitCode == ExitCodes.Success, encoded.Error);
        Assert.Equal(12, encoded.OutCsv.Rows);
        var example = CliRun.Of("encode", "--model", model, "--example", "iris", "--columns", "petal_length,petal_width");
        Assert.True(example.ExitCode == ExitCodes.Success, example.Error);
        Assert.Equal(150, example.OutCsv.Rows);
    }

    [Fact]
    public void Unknown_names_and_both_options_are_refused()
    {
        using var csv = new TempCsv(Iris);
        CliRun.Refused(ExitCodes.DataOrModelError,
            $"error: {csv.Path}: has no column 'petal'; its columns are sepal_length, sepal_width, petal_length, petal_width, species",
            "fit", "--data", csv.Path, "--model", "gmm", "--columns", "petal,sepal_length");
        CliRun.Refused(ExitCodes.DataOrModelError,
            "error: iris: has no column 'species'; its columns are sepal_length, sepal_width, petal_length, petal_width",
            "fit", "--example", "iris", "--drop", "species");
        CliRun.Refused(ExitCodes.UsageError, "error: give either --columns (the columns to read) or --drop (the columns to leave out), not both",
            "fit", "--data", csv.Path, "--model", "gmm", "--columns", "sepal_length", "--drop", "species");
        CliRun.Refused(ExitCodes.UsageError, "error: give either --columns (the columns to read) or --drop (the columns to leave out), not both",
            "encode", "--model", "m.plm", "--data", csv.Path, "--columns", "sepal_length", "--drop", "species");
        CliRun.Refused(ExitCodes.UsageError, "error: --columns names the column 'a' twice (see 'problatent fit --help')",
            "fit", "--data", csv.Path, "--model", "gmm", "--columns", "a,b,a");
        CliRun.Refused(ExitCodes.UsageError, "error: --drop expects column names separated by commas (sepal_length,petal_length), got 'a,' (see 'problatent fit --help')",
            "fit", "--data", csv.Path, "--model", "gmm", "--drop", "a,");
        CliRun.Refused(ExitCodes.UsageError,
            "error: --drop chooses columns of a CSV file or an example by name; x.bin is binarized MNIST, whose pixels have none",
            "fit", "--data", "x.bin", "--model", "bernoulli-mixture", "--drop", "p0");
    }
}
