using System.Text.RegularExpressions;

namespace ProbLatent.Tests.Readme;

/// <summary>
/// One console project holding every C# program of the READMEs, written into a folder of its own and built once with
/// <c>dotnet build</c>. It references the library's assemblies in the test's own output folder, built with the tests,
/// so the solution is not built again; files named by <c>with=</c> are compiled into it from the repository.
/// </summary>
sealed partial class CSharpScratchProject
{
    /// <summary>What README code may use: the library, the verification kit, and xunit for a test class.</summary>
    static readonly string[] References =
        ["ProbLatent", "ProbLatent.Verification", "FSharp.Core", "FsCheck", "MathNet.Numerics", "xunit.core", "xunit.abstractions", "xunit.assert"];

    static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    CSharpScratchProject(string folder, ChildProcess build)
    {
        Assembly = Path.Combine(folder, "out", "ReadmeCode.dll");
        Build = build;
        // The #line directives name README files relative to the repository root, which the compiler reads as relative
        // to the project: without the project's folder, each message names the README file and line.
        Errors = build.Out.Split('\n').Concat(build.Error.Split('\n'))
            .Where(line => CompilerError().IsMatch(line))
            .Select(line => ProjectSuffix().Replace(line.Trim(), "").Replace(folder + Path.DirectorySeparatorChar, ""))
            .Distinct()
            .ToArray();
    }

    public string Assembly { get; }

    /// <summary>The <c>dotnet build</c> run, with all it printed.</summary>
    public ChildProcess Build { get; }

    /// <summary>The compiler's errors, each naming the README file and line.</summary>
    public IReadOnlyList<string> Errors { get; }

    public bool Succeeded => Build.ExitCode == 0 && Errors.Count == 0;

    [GeneratedRegex(@": error [A-Z]+\d+:")]
    private static partial Regex CompilerError();

    [GeneratedRegex(@"\s*\[[^\]]*\.csproj\]$")]
    private static partial Regex ProjectSuffix();

    /// <summary>Writes the project for <paramref name="programs"/> (the C# ones) into <paramref name="folder"/> and builds it.</summary>
    public static CSharpScratchProject Create(IReadOnlyList<ReadmeProgram> programs, string folder)
    {
        var csharp = programs.Where(p => p.Language == CodeLanguage.CSharp).ToArray();
        File.WriteAllText(Path.Combine(folder, "ReadmeCode.csproj"), ProjectFile(csharp));
        foreach (var program in csharp)
            File.WriteAllText(Path.Combine(folder, CSharpProgramSource.ClassName(program) + ".cs"), CSharpProgramSource.Of(program));
        File.WriteAllText(Path.Combine(folder, "ReadmeEntryPoint.cs"),
            CSharpProgramSource.EntryPoint(csharp.Where(p => p.Run && !CSharpProgramSource.IsDeclarations(p))));

        var build = ChildProcess.Run(ChildProcess.Dotnet,
            ["build", "ReadmeCode.csproj", "-nologo", "-v:q", "-clp:NoSummary", "-nodeReuse:false", "-o", "out"], folder, BuildTimeout);
        return new CSharpScratchProject(folder, build);
    }

    /// <summary>Runs one runnable program of the built project, in <paramref name="workingDirectory"/>.</summary>
    public ChildProcess Run(ReadmeProgram program, string workingDirectory) =>
        ChildProcess.Run(ChildProcess.Dotnet, [Assembly, program.Id], workingDirectory, RunTimeout);

    static string ProjectFile(IEnumerable<ReadmeProgram> programs)
    {
        var references = string.Concat(References.Select(name =>
            $"    <Reference Include=\"{name}\" HintPath=\"{TestOutputAssembly(name)}\" />\n"));
        var with = string.Concat(programs.SelectMany(p => p.With.Select(file => (p, file))).DistinctBy(x => x.file).Select(x =>
            $"    <Compile Include=\"{RepositoryFile(x.file, x.p)}\" />\n"));
        // Outside the repository, so none of its Directory.Build.props applies: the settings of a new console project,
        // with warnings as errors as in the repository.
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net{Environment.Version.Major}.{Environment.Version.Minor}</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <InvariantGlobalization>true</InvariantGlobalization>
                <UseAppHost>false</UseAppHost>
              </PropertyGroup>
              <ItemGroup>
            {references}{with}  </ItemGroup>
            </Project>
            """;
    }

    static string TestOutputAssembly(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        return File.Exists(path) ? path
            : throw new FileNotFoundException($"README code is compiled against {name}.dll from the test output, but it is not at {path}", path);
    }

    static string RepositoryFile(string relative, ReadmeProgram program)
    {
        var path = RepositoryFolder.PathOf(relative);
        return File.Exists(path) ? path
            : throw new FileNotFoundException($"{program.Blocks[0].Where}: with= names {relative}, which is not in the repository (expected at {path})", path);
    }
}
