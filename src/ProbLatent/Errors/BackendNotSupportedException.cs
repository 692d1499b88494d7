namespace ProbLatent;

/// <summary>A backend that cannot run a model: says which part of the model and what would work instead.</summary>
public sealed class BackendNotSupportedException(string backend, string reason)
    : ProbLatentException($"{backend} backend: {reason}")
{
    public string Backend { get; } = backend;

    /// <summary>Why the backend cannot run the model, without the backend's name (which the message starts with).</summary>
    public string Reason { get; } = reason;
}
