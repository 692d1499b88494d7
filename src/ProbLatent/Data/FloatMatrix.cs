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

    // The first value that was not 0 or 1 in double precision but became one in float (0.99999999 → 1), kept by
    // From so that CheckBinary still refuses it: the floats alone can no longer tell.
    (int Index, double Value)? _roundedToBinary;

    /// <param name="values">Row-major values; taken over, not copied.</param>
    /// <param name="columnNames">The columns' names, one per column, or null when they have none.</param>
    public FloatMatrix(float[] values, int rows, int columns, string? source = null, IReadOnlyList<string>? columnNames = null)
        : this(values, rows, columns, source, finite: false, columnNames) { }

    /// <param name="finite">True when the values are known to be finite already (converted or copied from checked data).</param>
    FloatMatrix(float[] values, int rows, int columns, string? source, bool finite, IReadOnlyList<string>? columnNames)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (rows <= 0) throw new DataException("the data set is empty (no rows)", source);
        if (columns <= 0) throw new DataException("the data set has no columns", source);
        if (values.Length != (long)rows * columns)
            throw new DataException($"expected {rows}×{columns} = {(long)rows * columns} values, got {values.Length}", source);
        if (!finite)
            for (int i = 0; i < values.Length; i++)
                if (!float.IsFinite(values[i]))
                    throw new DataException($"value {values[i]} is not a finite number", source, i / columns, i % columns);
        if (columnNames is not null && columnNames.Count != columns)
            throw new DataException($"{columnNames.Count} column names for {columns} columns", source);
        _values = values;
        Rows = rows;
        Columns = columns;
        Source = source ?? "data";
        ColumnNames = columnNames;
    }

    /// <summary>The same values in single precision (a value beyond float's range is an error naming its row and column).</summary>
    public static FloatMatrix From(DataMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.RefuseMissing("the single-precision engine (the reparameterized backend, a VAE, an autoencoder)");
        var values = new float[data.Rows * data.Columns];
        var source = data.Values;
        (int, double)? rounded = null;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)source[i];
            if (!float.IsFinite(values[i]))
                throw data.Shape.Error(i % data.Columns, i / data.Columns,
                    $"value {source[i]} is beyond single precision's range (±3.4e38): rescale the column");
            if (rounded is null && values[i] is 0f or 1f && source[i] != values[i]) rounded = (i, source[i]);
        }
        return new FloatMatrix(values, data.Rows, data.Columns, data.Source, finite: true, data.GivenColumnNames)
        {
            _roundedToBinary = rounded,
            FirstLine = data.FirstLine,
        };
    }

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>Where the data came from, for error messages.</summary>
    public string Source { get; }

    /// <summary>The columns' names, or null when they were given none (see <see cref="DataMatrix.HasColumnNames"/>).</summary>
    public IReadOnlyList<string>? ColumnNames { get; }

    /// <summary>The 1-based line of row 0 in the text file the data was read from, as <see cref="DataMatrix.FirstLine"/>.</summary>
    public int? FirstLine { get; init; }

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
        var rounded = _roundedToBinary is { } r && r.Index / Columns % k == 0
            ? (r.Index / Columns / k * Columns + r.Index % Columns, r.Value)
            : ((int, double)?)null;
        return new FloatMatrix(values, rows, Columns, $"{Source} (every {k}th row)", finite: true, ColumnNames) { _roundedToBinary = rounded };
    }

    /// <summary>
    /// Checks every value is 0 or 1, as a Bernoulli likelihood needs; the first that is not is named by row and column —
    /// also one that only became 0 or 1 when <see cref="From"/> rounded it to single precision.
    /// </summary>
    public void CheckBinary()
    {
        BinaryValues.Check<float>(_values, Shape);
        if (_roundedToBinary is { } r) BinaryValues.Refuse(r.Value, r.Index, Shape);
    }

    /// <summary>Checks the data can be trained on with a Gaussian likelihood in single precision (see <see cref="GaussianValues"/>).</summary>
    internal void CheckGaussianTraining() => GaussianValues.CheckTraining<float>(_values, Shape, GaussianValues.SingleLimit);

    /// <summary>Checks a trained Gaussian likelihood can be evaluated on the data in single precision.</summary>
    internal void CheckGaussianEvaluation() => GaussianValues.CheckEvaluation<float>(_values, Shape, GaussianValues.SingleLimit);

    DataShape Shape => new(Rows, Columns, Source, ColumnNames, FirstLine);

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
