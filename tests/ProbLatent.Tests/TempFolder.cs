namespace ProbLatent.Tests;

/// <summary>An empty temporary folder, deleted with all it holds when disposed.</summary>
sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("problatent-tests-").FullName;

    /// <summary>A path in the folder.</summary>
    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
