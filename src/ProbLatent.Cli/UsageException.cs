namespace ProbLatent.Cli;

/// <summary>A command line that is well-formed but asks for something inconsistent; exits with <see cref="ExitCodes.UsageError"/>.</summary>
public sealed class UsageException(string message) : Exception(message);
