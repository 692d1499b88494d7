using Parquet;
using Parquet.Schema;
using ProbLatent.Data;
using ProbLatent.Parquet;

namespace ProbLatent.Tests.Parquet;

public class ParquetSourceTests
{
    static DataMatrix Block(int first, int rows) =>
        new(Enumerable.Range(first, rows).SelectMany(n => new[] { n, -0.5 * n }).ToArray(), rows, 2, ["x", "y"], "generated");

    static double[] Values(DataSource source) => source.Blocks().SelectMany(b => b.Data.Values.ToArray()).ToArray();

    /// <summary>A file of one row group with the given columns, written by Parquet.Net directly (types ParquetTable does not write).</summary>
    static async Task WriteColumns(string path, params (DataField Field, Array Values)[] columns)
    {
        using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => (Field)c.Field).ToArray()), stream);
        using var group = writer.CreateRowGroup();
        foreach (var (field, values) in columns)
            switch (values)
            {
                case int[] a: await group.WriteAsync<int>(field, a.AsMemory()); break;
                case float[] a: await group.WriteAsync<float>(field, a.AsMemory()); break;
                case decimal[] a: await group.WriteAsync<decimal>(field, a.AsMemory()); break;
                case double[] a: await group.WriteAsync<double>(field, a.AsMemory()); break;
                case double?[] a: await group.WriteAsync<double>(field, a.AsMemory()); break;
                case string[] a: await group.WriteAsync(field, a); break;
                default: throw new ArgumentException(values.GetType().Name);
            }
    }

    [Fact]
    public void RowGroupsAreReadInOrderWithTheirOrigin()
    {
        using var folder = new TempFolder();
        ParquetTable.Write(folder["d.parquet"], [Block(0, 5), Block(5, 5), Block(10, 3)]);
        var source = ParquetSource.Open(folder["d.parquet"]);
        Assert.Equal(13, source.Rows);
        Assert.Equal(3, source.RowGroupCount);
        Assert.Equal(["x", "y"], source.ColumnNames);
        var origins = source.Blocks().Select(b => (b.RowGroup, b.FirstRowOfFile, b.Data.Rows)).ToList();
        Assert.Equal([(0, 0L, 5), (1, 5L, 5), (2, 10L, 3)], origins);
        Assert.Equal(Block(0, 13).Values.ToArray(), Values(source));
        Assert.Equal(Values(source), Values(source));
    }

    [Fact]
    public async Task IntegerFloatAndDecimalColumnsAreReadAsDoublesAndColumnsChosenByName()
    {
        using var folder = new TempFolder();
        var path = folder["t.parquet"];
        await WriteColumns(path, (new DataField<int>("i"), new[] { 1, 2 }), (new DataField<string>("name"), new[] { "a", "b" }),
            (new DataField<float>("f"), new[] { 0.5f, 1.5f }), (new DataField<decimal>("m"), new[] { 2.25m, -3m }));
        var source = ParquetSource.Open(path, ColumnSelection.Except("name"));
        Assert.Equal(["i", "f", "m"], source.ColumnNames);
        Assert.Equal([1.0, 0.5, 2.25, 2, 1.5, -3], Values(source));
        Assert.Equal([-3.0, 2], Values(ParquetSource.Open(path, ColumnSelection.Only("m", "i"))).Skip(2));
    }

    [Fact]
    public async Task ANonNumericColumnIsRefusedNamingFileAndColumn()
    {
        using var folder = new TempFolder();
        var path = folder["t.parquet"];
        await WriteColumns(path, (new DataField<double>("x"), new[] { 1.0 }), (new DataField<string>("name"), new[] { "a" }));
        var error = Assert.Throws<DataException>(() => ParquetSource.Open(path));
        Assert.Equal($"{path}, column 1: column 'name' holds text, not numbers: choose numeric columns (--columns)", error.Message);
    }

    [Fact]
    public async Task ANullInANullableColumnIsRefusedNamingRowGroupRowAndColumn()
    {
        using var folder = new TempFolder();
        var path = folder["n.parquet"];
        await WriteColumns(path, (new DataField<double>("x"), new[] { 1.0, 2, 3 }), (new DataField<double?>("y"), new double?[] { 1, null, 3 }));
        var source = ParquetSource.Open(path);
        var error = Assert.Throws<DataException>(() => Values(source));
        Assert.Equal($"{path}, row group 0, row 1, column 1 'y': the cell is empty ({Csv.MissingRefused})", error.Message);
        var full = folder["f.parquet"];
        await WriteColumns(full, (new DataField<double?>("y"), new double?[] { 1, 2 }));
        Assert.Equal([1.0, 2], Values(ParquetSource.Open(full)));
    }

    [Fact]
    public async Task MissingValuesAtRandomReadsANullOrNaNAsAMissingCell()
    {
        using var folder = new TempFolder();
        var path = folder["n.parquet"];
        await WriteColumns(path, (new DataField<double>("x"), new[] { 1.0, double.NaN, 3 }), (new DataField<double?>("y"), new double?[] { 1, null, 3 }),
            (new DataField<double?>("z"), new double?[] { 4, 5, null }));
        var data = ParquetSource.Open(path, missing: MissingValues.AtRandom).ReadAll();
        Assert.Equal(3, data.MissingCount);
        Assert.True(data.IsMissing(1, 0) && data.IsMissing(1, 1) && data.IsMissing(2, 2));
        Assert.Equal([1.0, 1, 4], data.Row(0).ToArray());
        Assert.Equal(3.0, data[2, 1]);
    }

    [Fact]
    public async Task ARowWithEveryCellMissingIsRefusedNamingRowGroupAndRow()
    {
        using var folder = new TempFolder();
        var path = folder["n.parquet"];
        await WriteColumns(path, (new DataField<double?>("x"), new double?[] { 1, null, 3 }), (new DataField<double?>("y"), new double?[] { 1, null, 3 }));
        var error = Assert.Throws<DataException>(() => Values(ParquetSource.Open(path, missing: MissingValues.AtRandom)));
        Assert.Equal($"{path}, row group 0, row 1: every cell of the row is missing: a row needs at least one observed value (drop the row)", error.Message);
    }

    [Fact]
    public async Task ANonFiniteValueIsRefusedNamingRowGroupAndRow()
    {
        using var folder = new TempFolder();
        var path = folder["nan.parquet"];
        await WriteColumns(path, (new DataField<double>("x"), new[] { 1.0, double.NaN }));
        var error = Assert.Throws<DataException>(() => Values(ParquetSource.Open(path)));
        Assert.Equal($"{path}, row group 0, row 1, column 0: value NaN is not a finite number", error.Message);
    }

    [Fact]
    public void ACorruptOrTruncatedFileIsRefusedNamingIt()
    {
        using var folder = new TempFolder();
        var path = folder["d.parquet"];
        ParquetTable.Write(path, [Block(0, 1000)]);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(folder["truncated.parquet"], bytes[..(bytes.Length / 2)]);
        File.WriteAllText(folder["text.parquet"], "a,b\n1,2\n");
        foreach (var name in new[] { "truncated.parquet", "text.parquet" })
        {
            var error = Assert.Throws<DataException>(() => ParquetSource.Open(folder[name]));
            Assert.StartsWith($"{folder[name]}: is not a readable Parquet file (corrupt or truncated?)", error.Message);
        }
        // A data page overwritten in place: the footer reads, the row group does not.
        var damaged = (byte[])bytes.Clone();
        for (int i = 8; i < 2000; i++) damaged[i] = 0xAB;
        File.WriteAllBytes(folder["damaged.parquet"], damaged);
        var read = Assert.Throws<DataException>(() => Values(ParquetSource.Open(folder["damaged.parquet"])));
        Assert.StartsWith($"{folder["damaged.parquet"]}, row group 0: is not a readable Parquet file", read.Message);
    }

    [Fact]
    public async Task AFileWithoutRowsAndFilesOfAnotherSchemaAreRefused()
    {
        using var folder = new TempFolder();
        await WriteColumns(folder["empty.parquet"], (new DataField<double>("x"), Array.Empty<double>()));
        Assert.Equal($"{folder["empty.parquet"]}: has no rows: the data set is empty",
            Assert.Throws<DataException>(() => ParquetSource.Open(folder["empty.parquet"])).Message);
        ParquetTable.Write(folder["a.parquet"], [Block(0, 3)]);
        await WriteColumns(folder["b.parquet"], (new DataField<double>("x"), new[] { 1.0 }), (new DataField<double>("z"), new[] { 1.0 }));
        var error = Assert.Throws<DataException>(() => DataSource.Concatenate([ParquetSource.Open(folder["a.parquet"]), ParquetSource.Open(folder["b.parquet"])]));
        Assert.Contains("b.parquet: has columns (x, z), but", error.Message);
    }

    [Fact]
    public void AFolderOfParquetFilesIsOneDataSetInSortedOrder()
    {
        using var folder = new TempFolder();
        ParquetTable.Write(folder["part-1.parquet"], [Block(4, 2)]);
        ParquetTable.Write(folder["part-0.parquet"], [Block(0, 2), Block(2, 2)]);
        var source = DataSource.Concatenate(DataFiles.Expand([folder.Path], [".parquet"]).Select(f => (DataSource)ParquetSource.Open(f)).ToArray());
        Assert.Equal(6, source.Rows);
        Assert.Equal(Block(0, 6).Values.ToArray(), Values(source));
        Assert.Equal([0L, 2, 4], source.Blocks().Select(b => b.FirstRowOfSource).ToArray());
    }
}
