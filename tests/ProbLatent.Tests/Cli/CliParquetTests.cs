using Parquet;
using Parquet.Schema;
using ProbLatent.Cli;
using ProbLatent.Cli.Options;
using ProbLatent.Data;
using ProbLatent.Parquet;

namespace ProbLatent.Tests.Cli;

/// <summary>
/// <c>--data</c> as a Parquet file, several files or a folder of them: fit streams it for EM and VMP over a mixture, every other
/// command and backend reads it into memory, and a bad file is one line naming file, row group, row and column.
/// </summary>
public class CliParquetTests
{
    static string LineOf(CliRun run, string label) => run.OutLines.Single(l => l.StartsWith(label, StringComparison.Ordinal));

    static void WriteFaithful(string path, int rowGroup)
    {
        var data = Examples.OldFaithful();
        ParquetTable.Write(path, Enumerable.Range(0, (data.Rows + rowGroup - 1) / rowGroup)
            .Select(g => data.SelectRows(Enumerable.Range(g * rowGroup, Math.Min(rowGroup, data.Rows - g * rowGroup)).ToArray())));
    }

    [Fact]
    public void Em_fits_a_parquet_file_as_it_fits_the_same_rows_from_csv()
    {
        using var folder = new TempFolder();
        WriteFaithful(folder["faithful.parquet"], rowGroup: 100);
        var streamed = CliRun.Of("fit", "--data", folder["faithful.parquet"], "--model", "gmm", "--components", "2", "--backend", "em");
        var memory = CliRun.Of("fit", "--example", "old-faithful", "--model", "gmm", "--components", "2", "--backend", "em");
        Assert.Equal(0, streamed.ExitCode);
        Assert.Equal(LineOf(memory, "log p(x)"), LineOf(streamed, "log p(x)"));
        Assert.Equal(LineOf(memory, "data points"), LineOf(streamed, "data points"));
        Assert.Equal(LineOf(memory, "iterations"), LineOf(streamed, "iterations"));
    }

    [Theory]
    [InlineData("fa")]
    [InlineData("ppca")]
    public void Em_fits_factor_analysis_over_two_parquet_files_as_it_fits_the_same_rows_in_memory(string model)
    {
        using var folder = new TempFolder();
        var data = Examples.Iris();
        ParquetTable.Write(folder["a.parquet"], [data.SelectRows(Enumerable.Range(0, 75).ToArray())]);
        ParquetTable.Write(folder["b.parquet"], [data.SelectRows(Enumerable.Range(75, 75).ToArray())]);
        var streamed = CliRun.Of("fit", "--data", $"{folder["a.parquet"]},{folder["b.parquet"]}", "--model", model, "--latent-dim", "1", "--backend", "em");
        var memory = CliRun.Of("fit", "--example", "iris", "--model", model, "--latent-dim", "1", "--backend", "em");
        Assert.True(streamed.ExitCode == 0, streamed.Error);
        Assert.Equal(LineOf(memory, "log p(x)"), LineOf(streamed, "log p(x)"));
        Assert.Equal(LineOf(memory, "data points"), LineOf(streamed, "data points"));
        Assert.Equal(LineOf(memory, "iterations"), LineOf(streamed, "iterations"));
    }

    [Fact]
    public void A_folder_of_parquet_files_and_a_list_of_files_are_one_data_set_and_vmp_streams_it_to_the_in_memory_fit()
    {
        using var folder = new TempFolder();
        var data = Examples.OldFaithful();
        ParquetTable.Write(folder["b.parquet"], [data.SelectRows(Enumerable.Range(136, 136).ToArray())]);
        ParquetTable.Write(folder["a.parquet"], [data.SelectRows(Enumerable.Range(0, 136).ToArray())]);
        var memory = CliRun.Of("fit", "--example", "old-faithful", "--model", "gmm", "--components", "2");
        var fromFolder = CliRun.Of("fit", "--data", folder.Path, "--model", "gmm", "--components", "2");
        var fromList = CliRun.Of("fit", "--data", $"{folder["a.parquet"]},{folder["b.parquet"]}", "--model", "gmm", "--components", "2", "--columns", "eruptions,waiting");
        Assert.Equal(LineOf(memory, "log p(x)"), LineOf(fromFolder, "log p(x)"));
        Assert.Equal(LineOf(memory, "log p(x)"), LineOf(fromList, "log p(x)"));
        var vmp = CliRun.Of("fit", "--data", folder.Path, "--model", "gmm", "--components", "2", "--backend", "vmp");
        Assert.Equal(0, vmp.ExitCode);
        Assert.Equal(LineOf(CliRun.Of("fit", "--example", "old-faithful", "--model", "gmm", "--components", "2", "--backend", "vmp"), "ELBO"), LineOf(vmp, "ELBO"));
    }

