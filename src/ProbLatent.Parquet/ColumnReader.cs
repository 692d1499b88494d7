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

    /// <summary>The reader of each numeric column type; any other type is not numeric.</summary>
    static readonly Dictionary<Type, Func<DataField, int, string, MissingValues, ColumnReader>> Readers = new()
    {
        [typeof(double)] = (field, index, name, missing) => new Of<double>(field, index, name, missing),
        [typeof(float)] = (field, index, name, missing) => new Of<float>(field, index, name, missing),
        [typeof(decimal)] = (field, index, name, missing) => new Of<decimal>(field, index, name, missing),
        [typeof(long)] = (field, index, name, missing) => new Of<long>(field, index, name, missing),
        [typeof(int)] = (field, index, name, missing) => new Of<int>(field, index, name, missing),
        [typeof(short)] = (field, index, name, missing) => new Of<short>(field, index, name, missing),
        [typeof(sbyte)] = (field, index, name, missing) => new Of<sbyte>(field, index, name, missing),
        [typeof(ulong)] = (field, index, name, missing) => new Of<ulong>(field, index, name, missing),
        [typeof(uint)] = (field, index, name, missing) => new Of<uint>(field, index, name, missing),
        [typeof(ushort)] = (field, index, name, missing) => new Of<ushort>(field, index, name, missing),
        [typeof(byte)] = (field, index, name, missing) => new Of<byte>(field, index, name, missing),
    };

    /// <summary>Whether a column of this type is read as numbers.</summary>
    public static bool IsNumeric(Type type) => Readers.ContainsKey(type);

    public static ColumnReader For(DataField field, int index, string name, MissingValues missing) =>
        Readers.TryGetValue(field.ClrType, out var reader)
            ? reader(field, index, name, missing)
            : throw new ArgumentException($"column '{name}' of type {field.ClrType.Name} is not numeric");

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
