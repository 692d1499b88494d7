namespace MnistVae;

/// <summary>Finds the repository (the folder holding ProbLatent.sln), next to which the shared data folder lives.</summary>
public static class RepositoryRoot
{
    /// <summary>../shared/data/binarized_mnist next to the repository root, or null when no repository is found.</summary>
    public static string? DefaultDataFolder()
    {
        // From the working directory first (dotnet run keeps it), then from the built program, wherever it was started.
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ProbLatent.sln")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "binarized_mnist"));
        return null;
    }
}
