namespace ProbLatent.Tests;

/// <summary>
/// The project's shared data folder: <c>../shared/data</c> beside the repository root (see its README), or the folder
/// that <see cref="FolderVariable"/> names. Tests that read the full files there are <c>[SkippableFact]</c>s: when a
/// file is missing they report themselves skipped, saying where to put the data, so that <c>dotnet test</c> passes on
/// a fresh clone. Where <see cref="RequireVariable"/> is set (the project's CI sets it) a missing file fails them
/// instead, so that they can never go quietly unrun there. Everything else uses <see cref="ShippedData"/>.
/// </summary>
static class SharedData
{
    public const string FolderVariable = "PROBLATENT_SHARED_DATA";
    public const string RequireVariable = "PROBLATENT_REQUIRE_SHARED_DATA";

    /// <summary>Where the shared data is looked for when <see cref="FolderVariable"/> is not set.</summary>
    public static string DefaultFolder => Path.GetFullPath(Path.Combine(RepositoryFolder.Root, "..", "shared", "data"));

    public static string Folder =>
        Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder ? Path.GetFullPath(folder) : DefaultFolder;

    /// <summary>
    /// The full path of a file in the shared data folder. When it is not there the calling test is skipped (it must be
    /// a <c>[SkippableFact]</c> or <c>[SkippableTheory]</c>), or fails if <see cref="RequireVariable"/> is set.
    /// </summary>
    public static string PathOf(string relative) =>
        PathIn(Folder, relative, required: Environment.GetEnvironmentVariable(RequireVariable) is { Length: > 0 });

    /// <summary><see cref="PathOf"/> for a given folder and rule, without reading the environment.</summary>
    public static string PathIn(string folder, string relative, bool required)
    {
        var path = Path.Combine(folder, relative);
        if (File.Exists(path)) return path;
        var message = $"needs the shared test data '{relative}', which is not at {path}: put the project's data folder " +
                      $"at ../shared/data beside the repository root, or set {FolderVariable} to a copy of it";
        if (required) Assert.Fail($"{message} ({RequireVariable} is set, so the shared data must be there)");
        throw new SkipException(message);
    }
}
