namespace ProbLatent.Modeling;

/// <summary>A latent variable of the model: its name and its prior.</summary>
public sealed record LatentVariable(string Name, Prior Prior);
