namespace ProbLatent;

/// <summary>The base of every error ProbLatent raises on purpose: catch this to handle them all.</summary>
public class ProbLatentException : Exception
{
    public ProbLatentException(string message) : base(message) { }
    public ProbLatentException(string message, Exception inner) : base(message, inner) { }
}
