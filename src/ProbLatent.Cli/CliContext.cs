using ProbLatent.Cli.Cancellation;
using ProbLatent.Cli.Output;
using Spectre.Console;

namespace ProbLatent.Cli;

/// <summary>
/// What a command runs with: where to write, the token that Ctrl+C cancels, the gate every <c>--out</c> file is written
/// through (which a second Ctrl+C waits for), and the test hook that announces phases (off unless a test turns it on).
/// </summary>
public sealed class CliContext(TextWriter output, TextWriter error, CancellationToken cancellation, SaveGate? saves = null, TestPhases? phases = null)
{
    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;
    public CancellationToken Cancellation { get; } = cancellation;
    public SaveGate Saves { get; } = saves ?? new SaveGate();
    public TestPhases Phases { get; } = phases ?? TestPhases.None;

    /// <summary>A Spectre console over <see cref="Output"/>; plain text when it is not a terminal.</summary>
    public IAnsiConsole Console => _console ??= CliConsole.Create(Output);
    IAnsiConsole? _console;
}
