using ProbLatent.Data;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Data;

public class CsvTests
{
    static DataMatrix Parse(string text) => Csv.ParseText(text, "data.csv");

    static DataException Fails(string text) => Assert.Throws<DataException>(() => Parse(text));

    [Fact]
    public void ReadsHeaderAndRows()
    {
        var data = Parse("a,b\n1,2\n3.5,-4e-1\n");
        Assert.Equal(2, data.Rows);
        Assert.Equal(2, data.Columns);
        Assert.Equal(["a", "b"], data.ColumnNames);
        Assert.Equal([1, 2, 3.5, -0.4], data.Values.ToArray());
        Assert.Equal("data.csv", data.Source);
    }

    [Fact]
    public void AllowsWhitespaceQuotesCrLfAndTrailingBlankLines()
    {
        var data = Parse("\uFEFF \"eruptions\" , \"waiting\"\r\n 3.6 , 79\r\n\"1.8\",54\r\n\r\n  \n");
        Assert.Equal(["eruptions", "waiting"], data.ColumnNames);
        Assert.Equal([3.6, 79, 1.8, 54], data.Values.ToArray());
    }

    [Fact]
    public void UsesTheInvariantCulture()
    {
        var data = Parse("x\n1.25\n1E3\n+2\n");
        Assert.Equal([1.25, 1000, 2], data.Values.ToArray());
    }

