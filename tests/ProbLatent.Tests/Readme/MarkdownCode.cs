using System.Text.RegularExpressions;

namespace ProbLatent.Tests.Readme;

/// <summary>The C# and F# code blocks of Markdown files, and the READMEs of the repository that hold them.</summary>
static partial class MarkdownCode
{
    [GeneratedRegex(@"^(?<indent>[ \t]*)```(?<language>[^\s`]*)[ \t]*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^[ \t]*<!--\s*readme-code:(?<words>.*?)-->[ \t]*$")]
    private static partial Regex Marker();

    /// <summary>Every README.md in the repository (outside build output), by path relative to the root with '/' separators.</summary>
    public static IReadOnlyList<string> ReadmeFiles()
    {
        var root = RepositoryFolder.Root;
        return Directory.EnumerateFiles(root, "README.md", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(part => part is "bin" or "obj" || part.StartsWith('.')))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The C# and F# blocks of every README in the repository.</summary>
    public static IReadOnlyList<CodeBlock> ReadmeBlocks() =>
        ReadmeFiles().SelectMany(file => Blocks(file, File.ReadAllText(RepositoryFolder.PathOf(file)))).ToArray();

    /// <summary>
    /// The C# (<c>csharp</c>, <c>cs</c>) and F# (<c>fsharp</c>, <c>fs</c>) blocks of <paramref name="text"/>; other
    /// blocks are passed over. A readme-code marker that does not stand right before a C# or F# block is an error, so a
    /// misplaced one cannot go unnoticed.
    /// </summary>
    public static IReadOnlyList<CodeBlock> Blocks(string file, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<CodeBlock>();
        BlockMarker? pending = null;
        int pendingLine = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            if (Marker().Match(lines[i]) is { Success: true } marker)
            {
                if (pending is not null) throw Misplaced(file, pendingLine);
                pending = BlockMarker.Parse(marker.Groups["words"].Value, $"{file}:{i + 1}");
                pendingLine = i + 1;
                continue;
            }
            var fence = Fence().Match(lines[i]);
            if (!fence.Success)
            {
                if (pending is not null) throw Misplaced(file, pendingLine);
                continue;
            }
            var indent = fence.Groups["indent"].Value;
            int end = i + 1;
            while (end < lines.Length && lines[end] != indent + "```") end++;
            if (end == lines.Length) throw new FormatException($"{file}:{i + 1}: the code block opened here is never closed (by {indent}```)");
            var language = Language(fence.Groups["language"].Value);
            if (language is { } known)
            {
                var body = lines[(i + 1)..end].Select(l => l.StartsWith(indent, StringComparison.Ordinal) ? l[indent.Length..] : l.TrimStart()).ToArray();
                blocks.Add(new CodeBlock(file, i + 2, known, body, pending ?? BlockMarker.None));
            }
            else if (pending is not null) throw Misplaced(file, pendingLine);
            pending = null;
            i = end;
        }
        if (pending is not null) throw Misplaced(file, pendingLine);
        return blocks;
    }

    static CodeLanguage? Language(string tag) => tag.ToLowerInvariant() switch
    {
        "csharp" or "cs" or "c#" => CodeLanguage.CSharp,
        "fsharp" or "fs" or "f#" => CodeLanguage.FSharp,
        _ => null,
    };

    static FormatException Misplaced(string file, int line) =>
        new($"{file}:{line}: a readme-code marker must stand on the line right before a ```csharp or ```fsharp block");
}
