namespace ProbLatent.Data;

/// <summary>
/// A data set: N rows (data points) of D numeric columns, stored row-major in one array so engines can
/// process a plate of points in bulk. Construction checks every value: NaN or ±∞ is rejected with the
/// row and column that hold it, as is an empty set.
/// </summary>
public sealed class DataMatrix
{
    readonly double[] _values;

    /// <param name="values">Row-major values; taken over, not copied.</param>
    public DataMatrix(double[] values, int rows, int columns, IReadOnlyList<string>? columnNames = null, string? source = null)
        : this(values, rows, columns, columnNames, source, firstRow: 0, firstLine: null) { }

    /// <summary>A block of a larger data set whose row 0 is row <paramref name="firstRow"/> of its file (at line <paramref name="firstLine"/>), which errors name.</summary>
    internal DataMatrix(double[] values, int rows, int columns, IReadOnlyList<string>? columnNames, string? source, int firstRow, int? firstLine)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (rows <= 0) throw new DataException("the data set is empty (no rows)", source);
        if (columns <= 0) throw new DataException("the data set has no columns", source);
        if (values.Length != rows * columns)
            throw new DataException($"expected {rows}×{columns} = {rows * columns} values, got {values.Length}", source);
        if (columnNames is not null && columnNames.Count != columns)
            throw new DataException($"{Counted.Of(columnNames.Count, "column name")} for {Counted.Of(columns, "column")}", source);
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new DataException($"value {values[i]} is not a finite number", source, firstRow + i / columns, i % columns,
                    firstLine + i / columns, columnName: null);
        _values = values;
        Rows = rows;
        Columns = columns;
        ColumnNames = columnNames ?? Enumerable.Range(0, columns).Select(j => $"x{j + 1}").ToArray();
        HasColumnNames = columnNames is not null;
        Source = source ?? "data";
        FirstRow = firstRow;
        FirstLine = firstLine;
    }

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>The columns' names: those given, or x1, x2, … when none were (see <see cref="HasColumnNames"/>).</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>
    /// Whether the columns were given names (a CSV header, an example's, a binarized-MNIST file's pixel names) rather than
    /// numbered x1, x2, … for want of any. A fit remembers given names and checks new data against them
    /// (<see cref="ColumnOrder"/>); numbered columns are matched by position.
    /// </summary>
    public bool HasColumnNames { get; }

    /// <summary>The names given, or null: what a fitted model keeps (<see cref="Backends.FitResult.ColumnNames"/>).</summary>
    internal IReadOnlyList<string>? GivenColumnNames => HasColumnNames ? ColumnNames : null;

    /// <summary>Where the data came from (a file name, an example name), used in error messages.</summary>
    public string Source { get; }

    /// <summary>
    /// The 1-based line of row 0 in the text file the data was read from, when its rows are consecutive lines (as in a CSV
    /// file), so that errors found after reading still name the line an editor shows; null otherwise.
    /// </summary>
    public int? FirstLine { get; init; }

    /// <summary>
    /// The 0-based row of row 0 in the whole file or data set, for a block of it (<see cref="DataBlock"/>), so that errors found
    /// in a block name the row of the file; 0 for a data set held whole.
    /// </summary>
    public int FirstRow { get; private init; }

    /// <summary>All values, row-major.</summary>
    public ReadOnlySpan<double> Values => _values;

    public ReadOnlySpan<double> Row(int i) => _values.AsSpan(i * Columns, Columns);

    public double this[int row, int column] => _values[row * Columns + column];

    /// <summary>Builds a data set from rows, which must all have the same length.</summary>
    public static DataMatrix FromRows(IReadOnlyList<double[]> rows, IReadOnlyList<string>? columnNames = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new DataException("the data set is empty (no rows)", source);
        int d = rows[0].Length;
        var values = new double[rows.Count * d];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != d)
                throw new DataException($"row has {Counted.Of(rows[i].Length, "value")} but row 0 has {d}", source, i);
            rows[i].CopyTo(values, i * d);
        }
        return new DataMatrix(values, rows.Count, d, columnNames, source);
    }

    /// <summary>The rows with the given indices, in that order (a minibatch, a subsample, a split).</summary>
    public DataMatrix SelectRows(IReadOnlyList<int> indices)
    {
        var values = new double[indices.Count * Columns];
        for (int i = 0; i < indices.Count; i++) Row(indices[i]).CopyTo(values.AsSpan(i * Columns, Columns));
        return new DataMatrix(values, indices.Count, Columns, GivenColumnNames, Source);
    }

    /// <summary>The same values (shared, not copied: neither can change them) under other column names, one per column.</summary>
    public DataMatrix WithColumnNames(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return new DataMatrix(_values, Rows, Columns, names, Source);
    }

    /// <summary>The columns <paramref name="selection"/> names, in its order (this data set itself for every column).</summary>
    /// <exception cref="DataException">A named column is not in <see cref="ColumnNames"/>, or no column is left.</exception>
    public DataMatrix SelectColumns(ColumnSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        return selection.IsAll ? this : Gathered(selection.Resolve(ColumnNames, Source));
    }

    /// <summary>
    /// The columns at <paramref name="chosen"/>, in that order, with their names; the rows are the same rows, so they keep
    /// their lines in the file (<see cref="FirstLine"/>) for the errors found later.
    /// </summary>
    internal DataMatrix Gathered(int[] chosen)
    {
        var values = new double[Rows * chosen.Length];
        for (int i = 0; i < Rows; i++)
            for (int c = 0; c < chosen.Length; c++) values[i * chosen.Length + c] = _values[i * Columns + chosen[c]];
        var names = chosen.Select(c => ColumnNames[c]).ToArray();
        return new DataMatrix(values, Rows, chosen.Length, HasColumnNames ? names : null, Source, FirstRow, FirstLine);
    }

    /// <summary>Checks every value is 0 or 1, as a Bernoulli likelihood needs; the first that is not is named by row and column.</summary>
    public void CheckBinary() => BinaryValues.Check<double>(_values, Shape);

    /// <summary>Checks the data can be fitted with a Gaussian likelihood in double precision (see <see cref="GaussianValues"/>).</summary>
    internal void CheckGaussianTraining() => GaussianValues.CheckTraining<double>(_values, Shape, GaussianValues.DoubleLimit);

    /// <summary>Checks a fitted Gaussian likelihood can be evaluated on the data in double precision.</summary>
    internal void CheckGaussianEvaluation() => GaussianValues.CheckEvaluation<double>(_values, Shape, GaussianValues.DoubleLimit);

    internal DataShape Shape => new(Rows, Columns, Source, GivenColumnNames, FirstLine, FirstRow);

    public double[][] ToRows()
    {
        var rows = new double[Rows][];
        for (int i = 0; i < Rows; i++) rows[i] = Row(i).ToArray();
        return rows;
    }

    public override string ToString() => $"{Source}: {Rows}×{Columns}";
}
