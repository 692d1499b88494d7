namespace ProbLatent.Data;

/// <summary>
/// A data set of sequences, as a hidden Markov model reads it: S sequences of Tₛ time steps each (the lengths may differ),
/// every step a row of the same D columns. The steps are held end to end in one <see cref="Steps"/> matrix, sequence 0
/// first, each sequence's rows in time order, so engines sweep all steps in bulk and know where each sequence begins.
/// Construction checks what a sequence model needs: at least one sequence, no empty sequence, one width (and one set of
/// column names) for all, and finite values, naming the sequence and its row where one is wrong.
/// </summary>
public sealed class SequenceData
{
    readonly int[] _starts;

    SequenceData(DataMatrix steps, int[] lengths)
    {
        Steps = steps;
        Lengths = lengths;
        _starts = new int[lengths.Length + 1];
        for (int s = 0; s < lengths.Length; s++) _starts[s + 1] = _starts[s] + lengths[s];
    }

    /// <summary>Every step of every sequence, end to end in sequence order: row <see cref="Start"/>(s) + t is step t of sequence s.</summary>
    public DataMatrix Steps { get; }

    /// <summary>Tₛ, the number of steps of each sequence.</summary>
    public IReadOnlyList<int> Lengths { get; }

    /// <summary>The number of sequences.</summary>
    public int Count => Lengths.Count;

    /// <summary>The number of columns of every step.</summary>
    public int Columns => Steps.Columns;

    /// <summary>The row of <see cref="Steps"/> where sequence <paramref name="sequence"/> begins.</summary>
    public int Start(int sequence) => _starts[sequence];

    /// <summary>The sequence whose steps include row <paramref name="row"/> of <see cref="Steps"/>, and its step there.</summary>
    public (int Sequence, int Step) Locate(int row)
    {
        if ((uint)row >= (uint)Steps.Rows) throw new ArgumentOutOfRangeException(nameof(row), row, $"there are {Steps.Rows} steps");
        int found = Array.BinarySearch(_starts, 0, Count, row);
        int s = found >= 0 ? found : ~found - 1;
        return (s, row - _starts[s]);
    }

    /// <summary>Sequence <paramref name="sequence"/> as a data set of its own (a copy of its rows).</summary>
    public DataMatrix Sequence(int sequence)
    {
        if ((uint)sequence >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(sequence), sequence, $"there are {Count} sequences");
        int d = Columns;
        var values = Steps.Values.Slice(_starts[sequence] * d, Lengths[sequence] * d).ToArray();
        return new DataMatrix(values, Lengths[sequence], d, Steps.GivenColumnNames, $"{Steps.Source}, sequence {sequence}");
    }

    /// <summary>One sequence: the rows of <paramref name="data"/> in their order.</summary>
    public static SequenceData Single(DataMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new SequenceData(data, [data.Rows]);
    }

    /// <summary>The rows of <paramref name="data"/> cut into consecutive sequences of the given lengths, which must add up to its rows.</summary>
    public static SequenceData Split(DataMatrix data, IReadOnlyList<int> lengths)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(lengths);
        if (lengths.Count == 0) throw new DataException("no sequence lengths were given; a sequence data set needs at least one sequence", data.Source);
        for (int s = 0; s < lengths.Count; s++)
            if (lengths[s] < 1) throw new DataException($"sequence {s} is empty ({lengths[s]} steps); every sequence needs at least one step", data.Source);
        long total = lengths.Sum(l => (long)l);
        if (total != data.Rows)
            throw new DataException($"the sequence lengths add up to {total} steps but the data has {Counted.Of(data.Rows, "row")}", data.Source);
        return new SequenceData(data, lengths.ToArray());
    }

    /// <summary>Sequences given as data sets, one per sequence, in order: they must have the same columns (and names, if named).</summary>
    public static SequenceData Of(IReadOnlyList<DataMatrix> sequences, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        string name = source ?? "sequences";
        if (sequences.Count == 0) throw new DataException("no sequences were given; a sequence data set needs at least one", name);
        var first = sequences[0] ?? throw new DataException("sequence 0 is null", name);
        int d = first.Columns;
        var lengths = new int[sequences.Count];
        for (int s = 0; s < sequences.Count; s++)
        {
            var sequence = sequences[s] ?? throw new DataException($"sequence {s} is null", name);
            if (sequence.Columns != d)
                throw new DataException($"sequence {s} ({sequence.Source}) has {Counted.Of(sequence.Columns, "column")} but sequence 0 has {d}; every step of every sequence has the same columns", name);
            if (sequence.HasColumnNames && first.HasColumnNames && !sequence.ColumnNames.SequenceEqual(first.ColumnNames))
                throw new DataException(
                    $"sequence {s} has the columns ({string.Join(", ", sequence.ColumnNames)}) but sequence 0 has ({string.Join(", ", first.ColumnNames)})", name);
            lengths[s] = sequence.Rows;
        }
        var values = new double[lengths.Sum() * d];
        int offset = 0;
        foreach (var sequence in sequences)
        {
            sequence.Values.CopyTo(values.AsSpan(offset));
            offset += sequence.Values.Length;
        }
        return new SequenceData(new DataMatrix(values, lengths.Sum(), d, first.GivenColumnNames, name), lengths);
    }

    /// <summary>
    /// Sequences given as arrays of rows (<c>sequences[s][t]</c> is step t of sequence s). An empty sequence, a row of another
    /// width than the first row of sequence 0, or a value that is NaN or infinite is refused, naming the sequence and its row.
    /// </summary>
    public static SequenceData FromArrays(IReadOnlyList<double[][]> sequences, IReadOnlyList<string>? columnNames = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        string name = source ?? "sequences";
        if (sequences.Count == 0) throw new DataException("no sequences were given; a sequence data set needs at least one", name);
        int d = -1;
        var lengths = new int[sequences.Count];
        for (int s = 0; s < sequences.Count; s++)
        {
            var rows = sequences[s];
            if (rows is null || rows.Length == 0)
                throw new DataException($"sequence {s} is empty; every sequence needs at least one step", name);
            for (int t = 0; t < rows.Length; t++)
            {
                var row = rows[t] ?? throw new DataException($"sequence {s}, row {t} is null", name);
                if (d < 0) d = row.Length;
                if (row.Length != d)
                    throw new DataException($"sequence {s}, row {t} has {Counted.Of(row.Length, "value")} but sequence 0's rows have {d}", name);
                for (int j = 0; j < d; j++)
                    if (!double.IsFinite(row[j]))
                        throw new DataException($"sequence {s}, row {t}: value {row[j]} is not a finite number", name, row: null, column: j);
            }
            lengths[s] = rows.Length;
        }
        if (d == 0) throw new DataException("the sequences' rows have no values", name);
        var values = new double[lengths.Sum() * d];
        int offset = 0;
        foreach (var rows in sequences)
            foreach (var row in rows)
            {
                row.CopyTo(values, offset);
                offset += d;
            }
        return new SequenceData(new DataMatrix(values, lengths.Sum(), d, columnNames, name), lengths);
    }

    public override string ToString() => $"{Steps.Source}: {Counted.Of(Count, "sequence")} of {Steps.Rows} steps × {Columns}";
}
