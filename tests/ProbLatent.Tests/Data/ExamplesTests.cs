using ProbLatent.Data;

namespace ProbLatent.Tests.Data;

public class ExamplesTests
{
    static double Mean(DataMatrix data, int column) =>
        Enumerable.Range(0, data.Rows).Average(i => data[i, column]);

    [Fact]
    public void OldFaithfulMatchesR()
    {
        var data = Examples.OldFaithful();
        Assert.Equal(272, data.Rows);
        Assert.Equal(["eruptions", "waiting"], data.ColumnNames);
        Assert.Equal(3.487783, Mean(data, 0), 6);
        Assert.Equal(70.897059, Mean(data, 1), 6);
        Assert.Equal([3.6, 79], data.Row(0).ToArray());
        Assert.Equal("old-faithful", data.Source);
    }

    [Fact]
    public void IrisMatchesR()
    {
        var data = Examples.Iris();
        Assert.Equal(150, data.Rows);
        Assert.Equal(["sepal_length", "sepal_width", "petal_length", "petal_width"], data.ColumnNames);
        double[] means = [5.843333, 3.057333, 3.758000, 1.199333];
        for (int c = 0; c < 4; c++) Assert.Equal(means[c], Mean(data, c), 6);
        // The corrected rows (0-based 34 and 37) that differ from UCI's iris.data.
        Assert.Equal([4.9, 3.1, 1.5, 0.2], data.Row(34).ToArray());
        Assert.Equal([4.9, 3.6, 1.4, 0.1], data.Row(37).ToArray());
    }

    [Fact]
    public void IrisSpeciesAreSeparate()
    {
        var species = Examples.IrisSpecies();
        Assert.Equal(150, species.Count);
        Assert.Equal(["setosa", "versicolor", "virginica"], species.Distinct());
        Assert.All(species.GroupBy(s => s), g => Assert.Equal(50, g.Count()));
        Assert.Equal("virginica", species[149]);
    }

    [SkippableFact]
    public void EmbeddedCopiesMatchTheSharedFiles()
    {
        var shared = Csv.Read(SharedData.PathOf("faithful.csv"));
        Assert.Equal(shared.Values.ToArray(), Examples.OldFaithful().Values.ToArray());
        Assert.Equal(File.ReadAllBytes(SharedData.PathOf("iris.csv")), File.ReadAllBytes(RepositoryFolder.PathOf("src/ProbLatent/Data/Examples/iris.csv")));
    }

    [Theory]
    [InlineData("old-faithful", 272, 2)]
    [InlineData("iris", 150, 4)]
    [InlineData(" Iris ", 150, 4)]
    public void LoadByName(string name, int rows, int columns)
    {
        var data = Examples.Load(name);
        Assert.Equal(rows, data.Rows);
        Assert.Equal(columns, data.Columns);
    }

    [Fact]
    public void NamesAreTheLoadableOnes()
    {
        Assert.Equal(["old-faithful", "iris", "nile"], Examples.Names);
        foreach (var name in Examples.Names) Assert.NotNull(Examples.Load(name));
    }

    [Fact]
    public void UnknownNameListsTheKnownOnes()
    {
        var e = Assert.Throws<DataException>(() => Examples.Load("faithful"));
        Assert.Equal("there is no example data set named 'faithful'; the examples are: old-faithful, iris, nile", e.Message);
    }

    [Fact]
    public void ReturnsTheSameInstance() => Assert.Same(Examples.OldFaithful(), Examples.OldFaithful());
}
