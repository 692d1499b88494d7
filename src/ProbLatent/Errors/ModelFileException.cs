namespace ProbLatent;

/// <summary>A saved model that cannot be read back: missing, truncated, corrupt (its checksum fails), or of another format version.</summary>
public sealed class ModelFileException(string path, string message) : ProbLatentException($"{path}: {message}")
{
    public string Path { get; } = path;
}
