using System.Text;
using System.Text.RegularExpressions;

namespace ProbLatent.Tests.Readme;

/// <summary>
/// The C# source of one README program. Statements become the body of a static <c>Run</c> method of a class of
/// their own, so that every program of every README compiles into one assembly; a program that starts with a type or
/// namespace declaration is compiled as a file. Using directives, wherever they stand in the blocks, move to the top
/// (once each), so that a block that continues a program can bring its own. <c>#line</c> directives make every
/// compiler message point at the README's file and line.
/// </summary>
static partial class CSharpProgramSource
{
    [GeneratedRegex(@"^\s*(global\s+)?using\s+(static\s+)?[\w.]+(\s*=\s*[\w.<>, ]+)?\s*;\s*(//.*)?$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"^\s*(namespace\s|\[|((public|internal|file|static|sealed|abstract|partial|readonly)\s+)*(class|record|struct|interface|enum)\s)")]
    private static partial Regex Declaration();

    public static string ClassName(ReadmeProgram program) => "Readme_" + NonIdentifier().Replace(program.Id, "_");

    [GeneratedRegex("[^A-Za-z0-9]")]
    private static partial Regex NonIdentifier();

    /// <summary>Whether the program declares types (compiled as a file) rather than being statements (wrapped in a method).</summary>
    public static bool IsDeclarations(ReadmeProgram program) =>
        program.Blocks[0].Lines.FirstOrDefault(IsCode) is { } first && Declaration().IsMatch(first);

    public static string Of(ReadmeProgram program)
    {
        var usings = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var body = new StringBuilder();
        foreach (var block in program.Blocks)
        {
            body.AppendLine(LineDirective(block, 0));
            for (int i = 0; i < block.Lines.Count; i++)
            {
                var line = block.Lines[i];
                if (!UsingDirective().IsMatch(line))
                {
                    body.AppendLine(line);
                    continue;
                }
                if (seen.Add(line.Trim())) usings.AppendLine(LineDirective(block, i)).AppendLine(line.Trim());
                body.AppendLine();   // keeps the lines after it at their README line numbers
            }
        }
        if (IsDeclarations(program))
            return $"{usings}#line default\n{body}";
        return $$"""
            {{usings}}#line default
            static class {{ClassName(program)}}
            {
                public static void Run()
                {
            {{body}}#line default
                }
            }
            """;
    }

    /// <summary>The entry point: runs the program whose <see cref="ReadmeProgram.Id"/> is its one argument.</summary>
    public static string EntryPoint(IEnumerable<ReadmeProgram> runnable)
    {
        var cases = string.Concat(runnable.Select(p => $"            case \"{p.Id}\": {ClassName(p)}.Run(); return 0;\n"));
        return $$"""
            static class ReadmeEntryPoint
            {
                static int Main(string[] args)
                {
                    switch (args.Length == 1 ? args[0] : "")
                    {
            {{cases}}            default:
                            Console.Error.WriteLine($"no runnable README program '{string.Join(' ', args)}'");
                            return 2;
                    }
                }
            }
            """;
    }

    static string LineDirective(CodeBlock block, int index) => $"#line {block.FirstLine + index} \"{block.File}\"";

    static bool IsCode(string line) =>
        line.Trim() is { Length: > 0 } code && !code.StartsWith("//", StringComparison.Ordinal) && !UsingDirective().IsMatch(line);
}
