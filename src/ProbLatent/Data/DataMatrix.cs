namespace ProbLatent.Data;

/// <summary>
/// A data set: N rows (data points) of D numeric columns, stored row-major in one array so engines can
/// process a plate of points in bulk. Construction checks every value: NaN or ±∞ is rejected with the
/// row and column that hold it, as is an empty set — unless <see cref="MissingValues.AtRandom"/> is given, when a NaN cell
/// is missing (<see cref="HasMissing"/>, <see cref="IsMissing"/>), stays NaN in <see cref="Values"/>, and Exact and EM
/// marginalise it for Gaussian and Bernoulli mixtures, PPCA, factor analysis and mixtures of factor analysers. Without a missing cell nothing differs from a data set read without
/// the option.
/// </summary>
public sealed class DataMatrix
{
    readonly double[] _values;

    /// <param name="values">Row-major values; taken over, not copied.</param>
    /// <param name="missing">Whether a NaN is a missing cell (<see cref="MissingValues.AtRandom"/>) or refused (the default).</param>
    /// <exception cref="DataException">A value is ±∞, or NaN without <see cref="MissingValues.AtRandom"/>; a row or a column has every cell missing.</exception>
    public DataMatrix(double[] values, int rows, int columns, IReadOnlyList<string>? columnNames = null, string? source = null,
        MissingValues missing = MissingValues.Refused)
        : this(values, rows, columns, columnNames, source, firstRow: 0, firstLine: null, missing) { }

    /// <summary>A block of a larger data set whose row 0 is row <paramref name="firstRow"/> of its file (at line <paramref name="firstLine"/>), which errors name.</summary>
    internal DataMatrix(double[] values, int rows, int columns, IReadOnlyList<string>? columnNames, string? source, int firstRow, int? firstLine,
        MissingValues missing = MissingValues.Refused)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (rows <= 0) throw new DataException("the data set is empty (no rows)", source);
        if (columns <= 0) throw new DataException("the data set has no columns", source);
        if (values.Length != rows * columns)
            throw new DataException($"expected {rows}×{columns} = {rows * columns} values, got {values.Length}", source);
        if (columnNames is not null && columnNames.Count != columns)
            throw new DataException($"{Counted.Of(columnNames.Count, "column name")} for {Counted.Of(columns, "column")}", source);
        bool allowMissing = missing == MissingValues.AtRandom;
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]) && !(allowMissing && double.IsNaN(values[i])))
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
        if (allowMissing) Missing = MissingPatterns.Of(values, Shape);
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

    /// <summary>Whether some cell is missing (NaN read with <see cref="MissingValues.AtRandom"/>).</summary>
    public bool HasMissing => Missing is not null;

    /// <summary>How many cells are missing.</summary>
    public int MissingCount => Missing?.MissingCount ?? 0;

    /// <summary>Whether the cell at <paramref name="row"/>, <paramref name="column"/> is missing.</summary>
    public bool IsMissing(int row, int column) => Missing is not null && double.IsNaN(this[row, column]);

    /// <summary>The missing cells by pattern, or null when none is missing.</summary>
    internal MissingPatterns? Missing { get; private init; }

    /// <summary>
    /// The same complete rows with one pattern of missing cells, which observes every column: a fit then takes the paths of
    /// data with missing cells, which tests hold to the complete ones so.
    /// </summary>
    internal DataMatrix AsIfMissing() =>
        new(_values, Rows, Columns, GivenColumnNames, Source, FirstRow, FirstLine) { Missing = MissingPatterns.AllObserved(Rows, Columns) };

    /// <summary>What a copy of these values allows: missing cells when this data set has them.</summary>
    MissingValues Allowance => HasMissing ? MissingValues.AtRandom : MissingValues.Refused;

    /// <summary>
    /// Refuses missing cells, naming the first and <paramref name="refuser"/> (a backend and model, a model family), for
    /// the models and backends that do not marginalise them.
    /// </summary>
    internal void RefuseMissing(string refuser)
    {
        if (Missing is not null) throw MissingRefusal(refuser);
    }

    /// <summary>
    /// The exception <see cref="RefuseMissing"/> throws: the first missing cell, named with <paramref name="refuser"/> (a
    /// backend and model, a model family) that does not marginalise missing cells.
    /// </summary>
    internal DataException MissingRefusal(string refuser)
    {
        var (row, column) = Missing?.First() ?? throw new InvalidOperationException("a data set without missing cells has none to refuse");
        return Shape.Error(column, row,
            $"the cell is missing ({Counted.Of(MissingCount, "missing cell")} in all), and {refuser} does not marginalise missing cells; " +
            MissingCellsMarginalisedBy);
    }

    /// <summary>What marginalises missing cells, as a refusal of them says it.</summary>
    public const string MissingCellsMarginalisedBy = "EM does for Gaussian and Bernoulli mixtures, PPCA, factor analysis and mixtures of factor analysers, Exact evaluates such a model's given parameters, and VMP fits Gaussian and Bernoulli mixtures, PPCA, factor analysis and mixtures of factor analysers in memory";

    /// <summary>The same rows with each missing cell of column j set to <paramref name="columnValues"/>[j]: a complete data set.</summary>
    internal DataMatrix WithMissingAs(ReadOnlySpan<double> columnValues)
    {
        var values = new double[_values.Length];
        CopyWithMissingAs(columnValues, values);
        return new DataMatrix(values, Rows, Columns, GivenColumnNames, Source, FirstRow, FirstLine);
    }

    /// <summary>The values into <paramref name="target"/> (rows×columns), each missing cell of column j as <paramref name="columnValues"/>[j].</summary>
    internal void CopyWithMissingAs(ReadOnlySpan<double> columnValues, Span<double> target)
    {
        _values.CopyTo(target);
        for (int i = 0; i < _values.Length; i++)
            if (double.IsNaN(target[i])) target[i] = columnValues[i % Columns];
    }

    /// <summary>1 where a cell is observed and 0 where it is missing, row for row.</summary>
    internal DataMatrix ObservedMask()
    {
        var values = new double[_values.Length];
        for (int i = 0; i < values.Length; i++) values[i] = double.IsNaN(_values[i]) ? 0 : 1;
        return new DataMatrix(values, Rows, Columns, GivenColumnNames, Source, FirstRow, FirstLine);
    }

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
        return new DataMatrix(values, indices.Count, Columns, GivenColumnNames, Source, Allowance);
    }

    /// <summary>The same values (shared, not copied: neither can change them) under other column names, one per column.</summary>
    public DataMatrix WithColumnNames(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return new DataMatrix(_values, Rows, Columns, names, Source, Allowance);
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
        return new DataMatrix(values, Rows, chosen.Length, HasColumnNames ? names : null, Source, FirstRow, FirstLine, Allowance);
    }

    /// <summary>Checks every value is 0 or 1, as a Bernoulli likelihood needs; the first that is not is named by row and column.</summary>
    public void CheckBinary() => BinaryValues.Check<double>(_values, Shape);

    /// <summary>Checks every value is a symbol index 0..<paramref name="symbols"/> − 1, naming the row and column of the first that is not.</summary>
    public void CheckSymbols(int symbols) => SymbolValues.Check(_values, symbols, Shape);

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
