using ProbLatent.Data;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The plate's current block of rows column by column (column j at j·<see cref="Rows"/>), as the Gaussian gates' block
/// kernels read it, so a row block's rows are contiguous per dimension. Data held in memory is the same matrix on every
/// pass, so it is laid out once; a source read in blocks is laid out block by block into the same buffer.
/// </summary>
internal sealed class ColumnBlock
{
    DataMatrix? _block;
    double[] _columns = [];

    /// <summary>The block's rows, the stride between its columns.</summary>
    public int Rows { get; private set; }

    public ReadOnlySpan<double> Columns => _columns;

    public void Begin(DataMatrix rows)
    {
        if (ReferenceEquals(rows, _block)) return;
        _block = rows;
        Rows = rows.Rows;
        int d = rows.Columns;
        if (_columns.Length != Rows * d) _columns = new double[Rows * d];
        for (int j = 0; j < d; j++)
            for (int n = 0; n < Rows; n++) _columns[j * Rows + n] = rows[n, j];
    }
}
