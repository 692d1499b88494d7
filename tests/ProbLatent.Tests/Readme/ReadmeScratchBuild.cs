namespace ProbLatent.Tests.Readme;

/// <summary>The scratch project of the READMEs' C# code, built at most once for all the tests of a run and deleted after them.</summary>
public sealed class ReadmeScratchBuild : IDisposable
{
    readonly TempFolder _folder = new();
    readonly Lazy<CSharpScratchProject> _project;

    public ReadmeScratchBuild() => _project = new(() => CSharpScratchProject.Create(ReadmePrograms.All, _folder.Path));

    internal CSharpScratchProject Project => _project.Value;

    public void Dispose() => _folder.Dispose();
}
