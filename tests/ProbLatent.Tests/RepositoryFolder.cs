namespace ProbLatent.Tests;

/// <summary>The repository the tests were built from: the folder holding ProbLatent.sln, found by walking up from the test assembly.</summary>
static class RepositoryFolder
{
    public static string Root { get; } = Find();

    /// <summary>The full path of a file or folder given relative to the repository root, with '/' separators.</summary>
    public static string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ProbLatent.sln"))) return dir.FullName;
        throw new InvalidOperationException(
            $"could not find the repository root (a folder holding ProbLatent.sln) above the test assembly in {AppContext.BaseDirectory}");
    }
}
