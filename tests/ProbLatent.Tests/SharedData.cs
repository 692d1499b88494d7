namespace ProbLatent.Tests;

/// <summary>
/// The project's shared data folder (<c>../shared/data</c> next to the repository root; see its README).
/// Tests that need it fail with a clear message when it is missing: they are never skipped silently.
/// </summary>
static class SharedData
{
    /// <summary>The folder holding ProbLatent.sln, found by walking up from the test assembly.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ProbLatent.sln"))) return dir.FullName;
            throw new InvalidOperationException(
                $"could not find the repository root (a folder holding ProbLatent.sln) above the test assembly in {AppContext.BaseDirectory}");
        }
    }

    public static string Folder => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    /// <summary>The full path of a file in the shared data folder; fails the test if it is not there.</summary>
    public static string PathOf(string relative)
    {
        var path = Path.Combine(Folder, relative);
        if (!File.Exists(path))
            Assert.Fail($"shared test data '{relative}' is missing: expected it at {path} (the data folder ../shared/data next to the repository root; see its README)");
        return path;
    }
}
