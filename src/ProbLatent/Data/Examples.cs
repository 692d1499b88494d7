using System.Reflection;

namespace ProbLatent.Data;

/// <summary>
/// Small data sets shipped inside the library, so examples and the command line work on a fresh machine.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>old-faithful</c>: R's <c>faithful</c>, 272 eruptions of the Old Faithful geyser; columns
/// <c>eruptions</c> (minutes) and <c>waiting</c> (minutes to the next eruption). The classic two-cluster mixture.</item>
/// <item><c>iris</c>: Fisher's iris (R's corrected version), 150 flowers; the four measurements in cm. The
/// species, which a mixture model does not see, are in <see cref="IrisSpecies"/>.</item>
/// <item><c>nile</c>: R's <c>Nile</c>, the annual flow of the river Nile at Aswan, 1871–1970, in 10⁸ m³; one column <c>flow</c>,
/// in time order: one sequence, with a change in level around 1898.</item>
/// </list>
/// Each call returns the same immutable data set.
/// </remarks>
public static class Examples
{
    const string OldFaithfulName = "old-faithful";
    const string IrisName = "iris";
    const string NileName = "nile";

    static readonly Lazy<DataMatrix> s_oldFaithful = new(() => Csv.Parse(OpenResource("faithful.csv"), OldFaithfulName));
    static readonly Lazy<(DataMatrix Data, string[] Species)> s_iris = new(LoadIris);
    static readonly Lazy<DataMatrix> s_nile = new(() => Csv.Parse(OpenResource("nile.csv"), NileName));

    /// <summary>The names <see cref="Load"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [OldFaithfulName, IrisName, NileName];

    /// <summary>Old Faithful: 272 rows, columns <c>eruptions</c> and <c>waiting</c>.</summary>
    public static DataMatrix OldFaithful() => s_oldFaithful.Value;

    /// <summary>Iris: 150 rows, columns <c>sepal_length</c>, <c>sepal_width</c>, <c>petal_length</c>, <c>petal_width</c>.</summary>
    public static DataMatrix Iris() => s_iris.Value.Data;

    /// <summary>The species of each row of <see cref="Iris"/>: <c>setosa</c>, <c>versicolor</c>, <c>virginica</c>, 50 each, in that order.</summary>
    public static IReadOnlyList<string> IrisSpecies() => s_iris.Value.Species;

    /// <summary>The Nile's annual flow, 1871–1970: 100 rows of one column, <c>flow</c>, in time order (row t is the year 1871 + t).</summary>
    public static DataMatrix Nile() => s_nile.Value;

    /// <summary>The first year of <see cref="Nile"/>'s rows.</summary>
    public const int NileFirstYear = 1871;

    /// <summary>An example data set by name (case-insensitive); an unknown name is an error listing the known ones.</summary>
    public static DataMatrix Load(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            OldFaithfulName => OldFaithful(),
            IrisName => Iris(),
            NileName => Nile(),
            _ => throw new DataException($"there is no example data set named '{name}'; the examples are: {string.Join(", ", Names)}"),
        };
    }

    static (DataMatrix, string[]) LoadIris()
    {
        const string label = "species";
        var table = CsvTable.Parse(OpenResource("iris.csv"), IrisName);
        int column = ColumnSelection.Only(label).Resolve(table.Header, IrisName)[0];
        var species = table.Rows.Select(row => row.Fields[column].Trim().Trim('"')).ToArray();
        return (Csv.FromTable(table, IrisName, ColumnSelection.Except(label)), species);
    }

    static StreamReader OpenResource(string file)
    {
        var name = $"ProbLatent.Data.Examples.{file}";
        var stream = typeof(Examples).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the embedded resource '{name}' is missing from {typeof(Examples).Assembly.GetName().Name}");
        return new StreamReader(stream);
    }
}
