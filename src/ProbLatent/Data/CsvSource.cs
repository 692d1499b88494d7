namespace ProbLatent.Data;

/// <summary>
/// A CSV file read a block of rows at a time into a reused buffer, parsed by <see cref="CsvRows"/> and
/// <see cref="Csv.ParseNumber"/>: the format, the checks and the messages (row, line, column) of <see cref="Csv.Read"/>.
/// The header is read when the source is made; the row count is known after the first complete pass.
/// </summary>
internal sealed class CsvSource : DataSource
{
    /// <summary>Rows per block: a multiple of the row blocks the engines split a block into over cores.</summary>
    public const int DefaultBlockRows = 64 * 1024;

    readonly string _path;
    readonly int[] _chosen;
    readonly IReadOnlyList<string> _header;
    readonly int _blockRows;
    readonly MissingValues _missing;
    long? _rows;

    public CsvSource(string path, ColumnSelection columns, int blockRows, MissingValues missing = MissingValues.Refused)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockRows, 1);
        Csv.CheckFile(path);
        _path = path;
        _blockRows = blockRows;
        _missing = missing;
        _header = Csv.Reading(path, () =>
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            return new CsvRows(reader, path).Header;
        });
        _chosen = columns.Resolve(_header, path);
        ColumnNames = _chosen.Select(c => _header[c]).ToArray();
    }

    public override string Name => _path;
    public override IReadOnlyList<string> ColumnNames { get; }
    public override bool HasColumnNames => true;
    public override long? Rows => _rows;

    public override IEnumerable<DataBlock> Blocks(CancellationToken cancellation = default)
    {
        int width = _chosen.Length;
        using var reader = Csv.Reading(_path, () => new StreamReader(_path, detectEncodingFromByteOrderMarks: true));
        var rows = new CsvRows(reader, _path);
        if (!rows.Header.SequenceEqual(_header, StringComparer.Ordinal))
            throw new DataException($"its header changed while it was being read (now {ColumnOrder.Describe(rows.Header)})", _path);
        var buffer = new double[_blockRows * width];
        DataBlock? block = null;
        int count = 0, inBlock = 0, firstLine = 0;
        using var enumerator = rows.GetEnumerator();
        while (Csv.Reading(_path, enumerator.MoveNext))
        {
            var row = enumerator.Current;
            if (inBlock == 0) firstLine = row.Line;
            for (int c = 0; c < width; c++)
            {
                int field = _chosen[c];
                buffer[inBlock * width + c] = Csv.ParseNumber(row.Fields[field], _path, count, field, row.Line, _header[field], _missing);
            }
            count++;
            if (++inBlock < _blockRows) continue;
            yield return block = Block(block, buffer, inBlock, _path, rowGroup: null, count - inBlock, _missing, firstLine);
            inBlock = 0;
            cancellation.ThrowIfCancellationRequested();
        }
        if (count == 0) throw rows.NoRows();
        if (inBlock > 0) yield return Block(block, buffer[..(inBlock * width)], inBlock, _path, rowGroup: null, count - inBlock, _missing, firstLine);
        if (_rows is { } known && known != count)
            throw new DataException($"had {known:N0} rows on an earlier pass and {count:N0} on this one: the file changed while it was being read", _path);
        _rows = count;
    }
}
