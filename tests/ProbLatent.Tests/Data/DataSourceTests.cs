using ProbLatent.Data;

namespace ProbLatent.Tests.Data;

public class DataSourceTests
{
    /// <summary>The values of every block of a pass, in order, and each block's (first row of the file, first row of the set, rows).</summary>
    static (double[] Values, List<(long File, long Set, int Rows)> Blocks) Pass(DataSource source)
    {
        var values = new List<double>();
        var blocks = new List<(long, long, int)>();
        foreach (var block in source.Blocks())
        {
            values.AddRange(block.Data.Values);
            blocks.Add((block.FirstRowOfFile, block.FirstRowOfSource, block.Data.Rows));
        }
        return (values.ToArray(), blocks);
    }

    static string CsvOf(int rows, Func<int, string>? cell = null)
    {
        var text = new System.Text.StringBuilder("\uFEFFa,b\n");
        for (int n = 0; n < rows; n++) text.Append(cell?.Invoke(n) ?? $"{n},{n * 0.5}").Append('\n');
        return text.ToString();
    }

    [Fact]
    public void AMatrixIsOneBlockThatIsTheMatrixItself()
    {
        var data = Csv.ParseText("x,y\n1,2\n3,4\n", "m.csv");
        var source = DataSource.InMemory(data);
        var blocks = source.Blocks().ToList();
        Assert.Same(data, Assert.Single(blocks).Data);
        Assert.Equal(2, source.Rows);
        Assert.Same(data, source.ReadAll());
    }

    [Fact]
    public void ACsvFileIsReadInBlocksOfTheSameValuesAsReadWhole()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["d.csv"], CsvOf(10));
        var source = DataSource.CsvFile(folder["d.csv"], blockRows: 4);
        Assert.Null(source.Rows);
        var (values, blocks) = Pass(source);
        Assert.Equal(Csv.Read(folder["d.csv"]).Values.ToArray(), values);
        Assert.Equal([(0L, 0L, 4), (4L, 4L, 4), (8L, 8L, 2)], blocks);
        Assert.Equal(10, source.Rows);
        Assert.Equal(["a", "b"], source.ColumnNames);
        Assert.Equal(Pass(source).Values, values);
    }

    [Fact]
    public void ACsvBlockNamesTheRowAndLineOfTheFileAsCsvReadDoes()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["d.csv"], CsvOf(10, n => n == 7 ? "7,3;5" : $"{n},1"));
        var whole = Assert.Throws<DataException>(() => Csv.Read(folder["d.csv"]));
        var streamed = Assert.Throws<DataException>(() => Pass(DataSource.CsvFile(folder["d.csv"], blockRows: 3)));
        Assert.Equal(whole.Message, streamed.Message);
        Assert.Contains("row 7 (line 9), column 1 'b'", streamed.Message);
        Assert.Contains("';' as the separator", streamed.Message);
    }

    [Fact]
    public void ACsvColumnSelectionIsTheCsvReadersAndAChecksInABlockNameTheFilesRow()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["d.csv"], "id,x\nfirst,0\nsecond,1\nthird,1\nfourth,7\n");
        var source = DataSource.CsvFile(folder["d.csv"], ColumnSelection.Only("x"), blockRows: 2);
        Assert.Equal([0.0, 1, 1, 7], Pass(source).Values);
        var last = source.Blocks().Last();
        var error = Assert.Throws<DataException>(() => last.Data.CheckBinary());
        Assert.Contains("row 3 (line 5), column 0 'x': value 7 is not 0 or 1", error.Message);
    }

    [Fact]
    public void AnEmptyCsvSourceIsRefused()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["h.csv"], "a,b\n");
        var error = Assert.Throws<DataException>(() => Pass(DataSource.CsvFile(folder["h.csv"])));
        Assert.Contains("has a header (a, b) but no data rows", error.Message);
    }

    [Fact]
    public void SeveralFilesAreOneDataSetInTheOrderGiven()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["2.csv"], "a,b\n5,6\n");
        File.WriteAllText(folder["1.csv"], "a,b\n1,2\n3,4\n");
        var files = DataFiles.Expand([folder.Path], [".csv"]);
        Assert.Equal([folder["1.csv"], folder["2.csv"]], files);
        var source = DataSource.Concatenate(files.Select(f => DataSource.CsvFile(f)).ToArray());
        var (values, blocks) = Pass(source);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], values);
        Assert.Equal([(0L, 0L, 2), (0L, 2L, 1)], blocks);
        Assert.Equal(3, source.Rows);
        Assert.Equal(3, source.ReadAll().Rows);
        // Rows of two files are not one file's consecutive lines: the set read whole keeps no first line.
        Assert.Null(source.ReadAll().FirstLine);
        Assert.Equal(2, DataSource.CsvFile(folder["1.csv"]).ReadAll().FirstLine);
    }

    [Fact]
    public void FilesWithOtherColumnsAreRefusedNamingBoth()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["1.csv"], "a,b\n1,2\n");
        File.WriteAllText(folder["2.csv"], "a,c\n5,6\n");
        var error = Assert.Throws<DataException>(() => DataSource.Concatenate([DataSource.CsvFile(folder["1.csv"]), DataSource.CsvFile(folder["2.csv"])]));
        Assert.Contains("2.csv: has columns (a, c), but", error.Message);
        Assert.Contains("1.csv has (a, b)", error.Message);
    }

    [Fact]
    public void AFolderWithoutDataFilesAndAMissingPathAreRefused()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["notes.txt"], "x");
        Assert.Contains("is a folder without data files (no *.csv or *.parquet)",
            Assert.Throws<DataException>(() => DataFiles.Expand([folder.Path], [".csv", ".parquet"])).Message);
        Assert.Contains("file not found", Assert.Throws<DataException>(() => DataFiles.Expand([folder["none.csv"]], [".csv"])).Message);
    }

    [Fact]
    public void ReadAllRefusesMoreRowsThanAllowed()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder["d.csv"], CsvOf(10));
        var error = Assert.Throws<DataException>(() => DataSource.CsvFile(folder["d.csv"], blockRows: 4).ReadAll(maximumRows: 5));
        Assert.Contains("has more than 5 rows", error.Message);
        var all = DataSource.CsvFile(folder["d.csv"], blockRows: 4).ReadAll();
        Assert.Equal(2, all.FirstLine);
    }
}
