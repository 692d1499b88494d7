namespace ProbLatent.Tests.Readme;

/// <summary>The programs of every README in the repository, read once per test run.</summary>
static class ReadmePrograms
{
    static readonly Lazy<IReadOnlyList<ReadmeProgram>> s_all = new(() => ReadmeProgram.Of(MarkdownCode.ReadmeBlocks()));

    public static IReadOnlyList<ReadmeProgram> All => s_all.Value;

    public static ReadmeProgram Find(string id) =>
        All.SingleOrDefault(p => p.Id == id) ?? throw new InvalidOperationException($"no README program {id}");
}