    [Fact]
    public void A_file_whose_name_holds_a_comma_is_one_file_not_a_list()
    {
        using var folder = new TempFolder();
        WriteFaithful(folder["old,faithful.parquet"], rowGroup: 100);
        Assert.Equal([folder["old,faithful.parquet"]], TableData.Paths(folder["old,faithful.parquet"]));
        var run = CliRun.Of("fit", "--data", folder["old,faithful.parquet"], "--model", "gmm", "--components", "2", "--backend", "em");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(LineOf(CliRun.Of("fit", "--example", "old-faithful", "--model", "gmm", "--components", "2", "--backend", "em"), "log p(x)"), LineOf(run, "log p(x)"));
    }

    [Fact]
    public void A_list_of_files_is_named_by_its_first_file_and_a_folder_as_given()
    {
        using var folder = new TempFolder();
        var data = Examples.OldFaithful();
        ParquetTable.Write(folder["a.parquet"], [data.SelectRows([0, 1])]);
        ParquetTable.Write(folder["b.parquet"], [data.SelectRows([2])]);
        Assert.Equal($"{folder["a.parquet"]} and 1 other file", TableData.Open($"{folder["a.parquet"]},{folder["b.parquet"]}", ColumnSelection.All).Name);
        Assert.Equal($"{folder.Path} (2 files)", TableData.Open(folder.Path, ColumnSelection.All).Name);
        Assert.Equal(folder["a.parquet"], TableData.Open(folder["a.parquet"], ColumnSelection.All).Name);
    }

    [Fact]
    public void A_data_set_larger_than_a_command_reads_into_memory_is_refused_naming_what_streams_it()
    {
        using var folder = new TempFolder();
        ParquetTable.Write(folder["a.parquet"], [Examples.OldFaithful().SelectRows([0, 1, 2])]);
        File.WriteAllText(folder["b.csv"], "eruptions,waiting\n1,50\n2,60\n");
        File.WriteAllText(folder["c.csv"], "eruptions,waiting\n3,70\n4,80\n");
        // The Parquet file's rows are known before it is read, the two CSV files' only as they are.
        foreach (var path in new[] { folder["a.parquet"], $"{folder["b.csv"]},{folder["c.csv"]}" })
        {
            var error = Assert.Throws<UsageException>(() => TableData.ReadAll(path, ColumnSelection.All, maximumRows: 2));
            Assert.Equal($"--data {path} has more than 2 rows, more than this command reads into memory; " +
                         "'problatent fit --backend em' or '--backend vmp' streams it for --model gmm or bernoulli-mixture", error.Message);
        }
        Assert.Equal(3, TableData.ReadAll(folder["a.parquet"], ColumnSelection.All, maximumRows: 3).Rows);
        Assert.Equal(4, TableData.ReadAll($"{folder["b.csv"]},{folder["c.csv"]}", ColumnSelection.All, maximumRows: 4).Rows);
    }

