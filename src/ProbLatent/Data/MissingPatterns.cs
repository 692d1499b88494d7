namespace ProbLatent.Data;

/// <summary>
/// Which cells of a data set are missing, grouped by pattern: rows that miss the same columns share one pattern, so a
/// model computes what depends only on the observed coordinates (a Cholesky factor of the observed sub-covariance) once per
/// pattern rather than once per row.
/// </summary>
internal sealed class MissingPatterns
{
    readonly int[] _patternOfRow;
    readonly int[] _observedInColumn;

    MissingPatterns(int[] patternOfRow, IReadOnlyList<Pattern> patterns, int missingCount, int[] observedInColumn)
    {
        _patternOfRow = patternOfRow;
        Patterns = patterns;
        MissingCount = missingCount;
        _observedInColumn = observedInColumn;
    }

    /// <summary>The distinct patterns, in the order their first row comes; a complete row's pattern has no missing columns.</summary>
    public IReadOnlyList<Pattern> Patterns { get; }

    /// <summary>How many cells are missing in all.</summary>
    public int MissingCount { get; }

    /// <summary>The index in <see cref="Patterns"/> of row <paramref name="row"/>'s pattern.</summary>
    public int PatternOf(int row) => _patternOfRow[row];

    /// <summary>
    /// The patterns of the NaN cells of <paramref name="values"/> (rows×columns, row-major), or null when none is NaN.
    /// A row with every cell missing is refused: it carries nothing to fit or score.
    /// </summary>
    public static MissingPatterns? Of(double[] values, DataShape shape)
    {
        int rows = shape.Rows, columns = shape.Columns;
        int missingCount = 0;
        foreach (var v in values) if (double.IsNaN(v)) missingCount++;
        if (missingCount == 0) return null;
        var observedInColumn = new int[columns];
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = byKey.GetAlternateLookup<ReadOnlySpan<char>>(); // a row's key is a string only when its pattern is new
        var patterns = new List<Pattern>();
        var patternOfRow = new int[rows];
        var key = new char[columns];
        for (int n = 0; n < rows; n++)
        {
            int observed = 0;
            for (int j = 0; j < columns; j++)
            {
                bool missing = double.IsNaN(values[n * columns + j]);
                key[j] = missing ? 'm' : 'o';
                if (!missing) { observed++; observedInColumn[j]++; }
            }
            if (observed == 0)
                throw new DataException("every cell of the row is missing: a row needs at least one observed value (drop the row)", shape.Source,
                    shape.FirstRow + n, column: null, shape.FirstLine + n, columnName: null);
            if (!lookup.TryGetValue(key, out int index))
            {
                index = patterns.Count;
                byKey[new string(key)] = index;
                patterns.Add(new Pattern(
                    Enumerable.Range(0, columns).Where(j => key[j] == 'o').ToArray(),
                    Enumerable.Range(0, columns).Where(j => key[j] == 'm').ToArray()));
            }
            patternOfRow[n] = index;
        }
        return new MissingPatterns(patternOfRow, patterns, missingCount, observedInColumn);
    }

    /// <summary>One pattern that observes every column, for every row (see <see cref="DataMatrix.AsIfMissing"/>).</summary>
    internal static MissingPatterns AllObserved(int rows, int columns) =>
        new(new int[rows], [new Pattern(Enumerable.Range(0, columns).ToArray(), [])], 0, Enumerable.Repeat(rows, columns).ToArray());

    /// <summary>
    /// Refuses a column with every cell missing, which carries nothing to fit: checked when fitting a whole data set, not for
    /// a block of one (whose few rows may all miss a column that others observe).
    /// </summary>
    public void RefuseUnobservedColumns(DataShape shape)
    {
        for (int j = 0; j < _observedInColumn.Length; j++)
            if (_observedInColumn[j] == 0)
                throw shape.Error(j, null, "every cell of the column is missing: it carries nothing to fit (drop the column)");
    }

    /// <summary>
    /// Adds, for rows [<paramref name="first"/>, <paramref name="first"/> + count) with responsibilities rₙₖ (count×K row-major)
    /// and each column j a row misses, rₙₖ into <paramref name="weights"/> (K×d, or d×K <paramref name="byColumn"/>), in row
    /// order: Σ rₙₖ over the rows missing column j, which a Bernoulli mixture takes from Nₖ for that pixel's count.
    /// </summary>
    public void AddMissingWeights(int first, ReadOnlySpan<double> responsibilities, int components, Span<double> weights, bool byColumn = false)
    {
        int k = components, d = weights.Length / k;
        for (int n = 0; n < responsibilities.Length / k; n++)
            foreach (int j in Patterns[PatternOf(first + n)].Missing)
                for (int c = 0; c < k; c++) weights[byColumn ? j * k + c : c * d + j] += responsibilities[n * k + c];
    }

    /// <summary>The first missing cell, as (row, column), for the messages of the models that refuse missing cells.</summary>
    public (int Row, int Column) First()
    {
        for (int n = 0; n < _patternOfRow.Length; n++)
            if (Patterns[_patternOfRow[n]].Missing is [var column, ..]) return (n, column);
        throw new InvalidOperationException("a data set with missing cells has no row that misses one");
    }

    /// <summary>The columns a group of rows observes and those it misses, each ascending.</summary>
    public sealed record Pattern(int[] Observed, int[] Missing);
}
