namespace ProbLatent.Tests.Readme;

/// <summary>
/// One program of a README: a block on its own, or the blocks of one file and language that name the same
/// <c>program=NAME</c>, in the order they appear. It runs if any of its blocks says <c>run</c>.
/// </summary>
sealed record ReadmeProgram(string File, string Name, CodeLanguage Language, IReadOnlyList<CodeBlock> Blocks, bool Run, IReadOnlyList<string> With)
{
    /// <summary>How tests and the scratch program name it: the README and the program name, or the line of its block.</summary>
    public string Id => $"{File}:{Name}";

    public static IReadOnlyList<ReadmeProgram> Of(IEnumerable<CodeBlock> blocks)
    {
        var programs = new List<ReadmeProgram>();
        foreach (var block in blocks)
        {
            if (block.Language == CodeLanguage.FSharp && block.Marker.With.Count > 0)
                throw new FormatException($"{block.Where}: with= compiles C# files beside a C# block; an F# block references what it needs with #r");
            int joined = block.Marker.Program is { } name
                ? programs.FindIndex(p => p.File == block.File && p.Language == block.Language && p.Name == name)
                : -1;
            if (joined < 0)
                programs.Add(new ReadmeProgram(block.File, block.Marker.Program ?? $"line {block.FirstLine - 1}", block.Language, [block],
                    block.Marker.Run, block.Marker.With));
            else
            {
                var program = programs[joined];
                programs[joined] = program with
                {
                    Blocks = [.. program.Blocks, block],
                    Run = program.Run || block.Marker.Run,
                    With = [.. program.With, .. block.Marker.With.Except(program.With)],
                };
            }
        }
        return programs;
    }
}
