using Spectre.Console;

namespace ProbLatent.Cli.Output;

/// <summary>Spectre consoles over the writers the command line was given.</summary>
public static class CliConsole
{
    /// <summary>Width used when the output is not a terminal, so tables are not wrapped at 80 columns in files and tests.</summary>
    public const int RedirectedWidth = 160;

    /// <summary>
    /// A console writing to <paramref name="writer"/>. Colours and other ANSI codes are used only when the
    /// writer is the process's standard output and that is a terminal; anything redirected gets plain text.
    /// </summary>
    public static IAnsiConsole Create(TextWriter writer)
    {
        bool terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = RedirectedWidth;
        return console;
    }
}
