namespace ProbLatent.Cli;

/// <summary>The process exit codes of <c>problatent</c>.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Bad data, a model the data or backend cannot take, a fit that failed.</summary>
    public const int DataOrModelError = 1;

    /// <summary>A bad command line: unknown or missing options, values out of range, options that do not go together.</summary>
    public const int UsageError = 2;

    /// <summary>A bug: an exception nobody expected. Run with --verbose for the stack trace.</summary>
    public const int InternalError = 3;

    /// <summary>Stopped by Ctrl+C.</summary>
    public const int Cancelled = 130;
}