    [Fact]
    public void MissingFileNamesThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"problatent-missing-{Guid.NewGuid():N}.csv");
        var e = Assert.Throws<DataException>(() => Csv.Read(path));
        Assert.Equal(path, e.Source);
        Assert.Contains("file not found", e.Message);
        Assert.StartsWith(path, e.Message);
    }

    [Fact]
    public void ReadsAFile()
    {
        using var folder = new TempFolder();
        var path = folder["data.csv"];
        File.WriteAllText(path, "u,v\n1,2\n");
        var data = Csv.Read(path);
        Assert.Equal(path, data.Source);
        Assert.Equal(2.0, data[0, 1]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n  \n")]
    public void EmptyFile(string text)
    {
        var e = Fails(text);
        Assert.Equal("data.csv: the file is empty; expected a header line of column names, then one line per data row", e.Message);
    }

    [Fact]
    public void HeaderOnly()
    {
        var e = Fails("eruptions,waiting\n\n");
        Assert.Equal("data.csv: has a header (eruptions, waiting) but no data rows", e.Message);
        Assert.Null(e.Row);
    }

    [Fact]
    public void RaggedRowNamesRowAndLine()
    {
        var text = "a,b\n" + string.Concat(Enumerable.Range(0, 12).Select(i => $"{i},{i}\n")) + "1,2,3\n4,5\n";
        var e = Fails(text);
        Assert.Equal(12, e.Row);
        Assert.Equal(14, e.Line);
        Assert.Equal(2, e.Column);
        Assert.Equal("data.csv, row 12 (line 14), column 2: has 3 values but the header has 2 columns (a, b)", e.Message);
    }

    [Fact]
    public void ShortRowNamesTheFirstMissingColumn()
    {
        var e = Fails("a,b,c\n1,2,3\n4\n");
        Assert.Equal(1, e.Row);
        Assert.Equal(1, e.Column);
        Assert.Contains("row 1 (line 3)", e.Message);
        Assert.Contains("has 1 value but the header has 3 columns", e.Message);
    }

    [Fact]
    public void CountsOfOneAreSingular()
    {
        Assert.EndsWith("has 2 values but the header has 1 column (a)", Fails("a\n1\n2,3\n").Message);
    }

    [Fact]
    public void NonNumericCellNamesTextRowAndColumn()
    {
        var e = Fails("eruptions,waiting\n3.6,79\n1.8,54\n3.3,74\n2.2,abc\n");
        Assert.Equal(3, e.Row);
        Assert.Equal(1, e.Column);
        Assert.Equal(5, e.Line);
        Assert.Equal("waiting", e.ColumnName);
        Assert.Equal("data.csv, row 3 (line 5), column 1 'waiting': 'abc' is not a number", e.Message);
    }

    [Fact]
    public void DecimalCommaInsideQuotesIsNotANumber()
    {
        var e = Fails("x\n\"3,6\"\n");
        Assert.Equal("data.csv, row 0 (line 2), column 0 'x': '3,6' is not a number", e.Message);
    }

    [Fact]
    public void SemicolonSeparatorGetsAHint()
    {
        var e = Fails("a;b\n1;2\n");
        Assert.Contains("'1;2' is not a number (the file seems to use ';' as the separator", e.Message);
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e999")]
    public void InfiniteValuesAreRefused(string cell)
    {
        var e = Fails($"a,b\n1,2\n3,{cell}\n");
        Assert.Equal(1, e.Row);
        Assert.Equal(1, e.Column);
        Assert.Equal($"data.csv, row 1 (line 3), column 1 'b': '{cell}' is not a finite number (±infinity is not allowed)", e.Message);
        Assert.Throws<DataException>(() => Csv.ParseText($"a,b\n1,2\n3,{cell}\n", "data.csv", missing: MissingValues.AtRandom));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    public void NaNIsRefusedWithoutMissingValues(string cell)
    {
        var e = Fails($"a,b\n1,2\n3,{cell}\n");
        Assert.Equal(1, e.Row);
        Assert.Equal(1, e.Column);
        Assert.Equal($"data.csv, row 1 (line 3), column 1 'b': '{cell}' is not a finite number (a NaN is a missing cell: {Csv.MissingRefused})", e.Message);
    }

    [Fact]
    public void EmptyCellIsRefused()
    {
        var e = Fails("a,b\n1,\n");
        Assert.Equal("data.csv, row 0 (line 2), column 1 'b': the cell is empty (missing values are refused unless allowed: --missing, or MissingValues.AtRandom)", e.Message);
    }

    [Fact]
    public void MissingValuesAtRandomReadsEmptyCellsAndNaNAsMissing()
    {
        var data = Csv.ParseText("a,b,c\n1,,3\n4,5,NaN\n7,8,9\n\" \",2,1\n", "data.csv", missing: MissingValues.AtRandom);
        Assert.True(data.HasMissing);
        Assert.Equal(3, data.MissingCount);
        Assert.True(data.IsMissing(0, 1) && data.IsMissing(1, 2) && data.IsMissing(3, 0));
        Assert.False(data.IsMissing(2, 0));
        Assert.Equal([7.0, 8, 9], data.Row(2).ToArray());
        Assert.True(double.IsNaN(data[0, 1]));
    }

    [Fact]
    public void MissingValuesAtRandomWithoutAMissingCellIsTheDataReadWithout()
    {
        const string text = "a,b\n1,2\n3,4\n";
        var allowed = Csv.ParseText(text, "data.csv", missing: MissingValues.AtRandom);
        Assert.False(allowed.HasMissing);
        Assert.Equal(Csv.ParseText(text, "data.csv").Values.ToArray(), allowed.Values.ToArray());
    }

    [Fact]
    public void ARowWithEveryCellMissingIsRefusedNamingIt()
    {
        var e = Assert.Throws<DataException>(() => Csv.ParseText("a,b\n1,2\n,\n3,4\n", "data.csv", missing: MissingValues.AtRandom));
        Assert.Equal("data.csv, row 1 (line 3): every cell of the row is missing: a row needs at least one observed value (drop the row)", e.Message);
    }

    [Fact]
    public void AColumnWithEveryCellMissingIsRefusedByAFitNamingIt()
    {
        var data = Csv.ParseText("a,b\n1,\n2,\n", "data.csv", missing: MissingValues.AtRandom);
        var model = Model.Define("m").Latent("z", Prior.Categorical(1)).Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Diagonal))).Observe("x", 2);
        var e = Assert.Throws<DataException>(() => model.Compile(Inference.Em(restarts: 1)).Fit(data));
        Assert.Equal("data.csv, column 1 'b': every cell of the column is missing: it carries nothing to fit (drop the column)", e.Message);
    }

    [Fact]
    public void DuplicateHeaderName()
    {
        var e = Fails("x,y,x\n1,2,3\n");
        Assert.Equal(2, e.Column);
        Assert.Equal("data.csv, line 1, column 2: the header repeats the column name 'x' (first used by column 0)", e.Message);
    }

    [Theory]
    [InlineData("x,,z\n1,2,3\n", 1)]
    [InlineData("x,y,\"\"\n1,2,3\n", 2)]
    [InlineData("x, \n1,2\n", 1)]
    public void EmptyHeaderName(string text, int column)
    {
        var e = Fails(text);
        Assert.Equal(column, e.Column);
        Assert.Equal($"data.csv, line 1, column {column}: the header has an empty column name; every column needs a name", e.Message);
    }

    [Fact]
    public void BlankLineBetweenRowsIsAnError()
    {
        var e = Fails("a\n1\n\n2\n");
        Assert.Equal(1, e.Row);
        Assert.Equal("data.csv, row 1 (line 4): line 3 is blank, but more data follows; blank lines are allowed only at the end of the file", e.Message);
    }

    [Fact]
    public void UnclosedQuote()
    {
        var e = Fails("a,b\n1,\"2\n");
        Assert.Contains("row 0 (line 2), column 1: a double quote is not closed", e.Message);
    }

    [Fact]
    public void ReadsTheShippedOldFaithfulFile()
    {
        var data = Csv.Read(RepositoryFolder.PathOf("src/ProbLatent/Data/Examples/faithful.csv"));
        Assert.Equal(272, data.Rows);
        Assert.Equal(["eruptions", "waiting"], data.ColumnNames);
    }

    [SkippableFact]
    public void ReadsTheSharedSyntheticMixture()
    {
        var data = Csv.Read(SharedData.PathOf("synthetic/mixture3_100k.csv"));
        Assert.Equal(100_000, data.Rows);
        Assert.Equal(["x1", "x2"], data.ColumnNames);
    }

    [Fact]
    public void ShippedIrisFileIsRefusedBecauseSpeciesIsText()
    {
        var e = Assert.Throws<DataException>(() => Csv.Read(RepositoryFolder.PathOf("src/ProbLatent/Data/Examples/iris.csv")));
        Assert.Equal(4, e.Column);
        Assert.Equal("species", e.ColumnName);
        Assert.Contains("row 0 (line 2), column 4 'species': 'setosa' is not a number", e.Message);
    }
}