    [Fact]
    public async Task A_text_column_and_a_null_are_one_line_naming_where()
    {
        using var folder = new TempFolder();
        var path = folder["bad.parquet"];
        var x = new DataField<double>("x");
        var y = new DataField<double?>("y");
        var name = new DataField<string>("name");
        using (var stream = File.Create(path))
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(x, y, name), stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(x, new[] { 1.0, 2, 3 }.AsMemory());
            await group.WriteAsync<double>(y, new double?[] { 1, 2, null }.AsMemory());
            await group.WriteAsync(name, new[] { "a", "b", "c" });
        }
        CliRun.Refused(ExitCodes.DataOrModelError, $"error: {path}, column 2: column 'name' holds text, not numbers: choose numeric columns (--columns)",
            "fit", "--data", path, "--model", "gmm", "--components", "1");
        CliRun.Refused(ExitCodes.DataOrModelError,
            $"error: {path}, row group 0, row 2, column 1 'y': the cell is empty (missing values are refused unless allowed: --missing, or MissingValues.AtRandom); leave the column out with --drop y, " +
            "or choose the columns to read with --columns",
            "fit", "--data", path, "--model", "gmm", "--components", "1", "--drop", "name");
        // With --missing the null is a missing cell, which EM marginalises over the file read in blocks.
        var missing = CliRun.Of("fit", "--data", path, "--model", "gmm", "--components", "1", "--drop", "name", "--missing", "--backend", "em", "--covariance", "diag");
        Assert.True(missing.ExitCode == ExitCodes.Success, missing.Error);
        Assert.Contains("log p(x)", missing.Out);
        File.WriteAllBytes(folder["cut.parquet"], File.ReadAllBytes(path)[..40]);
        var cut = CliRun.Of("fit", "--data", folder["cut.parquet"], "--model", "gmm", "--components", "1");
        Assert.Equal(ExitCodes.DataOrModelError, cut.ExitCode);
        Assert.StartsWith($"error: {folder["cut.parquet"]}: is not a readable Parquet file (corrupt or truncated?)", cut.ErrorLine);
    }

    [Fact]
    public void Score_per_row_over_a_parquet_file_writes_the_rows_as_it_reads_them_with_the_in_memory_numbers()
    {
        using var folder = new TempFolder();
        WriteFaithful(folder["faithful.parquet"], rowGroup: 100);
        var model = SavedModels.OldFaithful(folder);
        var memory = CliRun.Of("score", "--model", model, "--example", "old-faithful", "--per-row");
        var streamed = CliRun.Of("score", "--model", model, "--data", folder["faithful.parquet"], "--per-row");
        Assert.True(streamed.ExitCode == ExitCodes.Success, streamed.Error);
        Assert.Equal(memory.Out, streamed.Out);
        var output = folder["rows.csv"];
        var toFile = CliRun.Of("score", "--model", model, "--data", folder["faithful.parquet"], "--per-row", "--out", output);
        Assert.True(toFile.ExitCode == ExitCodes.Success, toFile.Error);
        Assert.Equal(memory.Out, File.ReadAllText(output));
        var inMemory = CliRun.Of("score", "--model", model, "--example", "old-faithful", "--per-row", "--out", folder["memory.csv"]);
        Assert.Equal(LineOf(inMemory, "log p(x)"), LineOf(toFile, "log p(x)"));
        Assert.Equal(LineOf(inMemory, "least likely"), LineOf(toFile, "least likely"));
        Assert.EndsWith($" {folder["faithful.parquet"]}, 272 points × 2 columns (read in blocks)", LineOf(toFile, "data"));
        Assert.Equal($"wrote 272 rows (row, log_p) to {output}", toFile.OutLines.Single(l => l.StartsWith("wrote", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Files_of_another_schema_and_a_damaged_row_group_under_a_streamed_fit_are_one_line_naming_where()
    {
        using var folder = new TempFolder();
        WriteFaithful(folder["a.parquet"], rowGroup: 100);
        using (var stream = File.Create(folder["b.parquet"]))
        {
            var x = new DataField<double>("x");
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(x), stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(x, new[] { 1.0, 2 }.AsMemory());
        }
        var other = CliRun.Of("fit", "--data", folder.Path, "--model", "gmm", "--components", "2", "--backend", "vmp");
        Assert.Equal(ExitCodes.DataOrModelError, other.ExitCode);
        Assert.StartsWith($"error: {folder["b.parquet"]}: has columns (x), but {folder["a.parquet"]} has (eruptions, waiting)", other.ErrorLine);
        var damaged = File.ReadAllBytes(folder["a.parquet"]);
        for (int i = 8; i < 1000; i++) damaged[i] = 0xAB;
        File.WriteAllBytes(folder["damaged.parquet"], damaged);
        foreach (var backend in new[] { "em", "vmp" })
        {
            var run = CliRun.Of("fit", "--data", folder["damaged.parquet"], "--model", "gmm", "--components", "2", "--backend", backend);
            Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
            Assert.StartsWith($"error: {folder["damaged.parquet"]}, row group 0: is not a readable Parquet file", run.ErrorLine);
        }
    }
}
