using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace ProbLatent.Numerics;

/// <summary>
/// Where the ones are in a matrix whose every value is 0 or 1 (a minibatch of binarized images): by row, and on
/// request by column, each list in increasing order. That is all <see cref="BinaryProduct"/> needs to multiply by
/// the matrix or its transpose while skipping its zeros (and the Bernoulli mixtures' E and M steps, <see cref="BernoulliRows"/>). One pattern is reused from batch to batch: indexing a new
/// matrix allocates nothing once its buffers have grown.
/// </summary>
internal sealed class BinaryPattern
{
    int[] _rowStarts = [0], _rowOnes = [], _columnStarts = [0], _columnOnes = [], _columnFill = [];
    bool _columnsIndexed;
    // Rows indexed one at a time, from any thread (BeginRows … FinishRows): each row's ones in room of its own, a row wide.
    int[] _roomyOnes = [], _roomyCounts = [];
    int _roomyRows, _roomyColumns;

    public int Rows { get; private set; }
    public int Columns { get; private set; }

    /// <summary>How many ones the matrix holds.</summary>
    public int Count => _rowStarts[Rows];

    /// <summary>
    /// Indexes <paramref name="matrix"/> if every value is exactly 0 or 1 and at most <paramref name="maxDensity"/> of
    /// them are ones; otherwise returns false and the pattern holds nothing usable.
    /// </summary>
    public bool TryIndex(Tensor matrix, double maxDensity)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return TryIndex<float>(matrix.Span, matrix.Rows, matrix.Columns, maxDensity);
    }

    /// <summary>
    /// <see cref="TryIndex(Tensor, double)"/> for <paramref name="rows"/>×<paramref name="columns"/> values held row by
    /// row (a block of a data set's rows, in single or double precision).
    /// </summary>
    public bool TryIndex<T>(ReadOnlySpan<T> values, int rows, int columns, double maxDensity) where T : unmanaged, INumberBase<T>
    {
        if (values.Length != (long)rows * columns)
            throw new ArgumentException($"BinaryPattern: {rows}×{columns} values expected, not {values.Length}", nameof(values));
        (Rows, Columns, _columnsIndexed) = (0, 0, false);
        int limit = (int)Math.Min((long)rows * columns, (long)Math.Floor(maxDensity * rows * columns));
        Grow(ref _rowStarts, rows + 1);
        int count = 0;
        for (int i = 0; i < rows; i++)
        {
            _rowStarts[i] = count;
            // Room for the row as it could be, within the limit: a whole data set's pattern grows with its ones, not its limit.
            GrowKeeping(ref _rowOnes, count, (int)Math.Min(limit, (long)count + columns));
            count = IndexRow(values.Slice(i * columns, columns), _rowOnes, count, limit);
            if (count < 0) return false;
        }
        _rowStarts[rows] = count;
        (Rows, Columns) = (rows, columns);
        return true;
    }

    /// <summary>Appends the columns of the ones of <paramref name="row"/> to <paramref name="ones"/> from <paramref name="count"/>; −1 if a value is not 0 or 1, or the ones pass the limit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int IndexRow<T>(ReadOnlySpan<T> row, int[] ones, int count, int limit) where T : unmanaged, INumberBase<T>
    {
        int j = 0, w = Vector256<T>.Count;
        uint all = (1u << w) - 1;
        // A vector of values at a time: one comparison each with 0 and 1, then the set bits of the ones' mask.
        for (; j + w <= row.Length; j += w)
        {
            var values = Vector256.Create(row.Slice(j, w));
            var isOne = Vector256.Equals(values, Vector256<T>.One);
            if ((isOne | Vector256.Equals(values, Vector256<T>.Zero)).ExtractMostSignificantBits() != all) return -1;
            uint bits = isOne.ExtractMostSignificantBits();
            if (bits == 0) continue;
            if (count + BitOperations.PopCount(bits) > limit) return -1;
            for (; bits != 0; bits &= bits - 1) ones[count++] = j + BitOperations.TrailingZeroCount(bits);
        }
        for (; j < row.Length; j++)
        {
            T x = row[j];
            if (x == T.One)
            {
                if (count == limit) return -1;
                ones[count++] = j;
            }
            else if (x != T.Zero) return -1;
        }
        return count;
    }

    /// <summary>
    /// Starts a pattern of <paramref name="rows"/>×<paramref name="columns"/> whose rows <see cref="IndexRows"/> indexes in
    /// any order, on any thread (a worker drawing its rows of a Gibbs sample indexes them while they are in its cache);
    /// <see cref="FinishRows"/> then makes them the pattern. Until then the pattern holds nothing usable.
    /// </summary>
    public void BeginRows(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        (Rows, Columns, _columnsIndexed) = (0, 0, false);
        Grow(ref _roomyOnes, rows * columns);
        Grow(ref _roomyCounts, rows);
        (_roomyRows, _roomyColumns) = (rows, columns);
    }

    /// <summary>
    /// Indexes rows [<paramref name="start"/>, <paramref name="end"/>) of the matrix whose values, row by row, are
    /// <paramref name="values"/>; two threads may index disjoint rows at once. A value not 0 or 1 marks its row, and
    /// <see cref="FinishRows"/> refuses the matrix.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void IndexRows(ReadOnlySpan<float> values, int start, int end)
    {
        int columns = _roomyColumns;
        if ((uint)start > (uint)end || end > _roomyRows) throw new ArgumentOutOfRangeException(nameof(end), $"BinaryPattern.IndexRows: rows {start}…{end} of {_roomyRows} begun");
        for (int i = start; i < end; i++)
        {
            int from = i * columns, to = IndexRow(values.Slice(from, columns), _roomyOnes, from, from + columns);
            _roomyCounts[i] = to < 0 ? -1 : to - from;
        }
    }

    /// <summary>
    /// Makes the rows <see cref="IndexRows"/> indexed the pattern, as <see cref="TryIndex{T}"/> would from the same values:
    /// false, the pattern holding nothing usable, when a value was not 0 or 1 or more than <paramref name="maxDensity"/> of them are ones.
    /// </summary>
    public bool FinishRows(double maxDensity)
    {
        int rows = _roomyRows, columns = _roomyColumns;
        long limit = (long)Math.Floor(maxDensity * rows * columns), total = 0;
        for (int i = 0; i < rows; i++)
        {
            if (_roomyCounts[i] < 0) return false;
            total += _roomyCounts[i];
        }
        if (total > limit) return false;
        Grow(ref _rowStarts, rows + 1);
        Grow(ref _rowOnes, (int)total);
        int count = 0;
        for (int i = 0; i < rows; i++)
        {
            _rowStarts[i] = count;
            _roomyOnes.AsSpan(i * columns, _roomyCounts[i]).CopyTo(_rowOnes.AsSpan(count));
            count += _roomyCounts[i];
        }
        _rowStarts[rows] = count;
        (Rows, Columns) = (rows, columns);
        return true;
    }

    /// <summary>Makes this pattern the rows <paramref name="rows"/> of <paramref name="source"/>, in that order (a minibatch of an indexed data set).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SelectRows(BinaryPattern source, ReadOnlySpan<int> rows)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (ReferenceEquals(source, this)) throw new ArgumentException("BinaryPattern.SelectRows: a pattern cannot select from itself");
        Grow(ref _rowStarts, rows.Length + 1);
        int count = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            var ones = source.OnesOfRow(rows[i]);
            GrowKeeping(ref _rowOnes, count, count + ones.Length);
            _rowStarts[i] = count;
            ones.CopyTo(_rowOnes.AsSpan(count));
            count += ones.Length;
        }
        _rowStarts[rows.Length] = count;
        (Rows, Columns, _columnsIndexed) = (rows.Length, source.Columns, false);
    }

    /// <summary>Writes the matrix itself into <paramref name="matrix"/> (<see cref="Rows"/> × <see cref="Columns"/> values, row by row): zeros and its ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Fill(Span<float> matrix)
    {
        if (matrix.Length < Rows * Columns) throw new ArgumentException($"BinaryPattern.Fill: {Rows}×{Columns} values do not fit in {matrix.Length}", nameof(matrix));
        matrix[..(Rows * Columns)].Clear();
        for (int i = 0; i < Rows; i++)
        {
            var row = matrix.Slice(i * Columns, Columns);
            foreach (int j in OnesOfRow(i)) row[j] = 1;
        }
    }

    /// <summary>The columns where row <paramref name="row"/> holds a one, in increasing order.</summary>
    public ReadOnlySpan<int> OnesOfRow(int row) => _rowOnes.AsSpan(_rowStarts[row], _rowStarts[row + 1] - _rowStarts[row]);

    /// <summary>The rows where column <paramref name="column"/> holds a one, in increasing order; needs <see cref="IndexColumns"/> first.</summary>
    public ReadOnlySpan<int> OnesOfColumn(int column)
    {
        if (!_columnsIndexed) throw new InvalidOperationException("the columns of this pattern are not indexed: call IndexColumns first");
        return _columnOnes.AsSpan(_columnStarts[column], _columnStarts[column + 1] - _columnStarts[column]);
    }

    /// <summary>Indexes the ones by column too (a counting sort of the row lists), once per matrix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void IndexColumns()
    {
        if (_columnsIndexed) return;
        int ones = Count;
        Grow(ref _columnStarts, Columns + 1);
        Grow(ref _columnFill, Columns);
        Grow(ref _columnOnes, ones);
        var fill = _columnFill.AsSpan(0, Columns);
        fill.Clear();
        foreach (int j in _rowOnes.AsSpan(0, ones)) fill[j]++;
        int start = 0;
        for (int j = 0; j < Columns; j++)
        {
            _columnStarts[j] = start;
            (start, fill[j]) = (start + fill[j], start);
        }
        _columnStarts[Columns] = start;
        // Rows in increasing order, so each column's list is in increasing order too.
        for (int i = 0; i < Rows; i++)
            foreach (int j in OnesOfRow(i)) _columnOnes[fill[j]++] = i;
        _columnsIndexed = true;
    }

    static void Grow(ref int[] buffer, int length)
    {
        if (buffer.Length < length) buffer = new int[Math.Max(length, 2 * buffer.Length)];
    }

    /// <summary><see cref="Grow"/>, keeping the first <paramref name="used"/> values.</summary>
    static void GrowKeeping(ref int[] buffer, int used, int length)
    {
        if (buffer.Length >= length) return;
        var larger = new int[Math.Max(length, 2 * buffer.Length)];
        buffer.AsSpan(0, used).CopyTo(larger);
        buffer = larger;
    }
}
