using Xunit.Abstractions;

namespace ProbLatent.Tests.Readme;

/// <summary>
/// The F# code in the READMEs is tested like code: every <c>```fsharp</c> block of every README.md in the repository
/// goes through F# Interactive, run if marked <c>run</c> and type-checked otherwise (see <see cref="BlockMarker"/>).
/// A class apart from the C# tests, so that the two run side by side.
/// </summary>
public class ReadmeFSharpTests(ITestOutputHelper output)
{
    public static TheoryData<string> Programs => new(ReadmePrograms.All.Where(p => p.Language == CodeLanguage.FSharp).Select(p => p.Id));

    [Theory]
    [MemberData(nameof(Programs))]
    public void An_fsharp_program_goes_through_fsi(string id)
    {
        using var folder = new TempFolder();
        var run = FSharpScript.Run(ReadmePrograms.Find(id), folder.Path);
        output.WriteLine($"{run.Output}\n({run.Elapsed.TotalSeconds:F1} s)");
        Assert.True(run.ExitCode == 0, $"{id} failed in F# Interactive (exit code {run.ExitCode}):\n{run.Output}");
    }
}
