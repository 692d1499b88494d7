namespace ProbLatent.Data;

/// <summary>
/// A source that reads another: its name, columns, row count and passes are the inner source's unless a subclass
/// overrides them (a spill of its values, a reader timed or counted). <see cref="DataSource.ReadsCheaply"/> keeps its
/// default, false, unless overridden, since a wrapper may do work of its own on each pass.
/// </summary>
public abstract class DelegatingSource(DataSource inner) : DataSource
{
    /// <summary>The source read.</summary>
    protected DataSource Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    public override string Name => Inner.Name;
    public override IReadOnlyList<string> ColumnNames => Inner.ColumnNames;
    public override bool HasColumnNames => Inner.HasColumnNames;
    public override long? Rows => Inner.Rows;
    public override IEnumerable<DataBlock> Blocks(CancellationToken cancellation = default) => Inner.Blocks(cancellation);
}
