using ProbLatent.Data;

namespace ProbLatent.Tests.Data;

/// <summary>Choosing columns by name when reading: a label column is left out without editing the file.</summary>
public class ColumnSelectionTests
{
    const string Flowers = "length,species,width\n5.1,setosa,3.5\n7.0,versicolor,3.2\n6.3,virginica,3.3\n";

    [Fact]
    public void A_text_column_left_out_is_never_parsed()
    {
        var data = Csv.ParseText(Flowers, "flowers.csv", ColumnSelection.Except("species"));
        Assert.Equal(["length", "width"], data.ColumnNames);
        Assert.Equal([5.1, 3.5, 7.0, 3.2, 6.3, 3.3], data.Values.ToArray());
        Assert.Equal(2, data.FirstLine);
    }

    [Fact]
    public void Only_reads_the_named_columns_in_the_order_named()
    {
        var data = Csv.ParseText(Flowers, "flowers.csv", ColumnSelection.Only("width", "length"));
        Assert.Equal(["width", "length"], data.ColumnNames);
        Assert.Equal([3.5, 5.1, 3.2, 7.0, 3.3, 6.3], data.Values.ToArray());
    }

    [Fact]
    public void A_cell_error_still_names_the_column_in_the_file()
    {
        var e = Assert.Throws<DataException>(() => Csv.ParseText("a,b,c\n1,2,3\n4,5,x\n", "d.csv", ColumnSelection.Except("b")));
        Assert.Equal("d.csv, row 1 (line 3), column 2 'c': 'x' is not a number", e.Message);
    }

    [Fact]
    public void Unknown_names_are_listed_with_the_columns_there_are()
    {
        var e = Assert.Throws<DataException>(() => Csv.ParseText(Flowers, "flowers.csv", ColumnSelection.Only("length", "petal", "colour")));
        Assert.Equal("flowers.csv: has no columns 'petal', 'colour'; its columns are length, species, width", e.Message);
        e = Assert.Throws<DataException>(() => Csv.ParseText(Flowers, "flowers.csv", ColumnSelection.Except("Species")));
        Assert.Equal("flowers.csv: has no column 'Species'; its columns are length, species, width", e.Message);
        e = Assert.Throws<DataException>(() => Csv.ParseText(Flowers, "flowers.csv", ColumnSelection.Except("length", "species", "width")));
        Assert.Equal("flowers.csv: has no columns left once length, species, width are left out", e.Message);
    }

    [Fact]
    public void A_selection_names_each_column_once()
    {
        Assert.Contains("'a' is named twice", Assert.Throws<ArgumentException>(() => ColumnSelection.Only("a", "b", "a")).Message);
        Assert.Contains("a column name is empty", Assert.Throws<ArgumentException>(() => ColumnSelection.Except("a", " ")).Message);
        Assert.Throws<ArgumentException>(() => ColumnSelection.Only());
    }

    [Fact]
    public void A_data_set_in_memory_selects_columns_the_same_way()
    {
        var iris = Examples.Iris();
        Assert.Same(iris, iris.SelectColumns(ColumnSelection.All));
        var petals = iris.SelectColumns(ColumnSelection.Only("petal_width", "petal_length"));
        Assert.Equal(["petal_width", "petal_length"], petals.ColumnNames);
        Assert.Equal((iris[7, 3], iris[7, 2]), (petals[7, 0], petals[7, 1]));
        Assert.Equal(3, iris.SelectColumns(ColumnSelection.Except("sepal_width")).Columns);
    }
}
