using System.CommandLine;
using ProbLatent.Cli.Cancellation;
using ProbLatent.Cli.Commands;

namespace ProbLatent.Cli;

/// <summary>
/// The <c>problatent</c> command line. <see cref="Run(string[], TextWriter, TextWriter)"/> is the whole program
/// with its output redirected, so tests run it in-process.
/// </summary>
/// <remarks>
/// Every failure prints one line on standard error, <c>error: ...</c>, and exits non-zero: 2 for a bad command
/// line, 1 for bad data, a model the data or backend cannot take, or a fit that failed, 3 for an unexpected
/// error (a bug), 130 when cancelled by Ctrl+C (<see cref="CtrlC"/>). With <c>--verbose</c> the exception and its stack trace follow.
/// </remarks>
public static class Program
{
    const string ToolName = "problatent";

    public static int Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        TestPhases phases;
        try { phases = TestPhases.FromEnvironment(Console.Error); }
        catch (UsageException e) { return Fail(Console.Error, e, e.Message, ExitCodes.UsageError, verbose: false); }
        var saves = new SaveGate(phases);
        using var ctrlC = CtrlC.Install(cancellation, saves, Console.Error);
        return Run(args, new CliContext(Console.Out, Console.Error, cancellation.Token, saves, phases));
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, CancellationToken.None);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation) =>
        Run(args, new CliContext(stdout, stderr, cancellation));

    public static int Run(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var (stdout, stderr) = (context.Output, context.Error);
        bool verbose = args.Contains("--verbose");
        try
        {
            var root = CreateRootCommand(context);
            var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parse.Errors.Count > 0)
            {
                var command = parse.CommandResult.Command;
                var help = command is RootCommand ? $"{ToolName} --help" : $"{ToolName} {command.Name} --help";
                // An unknown word explains "required command was not provided" and the like: report it first.
                var first = parse.Errors
                    .OrderBy(e => parse.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal)) ? 0 : 1)
                    .First();
                stderr.WriteLine($"error: {first.Message.ReplaceLineEndings(" ").Replace('\t', ' ').TrimEnd('.')} (see '{help}')");
                return ExitCodes.UsageError;
            }
            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (UsageException e) { return Fail(stderr, e, e.Message, ExitCodes.UsageError, verbose); }
        catch (ProbLatentException e) { return Fail(stderr, e, e.Message, ExitCodes.DataOrModelError, verbose); }
        catch (OperationCanceledException e) when (context.Cancellation.IsCancellationRequested)
        {
            return Fail(stderr, e, "cancelled", ExitCodes.Cancelled, verbose);
        }
        catch (IOException e) { return Fail(stderr, e, e.Message, ExitCodes.DataOrModelError, verbose); }
        catch (UnauthorizedAccessException e) { return Fail(stderr, e, e.Message, ExitCodes.DataOrModelError, verbose); }
        catch (ArgumentException e) { return Fail(stderr, e, e.Message, ExitCodes.DataOrModelError, verbose); }
        catch (Exception e)
        {
            var hint = verbose ? "" : " (run with --verbose for the stack trace)";
            return Fail(stderr, e, $"unexpected {e.GetType().Name}: {e.Message}{hint}", ExitCodes.InternalError, verbose);
        }
    }

    /// <summary>The root command with every subcommand; one file per command under Commands/.</summary>
    public static RootCommand CreateRootCommand(CliContext context)
    {
        var root = new RootCommand("ProbLatent: fit latent-variable models with several inference backends and compare them")
        {
            FitCommand.Create(context),
            CompareCommand.Create(context),
            SelectCommand.Create(context),
            SampleCommand.Create(context),
            EncodeCommand.Create(context),
            ScoreCommand.Create(context),
            ExportCommand.Create(context),
            ImportCommand.Create(context),
            BenchCommand.Create(context),
            WorkerCommand.Create(context),
        };
        root.Options.Add(new Option<bool>("--verbose") { Description = "On an error, also print the exception and its stack trace", Recursive = true });
        return root;
    }

    /// <summary>Prints the one line every failure gives (a message with line breaks is joined into one) and returns the exit code.</summary>
    static int Fail(TextWriter stderr, Exception e, string message, int exitCode, bool verbose)
    {
        stderr.WriteLine($"error: {message.ReplaceLineEndings(" ")}");
        if (verbose) stderr.WriteLine(e.ToString());
        return exitCode;
    }
}
