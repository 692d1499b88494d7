using System.Text;
using System.Text.RegularExpressions;

namespace ProbLatent.Tests.Readme;

/// <summary>
/// A README's F# program as an F# Interactive script, run (or, without <c>run</c>, type-checked) by <c>dotnet fsi</c>.
/// A program that references nothing gets the library and its F# front end from the test's output folder, as the
/// README's F# section loads them; a <c>#r</c> path is read, as the README says, from the repository root (a test run
/// of another configuration than Debug reads the same path under that configuration's folder). Line directives make
/// every message point at the README.
/// </summary>
static partial class FSharpScript
{
    static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>The configuration the tests were built in, whose build output a README's Debug path stands for.</summary>
#if DEBUG
    const string Configuration = "Debug";
#else
    const string Configuration = "Release";
#endif

    [GeneratedRegex(@"^(?<before>\s*#r\s+"")(?<path>[^""]+)(?<after>"".*)$")]
    private static partial Regex Reference();

    public static string Of(ReadmeProgram program)
    {
        var script = new StringBuilder();
        if (!program.Blocks.Any(b => b.Lines.Any(l => Reference().IsMatch(l))))
            foreach (var name in new[] { "ProbLatent", "ProbLatent.FSharp" })
                script.AppendLine($"#r \"{Path.Combine(AppContext.BaseDirectory, name + ".dll")}\"");
        foreach (var block in program.Blocks)
        {
            script.AppendLine($"# {block.FirstLine} \"{block.File}\"");
            for (int i = 0; i < block.Lines.Count; i++)
                script.AppendLine(Reference().Match(block.Lines[i]) is { Success: true } reference
                    ? $"{reference.Groups["before"]}{Resolve(reference.Groups["path"].Value, $"{block.File}:{block.FirstLine + i}")}{reference.Groups["after"]}"
                    : block.Lines[i]);
        }
        return script.ToString();
    }

    /// <summary>Writes the script into <paramref name="folder"/> and runs it there through F# Interactive.</summary>
    public static ChildProcess Run(ReadmeProgram program, string folder)
    {
        var file = Path.Combine(folder, "readme.fsx");
        File.WriteAllText(file, Of(program));
        string[] arguments = program.Run ? ["fsi", "--nologo", file] : ["fsi", "--nologo", "--typecheck-only", file];
        var run = ChildProcess.Run(ChildProcess.Dotnet, arguments, folder, Timeout);
        // The line directives name README files relative to the repository root, which F# reads as relative to the
        // script: without the script's folder, each message names the README file and line.
        var prefix = folder + Path.DirectorySeparatorChar;
        return run with { Out = run.Out.Replace(prefix, ""), Error = run.Error.Replace(prefix, "") };
    }

    static string Resolve(string path, string where)
    {
        if (path.StartsWith("nuget:", StringComparison.Ordinal) || Path.IsPathRooted(path))
            throw new FormatException($"{where}: #r \"{path}\" should be a path relative to the repository root, as the README's F# section says");
        var resolved = RepositoryFolder.PathOf(path.Replace("/bin/Debug/", $"/bin/{Configuration}/", StringComparison.Ordinal));
        return File.Exists(resolved) ? resolved
            : throw new FileNotFoundException($"{where}: #r \"{path}\" names a file that is not there (expected at {resolved}, built with the tests)", resolved);
    }
}
