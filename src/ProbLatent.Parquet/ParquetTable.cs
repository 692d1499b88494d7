using Parquet;
using Parquet.Schema;
using ProbLatent.Data;

namespace ProbLatent.Parquet;

/// <summary>Writes numeric data as a Parquet file of double columns, one row group per block given, which <see cref="ParquetSource"/> reads back.</summary>
public static class ParquetTable
{
    /// <summary>
    /// Writes <paramref name="rowGroups"/>, each a block of rows with the same columns, as the row groups of one file, so data
    /// larger than memory can be written a block at a time; the columns are named by the first block's names.
    /// </summary>
    /// <exception cref="DataException">There is no block, or a block's columns differ from the first's.</exception>
    public static void Write(string path, IEnumerable<DataMatrix> rowGroups)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rowGroups);
        using var blocks = rowGroups.GetEnumerator();
        if (!blocks.MoveNext()) throw new DataException("has no rows to write: give at least one block", path);
        var names = blocks.Current.ColumnNames;
        var fields = names.Select(n => new DataField<double>(n)).ToArray();
        using var stream = File.Create(path);
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), stream).GetAwaiter().GetResult();
        try
        {
            var column = Array.Empty<double>();
            do
            {
                var block = blocks.Current;
                if (!block.ColumnNames.SequenceEqual(names, StringComparer.Ordinal))
                    throw new DataException($"has columns ({ColumnOrder.Describe(block.ColumnNames)}), but the file's are ({ColumnOrder.Describe(names)})", block.Source);
                if (column.Length != block.Rows) column = new double[block.Rows];
                using var group = writer.CreateRowGroup();
                for (int j = 0; j < fields.Length; j++)
                {
                    for (int n = 0; n < block.Rows; n++) column[n] = block[n, j];
                    group.WriteAsync<double>(fields[j], column.AsMemory()).GetAwaiter().GetResult();
                }
            }
            while (blocks.MoveNext());
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
