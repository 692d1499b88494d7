namespace ProbLatent.Numerics;

/// <summary>
/// A dense float32 matrix, row-major: a minibatch of rows × features, a weight matrix, or a 1×n vector. The
/// reparameterized engine trains in float32 for speed; bounds are accumulated in double where they are reported.
/// </summary>
internal sealed class Tensor
{
    public Tensor(int rows, int columns) : this(new float[checked(rows * columns)], rows, columns) { }

    /// <param name="data">Row-major values, taken over (not copied); its length must be at least rows × columns.</param>
    public Tensor(float[] data, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (rows < 0 || columns < 0) throw new ArgumentOutOfRangeException(nameof(rows), $"a tensor cannot be {rows}×{columns}");
        if (data.Length < rows * columns) throw new ArgumentException($"{data.Length} values cannot hold {rows}×{columns}", nameof(data));
        Data = data;
        Rows = rows;
        Columns = columns;
    }

    public int Rows { get; private set; }
    public int Columns { get; }

    /// <summary>The storage; may be longer than Rows × Columns (a buffer reused for smaller batches).</summary>
    public float[] Data { get; }

    public int Length => Rows * Columns;
    public Span<float> Span => Data.AsSpan(0, Length);
    public Span<float> Row(int i) => Data.AsSpan(i * Columns, Columns);

    public float this[int row, int column]
    {
        get => Data[row * Columns + column];
        set => Data[row * Columns + column] = value;
    }

    /// <summary>Uses the first <paramref name="rows"/> rows of the storage (a last, smaller minibatch).</summary>
    public void Resize(int rows)
    {
        if (rows < 0 || rows * Columns > Data.Length) throw new ArgumentOutOfRangeException(nameof(rows), rows, $"storage holds {Data.Length / Math.Max(Columns, 1)} rows");
        Rows = rows;
    }

    public void Clear() => Span.Clear();

    /// <summary>The sum of every value, accumulated in double: how reported bounds are added up from float32 rows.</summary>
    public double SumInDouble()
    {
        double s = 0;
        foreach (var v in Span) s += v;
        return s;
    }

    public Tensor Clone() => new(Span.ToArray(), Rows, Columns);

    public override string ToString() => $"Tensor {Rows}×{Columns}";
}
