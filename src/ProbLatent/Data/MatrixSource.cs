namespace ProbLatent.Data;

/// <summary>A data set held in memory as a source: one block, the matrix itself, so a fit over it costs what a fit of the matrix does.</summary>
internal sealed class MatrixSource(DataMatrix data) : DataSource
{
    public DataMatrix Data { get; } = data ?? throw new ArgumentNullException(nameof(data));

    public override string Name => Data.Source;
    public override IReadOnlyList<string> ColumnNames => Data.ColumnNames;
    public override bool HasColumnNames => Data.HasColumnNames;
    public override long? Rows => Data.Rows;
    public override bool ReadsCheaply => true;

    public override IEnumerable<DataBlock> Blocks(CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        yield return new DataBlock { Data = Data, File = Data.Source, FirstRowOfFile = Data.FirstRow, FirstRowOfSource = 0 };
    }

    public override DataMatrix ReadAll(int maximumRows = int.MaxValue, CancellationToken cancellation = default, Func<Exception>? tooLarge = null) =>
        Data.Rows <= maximumRows ? Data : throw TooLarge(maximumRows, tooLarge);
}
