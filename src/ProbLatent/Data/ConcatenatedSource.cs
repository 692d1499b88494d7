namespace ProbLatent.Data;

/// <summary>
/// Several sources (files, a folder's files) as one data set: their rows one after the other, in the order given, each block
/// numbered by its row in the whole set as well as in its file. Every part must have the first part's columns.
/// </summary>
internal sealed class ConcatenatedSource : DataSource
{
    readonly DataSource[] _parts;

    public ConcatenatedSource(IReadOnlyList<DataSource> parts, string? name)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) throw new DataException("no files were given: the data set is empty", name);
        _parts = parts.ToArray();
        Name = name ?? $"{_parts[0].Name} and {Counted.Of(_parts.Length - 1, "other file")}";
        var first = _parts[0];
        foreach (var part in _parts.Skip(1))
        {
            bool same = part.Columns == first.Columns &&
                        (!(part.HasColumnNames && first.HasColumnNames) || part.ColumnNames.SequenceEqual(first.ColumnNames, StringComparer.Ordinal));
            if (!same)
                throw new DataException(
                    $"has columns ({ColumnOrder.Describe(part.ColumnNames)}), but {first.Name} has ({ColumnOrder.Describe(first.ColumnNames)}): " +
                    "the files of one data set must have the same columns, in the same order", part.Name);
        }
    }

    public override string Name { get; }
    public override IReadOnlyList<string> ColumnNames => _parts[0].ColumnNames;
    public override bool HasColumnNames => _parts.All(p => p.HasColumnNames);
    public override bool ReadsCheaply => _parts.All(p => p.ReadsCheaply);

    public override long? Rows
    {
        get
        {
            long total = 0;
            foreach (var part in _parts)
            {
                if (part.Rows is not { } rows) return null;
                total += rows;
            }
            return total;
        }
    }

    public override IEnumerable<DataBlock> Blocks(CancellationToken cancellation = default)
    {
        long before = 0;
        foreach (var part in _parts)
        {
            long rows = 0;
            foreach (var block in part.Blocks(cancellation))
            {
                rows += block.Data.Rows;
                block.FirstRowOfSource = before + block.FirstRowOfFile;
                yield return block;
            }
            before += rows;
        }
    }
}
