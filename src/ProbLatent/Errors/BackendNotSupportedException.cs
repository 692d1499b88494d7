namespace ProbLatent;

/// <summary>A backend that cannot run a model: says which part of the model and what would work instead.</summary>
public sealed class BackendNotSupportedException(string backend, string message)
    : ProbLatentException($"{backend} backend: {message}")
{
    public string Backend { get; } = backend;
}
