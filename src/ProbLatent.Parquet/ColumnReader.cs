using System.Numerics;
using Parquet;
using Parquet.Schema;
using ProbLatent.Data;

namespace ProbLatent.Parquet;

/// <summary>
/// Reads one numeric column of a row group into its typed buffer, reused from row group to row group, and writes it as doubles
/// into its column of the row-major block; a nullable column is read with its nulls, each NaN (a missing cell) when missing
/// values are allowed, and the first refused when not.
/// </summary>
internal abstract class ColumnReader(DataField field, int index, string name, MissingValues missing)
{
    public DataField Field { get; } = field;
    public int Index { get; } = index;
    public string Name { get; } = name;
    public MissingValues Missing { get; } = missing;

    public abstract void Read(ParquetRowGroupReader group, int rows, double[] block, int width, string path, int rowGroup, long firstRow);

    public static ColumnReader For(DataField field, int index, string name, MissingValues missing) => field.ClrType switch
    {
        var t when t == typeof(double) => new Of<double>(field, index, name, missing),
        var t when t == typeof(float) => new Of<float>(field, index, name, missing),
        var t when t == typeof(decimal) => new Of<decimal>(field, index, name, missing),
        var t when t == typeof(long) => new Of<long>(field, index, name, missing),
        var t when t == typeof(int) => new Of<int>(field, index, name, missing),
        var t when t == typeof(short) => new Of<short>(field, index, name, missing),
        var t when t == typeof(sbyte) => new Of<sbyte>(field, index, name, missing),
        var t when t == typeof(ulong) => new Of<ulong>(field, index, name, missing),
        var t when t == typeof(uint) => new Of<uint>(field, index, name, missing),
        var t when t == typeof(ushort) => new Of<ushort>(field, index, name, missing),
        var t when t == typeof(byte) => new Of<byte>(field, index, name, missing),
        var t => throw new ArgumentException($"column '{name}' of type {t.Name} is not numeric"),
    };

    sealed class Of<T>(DataField field, int index, string name, MissingValues missing) : ColumnReader(field, index, name, missing) where T : struct, INumberBase<T>
    {
        T[] _values = [];
        T?[] _nullable = [];

        public override void Read(ParquetRowGroupReader group, int rows, double[] block, int width, string path, int rowGroup, long firstRow)
        {
            if (Field.IsNullable)
            {
                if (_nullable.Length < rows) _nullable = new T?[rows];
                group.ReadAsync<T>(Field, _nullable.AsMemory(0, rows)).AsTask().GetAwaiter().GetResult();
                for (int n = 0; n < rows; n++)
                {
                    if (_nullable[n] is { } value) block[n * width + Index] = double.CreateChecked(value);
                    else if (Missing == MissingValues.AtRandom) block[n * width + Index] = double.NaN;
                    else
                        throw new DataException($"the cell is empty ({Csv.MissingRefused})", $"{path}, row group {rowGroup}",
                            checked((int)(firstRow + n)), Index, line: null, Name);
                }
                return;
            }
            if (_values.Length < rows) _values = new T[rows];
            group.ReadAsync<T>(Field, _values.AsMemory(0, rows)).AsTask().GetAwaiter().GetResult();
            for (int n = 0; n < rows; n++) block[n * width + Index] = double.CreateChecked(_values[n]);
        }
    }
}
