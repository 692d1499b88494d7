using Parquet;
using Parquet.Schema;
using ProbLatent.Data;

namespace ProbLatent.Parquet;

/// <summary>
/// A Parquet file as a <see cref="DataSource"/>: its numeric columns (integers, float, double, decimal, each read as a double),
/// one row group at a time into buffers reused from row group to row group, so memory holds one row group, not the file.
/// The row count comes from the file's metadata.
/// </summary>
/// <remarks>
/// Refused, each with a <see cref="DataException"/> naming the file, the column and (when it is in one) the row group and row:
/// a column that is not numeric (text, dates, booleans, lists), a nullable column that holds a null (unless missing values
/// are allowed, <see cref="MissingValues.AtRandom"/>, when a null or a NaN is a missing cell), a row group that lacks a column of the schema, a value that is NaN or ±∞, a file that is corrupt or
/// truncated, and a file without rows.
/// </remarks>
public sealed class ParquetSource : DataSource
{
    readonly string _path;
    readonly DataField[] _fields;
    readonly long[] _rowGroupRows;
    readonly MissingValues _missing;

    ParquetSource(string path, DataField[] fields, long[] rowGroupRows, MissingValues missing)
    {
        _missing = missing;
        _path = path;
        _fields = fields;
        _rowGroupRows = rowGroupRows;
        ColumnNames = fields.Select(f => f.Name).ToArray();
    }

    /// <summary>Opens a Parquet file and reads its schema and row counts (not its data).</summary>
    /// <param name="columns">The columns to read (default all); the others are not read, so they may be of any type.</param>
    /// <param name="missing">Whether a null or NaN is a missing cell or refused (the default).</param>
    /// <exception cref="DataException">The file is not there, not a Parquet file, has no rows, or a chosen column is not numeric.</exception>
    public static ParquetSource Open(string path, ColumnSelection? columns = null, MissingValues missing = MissingValues.Refused)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (string.IsNullOrWhiteSpace(path)) throw new DataException("no file name was given");
        if (Directory.Exists(path)) throw new DataException("is a directory, not a Parquet file", path);
        if (!File.Exists(path)) throw new DataException("file not found", path);
        var (schema, rowGroups) = Reading(path, null, () =>
        {
            var reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
            try
            {
                var counts = Enumerable.Range(0, reader.RowGroupCount).Select(g => reader.RowGroups[g].RowCount).ToArray();
                return (reader.Schema, counts);
            }
            finally
            {
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        });
        var fields = schema.GetDataFields();
        var names = fields.Select(f => f.Path.ToString()).ToArray();
        var chosen = (columns ?? ColumnSelection.All).Resolve(names, path);
        foreach (int c in chosen) CheckNumeric(fields[c], c, path);
        if (rowGroups.Sum() == 0) throw new DataException("has no rows: the data set is empty", path);
        return new ParquetSource(path, chosen.Select(c => fields[c]).ToArray(), rowGroups, missing);
    }

    public override string Name => _path;
    public override IReadOnlyList<string> ColumnNames { get; }
    public override bool HasColumnNames => true;
    public override long? Rows => _rowGroupRows.Sum();

    /// <summary>How many row groups the file has: the blocks of a pass.</summary>
    public int RowGroupCount => _rowGroupRows.Length;

    public override IEnumerable<DataBlock> Blocks(CancellationToken cancellation = default)
    {
        var reader = Reading(_path, null, () => ParquetReader.CreateAsync(_path).GetAwaiter().GetResult());
        try
        {
            if (reader.RowGroupCount != _rowGroupRows.Length)
                throw new DataException($"had {_rowGroupRows.Length} row groups when opened and has {reader.RowGroupCount} now: the file changed while it was being read", _path);
            var columns = _fields.Select((f, j) => ColumnReader.For(f, j, ColumnNames[j], _missing)).ToArray();
            double[] values = [];
            DataBlock? block = null;
            long first = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                cancellation.ThrowIfCancellationRequested();
                using var group = Reading(_path, g, () => reader.OpenRowGroupReader(g));
                long count = group.RowCount;
                if (count != _rowGroupRows[g])
                    throw new DataException($"row group {g} had {_rowGroupRows[g]:N0} rows when opened and has {count:N0} now: the file changed while it was being read", _path);
                if (count == 0) continue;
                if (count * Columns > Array.MaxLength)
                    throw new DataException($"row group {g} has {count:N0} rows of {Columns} columns, more than one buffer holds: write the file with smaller row groups", _path);
                int rows = (int)count;
                // Row groups of one size share one buffer; one of another size (the last, as a rule) gets a buffer of its own.
                if (values.Length != rows * Columns) values = new double[rows * Columns];
                foreach (var column in columns)
                {
                    if (!group.ColumnExists(column.Field))
                        throw new DataException($"row group {g} has no column '{column.Name}': its schema is not the file's", _path, row: null, column.Index);
                    Reading(_path, g, () => { column.Read(group, rows, values, Columns, _path, g, first); return 0; });
                }
                block = Block(block, values, rows, _path, g, first, _missing);
                yield return block;
                first += rows;
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    static void CheckNumeric(DataField field, int column, string path)
    {
        if (field.IsArray)
            throw new DataException($"column '{field.Name}' holds lists, not numbers: choose numeric columns (--columns)", path, row: null, column);
        if (!ColumnReader.IsNumeric(field.ClrType))
            throw new DataException($"column '{field.Name}' holds {Describe(field.ClrType)}, not numbers: choose numeric columns (--columns)", path, row: null, column);
    }

    static string Describe(Type type) =>
        type == typeof(string) || type == typeof(ReadOnlyMemory<char>) ? "text" : type == typeof(bool) ? "booleans (store 0 and 1 as integers)"
        : type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(DateTimeOffset) ? "dates"
        : type == typeof(TimeSpan) || type == typeof(TimeOnly) ? "times"
        : type == typeof(byte[]) ? "binary values" : $"values of type {type.Name}";

    /// <summary>Runs a step of reading, turning what a corrupt or truncated file throws into a <see cref="DataException"/> naming it.</summary>
    static T Reading<T>(string path, int? rowGroup, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is not DataException and not OperationCanceledException)
        {
            string where = rowGroup is { } g ? $"{path}, row group {g}" : path;
            throw new DataException($"is not a readable Parquet file (corrupt or truncated?): {e.Message}", where);
        }
    }
}
