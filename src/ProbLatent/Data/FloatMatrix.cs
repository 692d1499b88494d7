using ProbLatent.Numerics;

namespace ProbLatent.Data;

/// <summary>
/// A data set in single precision: N rows of D values, row-major, checked on construction like
/// <see cref="DataMatrix"/> (no NaN or ±∞, not empty). The reparameterized engine trains on it; large image sets load
/// straight into it (<see cref="BinarizedMnist.ReadSingle"/>) at half the memory of doubles.
/// </summary>
public sealed class FloatMatrix
{
    readonly float[] _values;

    /// <param name="values">Row-major values; taken over, not copied.</param>
    public FloatMatrix(float[] values, int rows, int columns, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (rows <= 0) throw new DataException("the data set is empty (no rows)", source);
        if (columns <= 0) throw new DataException("the data set has no columns", source);
        if (values.Length != (long)rows * columns)
            throw new DataException($"expected {rows}×{columns} = {(long)rows * columns} values, got {values.Length}", source);
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new DataException($"value {values[i]} is not a finite number", source, i / columns, i % columns);
        _values = values;
        Rows = rows;
        Columns = columns;
        Source = source ?? "data";
    }

    /// <summary>The same values in single precision (a value beyond float's range is an error naming its row and column).</summary>
    public static FloatMatrix From(DataMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var values = new float[data.Rows * data.Columns];
        var source = data.Values;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)source[i];
            if (!float.IsFinite(values[i]))
                throw new DataException($"value {source[i]} is beyond single precision's range", data.Source, i / data.Columns, i % data.Columns);
        }
        return new FloatMatrix(values, data.Rows, data.Columns, data.Source);
    }

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>Where the data came from, for error messages.</summary>
    public string Source { get; }

    public ReadOnlySpan<float> Values => _values;
    public ReadOnlySpan<float> Row(int i) => _values.AsSpan(i * Columns, Columns);
    public float this[int row, int column] => _values[row * Columns + column];

    /// <summary>Every k-th row from the first: an evaluation subset that samples a sorted file evenly.</summary>
    public FloatMatrix EveryNthRow(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        int rows = (Rows + k - 1) / k;
        var values = new float[rows * Columns];
        for (int i = 0; i < rows; i++) Row(i * k).CopyTo(values.AsSpan(i * Columns, Columns));
        return new FloatMatrix(values, rows, Columns, $"{Source} (every {k}th row)");
    }

    /// <summary>Checks every value is 0 or 1, as a Bernoulli likelihood needs; the first that is not is named by row and column.</summary>
    public void CheckBinary() => BinaryValues.Check<float>(_values, Columns, Source);

    /// <summary>Copies the given rows into the first rows of <paramref name="batch"/> (a minibatch gather), on both cores.</summary>
    /// <remarks>Rows drawn at random from a large data set are mostly cache misses: two cores wait for them in parallel.</remarks>
    internal void Gather(ReadOnlyMemory<int> rows, Tensor batch)
    {
        batch.Resize(rows.Length);
        WorkerPair.For(rows.Length, (matrix: this, rows, batch), static (s, start, end) =>
        {
            var indices = s.rows.Span;
            for (int i = start; i < end; i++) s.matrix.Row(indices[i]).CopyTo(s.batch.Row(i));
        }, minBatch: 8);
    }
}
