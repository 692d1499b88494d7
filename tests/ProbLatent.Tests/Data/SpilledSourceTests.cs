using ProbLatent.Data;

namespace ProbLatent.Tests.Data;

public class SpilledSourceTests
{
    /// <summary>A CSV file's source that counts the passes it is asked for.</summary>
    sealed class CountingSource(DataSource inner) : DelegatingSource(inner)
    {
        public int Passes { get; private set; }

        public override IEnumerable<DataBlock> Blocks(CancellationToken cancellation = default)
        {
            Passes++;
            return Inner.Blocks(cancellation);
        }
    }

    static List<(double[] Values, string Where, string File, int? RowGroup, long FirstRowOfFile, long FirstRowOfSource, int? FirstLine, bool Missing)> Pass(DataSource source) =>
        source.Blocks().Select(b => (b.Data.Values.ToArray(), b.Data.Source, b.File, b.RowGroup, b.FirstRowOfFile, b.FirstRowOfSource, b.Data.FirstLine,
            b.Data.HasMissing)).ToList();

    static CountingSource TwoFiles(TempFolder folder)
    {
        File.WriteAllText(folder["a.csv"], "x,y\n1,2\n3,\n5,6\n7,8.25\n9,1e-3\n");
        File.WriteAllText(folder["b.csv"], "x,y\n-1,2\n0.5,3\n");
        return new CountingSource(DataSource.Concatenate(
            [DataSource.CsvFile(folder["a.csv"], blockRows: 2, missing: MissingValues.AtRandom),
             DataSource.CsvFile(folder["b.csv"], blockRows: 2, missing: MissingValues.AtRandom)]));
    }

    [Fact]
    public void LaterPassesReadTheSpillAndGiveTheFirstPassesBlocks()
    {
        using var folder = new TempFolder();
        var inner = TwoFiles(folder);
        var expected = Pass(inner);
        using var spill = DataSource.Spill(inner);
        Assert.False(spill.Spilled);
        var first = Pass(spill);
        Assert.True(spill.Spilled);
        var second = Pass(spill);
        var third = Pass(spill);
        Assert.Equal(2, inner.Passes);
        foreach (var pass in new[] { first, second, third })
        {
            Assert.Equal(expected.Count, pass.Count);
            for (int b = 0; b < expected.Count; b++)
            {
                Assert.Equal(expected[b].Values, pass[b].Values);
                Assert.Equal(expected[b] with { Values = [] }, pass[b] with { Values = [] });
            }
        }
        Assert.Contains(second, b => b.Missing);
        Assert.Equal(7, spill.Rows);
    }

    [Fact]
    public void APassStoppedPartWaySpillsNothingAndTheNextPassReadsTheSourceAgain()
    {
        using var folder = new TempFolder();
        var inner = TwoFiles(folder);
        using var spill = DataSource.Spill(inner);
        using (var blocks = spill.Blocks().GetEnumerator()) Assert.True(blocks.MoveNext());
        Assert.False(spill.Spilled);
        var whole = Pass(spill);
        Assert.True(spill.Spilled);
        Assert.Equal(2, inner.Passes);
        Assert.Equal(Pass(inner).Select(b => b.Values), whole.Select(b => b.Values));
    }

    [Fact]
    public void ADisposedSpillIsNotRead()
    {
        using var folder = new TempFolder();
        var spill = DataSource.Spill(TwoFiles(folder));
        Pass(spill);
        spill.Dispose();
        Assert.Throws<ObjectDisposedException>(() => spill.Blocks());
    }
}
