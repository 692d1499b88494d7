namespace ProbLatent.Cli;

/// <summary>A command line that is well-formed but asks for something inconsistent; exits with <see cref="ExitCodes.UsageError"/>.</summary>
public sealed class UsageException(string message) : Exception(message)
{
    /// <summary>
    /// Throws "<c>{option} {reason}</c>" for the first of <paramref name="options"/> that was given: an option that does
    /// not apply to what was asked for is a mistake to report, not something to ignore silently.
    /// </summary>
    /// <param name="reason">What the option applies to instead, such as "applies to vae only, not gmm".</param>
    public static void ThrowIfGiven(string reason, params ReadOnlySpan<(string Option, bool Given)> options)
    {
        foreach (var (option, given) in options)
            if (given) throw new UsageException($"{option} {reason}");
    }
}
