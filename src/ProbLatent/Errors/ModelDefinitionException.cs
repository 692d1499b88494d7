namespace ProbLatent;

/// <summary>A model description that is incomplete or inconsistent; the message names the part.</summary>
public sealed class ModelDefinitionException(string message) : ProbLatentException(message);
