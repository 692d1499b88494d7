namespace ProbLatent.Backends.Vmp;

/// <summary>A node whose messages sum to an improper distribution; the VMP loop reports it with the iteration.</summary>
internal sealed class ImproperPosteriorException(string message) : ProbLatentException(message);
