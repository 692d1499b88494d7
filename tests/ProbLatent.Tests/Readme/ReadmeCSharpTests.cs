using Xunit.Abstractions;

namespace ProbLatent.Tests.Readme;

/// <summary>
/// The C# code in the READMEs is tested like code: every <c>```csharp</c> block of every README.md in the repository
/// is compiled, into one scratch project against the library as the tests built it, and the programs marked
/// <c>run</c> are run, each from an empty folder. <see cref="BlockMarker"/> describes the markers.
/// </summary>
public class ReadmeCSharpTests(ReadmeScratchBuild scratch, ITestOutputHelper output) : IClassFixture<ReadmeScratchBuild>
{
    public static TheoryData<string> RunnablePrograms =>
        new(ReadmePrograms.All.Where(p => p.Language == CodeLanguage.CSharp && p.Run).Select(p => p.Id));

    [Fact]
    public void The_readmes_have_csharp_and_fsharp_programs_and_some_of_each_run()
    {
        var programs = ReadmePrograms.All;
        Assert.Contains(programs, p => p.Language == CodeLanguage.CSharp && p.Run);
        Assert.Contains(programs, p => p.Language == CodeLanguage.CSharp && !p.Run);
        Assert.Contains(programs, p => p.Language == CodeLanguage.FSharp && p.Run);
        Assert.Contains("README.md", MarkdownCode.ReadmeFiles());
        Assert.Contains("src/ProbLatent.Cli/README.md", MarkdownCode.ReadmeFiles());
    }

    [Fact]
    public void Every_csharp_block_of_the_readmes_compiles()
    {
        var project = scratch.Project;
        output.WriteLine($"{project.Build.CommandLine}: {project.Build.Elapsed.TotalSeconds:F1} s");
        Assert.True(project.Succeeded, project.Errors.Count > 0
            ? $"README C# code does not compile:\n{string.Join('\n', project.Errors)}"
            : $"the README scratch project did not build:\n{project.Build.Output}");
    }

    [Theory]
    [MemberData(nameof(RunnablePrograms))]
    public void A_runnable_csharp_program_runs(string id)
    {
        var project = scratch.Project;
        Assert.True(project.Succeeded, $"{id} cannot run: the README C# code does not compile:\n{string.Join('\n', project.Errors)}");
        using var folder = new TempFolder();
        var run = project.Run(ReadmePrograms.Find(id), folder.Path);
        output.WriteLine($"{run.Output}\n({run.Elapsed.TotalSeconds:F1} s)");
        Assert.True(run.ExitCode == 0, $"{id} failed (exit code {run.ExitCode}):\n{run.Output}");
    }
}
