using System.Reflection;
using System.Text.RegularExpressions;

namespace ProbLatent.Tests.Readme;

/// <summary>
/// The READMEs say which tests need the shared data and so report themselves skipped on a fresh clone, and how many:
/// what they say is checked against the tests marked skippable, so a test added to or taken from that set changes the text too.
/// </summary>
public partial class SharedDataTestsReadmeTests
{
    /// <summary>Each skippable test method, with how many cases it runs (a theory's inline rows).</summary>
    static readonly (Type Class, MethodInfo Method, int Cases)[] Skippable = typeof(SharedDataTestsReadmeTests).Assembly.GetTypes()
        .SelectMany(type => type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.DeclaredOnly)
            .Where(m => m.IsDefined(typeof(SkippableFactAttribute)) || m.IsDefined(typeof(SkippableTheoryAttribute)))
            .Select(m => (type, m, m.IsDefined(typeof(SkippableTheoryAttribute)) ? m.GetCustomAttributes<InlineDataAttribute>().Count() : 1)))
        .ToArray();

    /// <summary>The text of a README from the line that starts with <paramref name="from"/> to the next heading.</summary>
    static string Section(string readme, string from)
    {
        var text = File.ReadAllText(RepositoryFolder.PathOf(readme));
        int start = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(start >= 0, $"{readme} has no text starting '{from}'");
        int end = text.IndexOf("\n#", start, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    [GeneratedRegex(@"`(\w+Tests)\.(\w+)`")]
    private static partial Regex NamedTest();

    static IEnumerable<(string Class, string Method)> NamedTests(string text) =>
        NamedTest().Matches(text).Select(m => (m.Groups[1].Value, m.Groups[2].Value));

    [Fact]
    public void The_readme_names_every_test_that_needs_the_shared_data_and_their_number()
    {
        Assert.NotEmpty(Skippable);
        var text = Section("README.md", "Both commands need nothing but the clone");
        Assert.Contains($"`Skipped: {Skippable.Sum(t => t.Cases)}`", text);
        Assert.All(Skippable, t => Assert.Contains($"`{t.Class.Name}", text));
        var methods = Skippable.Select(t => (t.Class.Name, t.Method.Name)).ToHashSet();
        Assert.All(NamedTests(text), named => Assert.Contains(named, methods));
    }

    [Fact]
    public void The_cli_readme_names_the_command_line_tests_that_need_the_shared_data()
    {
        var text = Section("src/ProbLatent.Cli/README.md", "The command line's tests");
        var cli = Skippable.Where(t => t.Class.Namespace == typeof(Cli.CliRun).Namespace).Select(t => (t.Class.Name, t.Method.Name)).ToHashSet();
        Assert.NotEmpty(cli);
        Assert.Equal(cli, NamedTests(text).ToHashSet());
    }
}
