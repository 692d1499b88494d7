using ProbLatent.Cli.Output;
using Spectre.Console;

namespace ProbLatent.Cli;

/// <summary>What a command runs with: where to write, and the token that Ctrl+C cancels.</summary>
public sealed class CliContext(TextWriter output, TextWriter error, CancellationToken cancellation)
{
    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>A Spectre console over <see cref="Output"/>; plain text when it is not a terminal.</summary>
    public IAnsiConsole Console => _console ??= CliConsole.Create(Output);
    IAnsiConsole? _console;
}
