using System.Numerics;
using System.Runtime.Intrinsics;

namespace ProbLatent.Numerics;

/// <summary>
/// Where the ones are in a matrix whose every value is 0 or 1 (a minibatch of binarized images): by row, and on
/// request by column, each list in increasing order. That is all <see cref="BinaryProduct"/> needs to multiply by
/// the matrix or its transpose while skipping its zeros. One pattern is reused from batch to batch: indexing a new
/// matrix allocates nothing once its buffers have grown.
/// </summary>
internal sealed class BinaryPattern
{
    int[] _rowStarts = [0], _rowOnes = [], _columnStarts = [0], _columnOnes = [], _columnFill = [];
    bool _columnsIndexed;

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
        int rows = matrix.Rows, columns = matrix.Columns;
        (Rows, Columns, _columnsIndexed) = (0, 0, false);
        int limit = (int)Math.Min((long)rows * columns, (long)Math.Floor(maxDensity * rows * columns));
        Grow(ref _rowStarts, rows + 1);
        Grow(ref _rowOnes, limit);
        int count = 0;
        for (int i = 0; i < rows; i++)
        {
            _rowStarts[i] = count;
            count = IndexRow(matrix.Row(i), _rowOnes, count, limit);
            if (count < 0) return false;
        }
        _rowStarts[rows] = count;
        (Rows, Columns) = (rows, columns);
        return true;
    }

    /// <summary>Appends the columns of the ones of <paramref name="row"/> to <paramref name="ones"/> from <paramref name="count"/>; −1 if a value is not 0 or 1, or the ones pass the limit.</summary>
    static int IndexRow(ReadOnlySpan<float> row, int[] ones, int count, int limit)
    {
        int j = 0;
        // Eight values at a time: one comparison each with 0 and 1, then the set bits of the ones' mask.
        for (; j + 8 <= row.Length; j += 8)
        {
            var values = Vector256.Create(row.Slice(j, 8));
            var isOne = Vector256.Equals(values, Vector256<float>.One);
            if ((isOne | Vector256.Equals(values, Vector256<float>.Zero)).ExtractMostSignificantBits() != 0xFF) return -1;
            uint bits = isOne.ExtractMostSignificantBits();
            if (bits == 0) continue;
            if (count + BitOperations.PopCount(bits) > limit) return -1;
            for (; bits != 0; bits &= bits - 1) ones[count++] = j + BitOperations.TrailingZeroCount(bits);
        }
        for (; j < row.Length; j++)
        {
            float x = row[j];
            if (x == 1f)
            {
                if (count == limit) return -1;
                ones[count++] = j;
            }
            else if (x != 0f) return -1;
        }
        return count;
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
}
