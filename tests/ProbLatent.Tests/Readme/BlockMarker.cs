namespace ProbLatent.Tests.Readme;

/// <summary>
/// What the HTML comment on the line right before a README code block says about it (the rendered page does not show
/// it). Every <c>```csharp</c> block of every README.md is compiled and every <c>```fsharp</c> block type-checked by F#
/// Interactive; the comment <c>&lt;!-- readme-code: WORDS --&gt;</c> says more, in words separated by spaces:
/// <list type="bullet">
/// <item><c>run</c>: run the program as well (C# from an empty folder, F# in <c>dotnet fsi</c>). A runnable program may
/// use only data the project ships.</item>
/// <item><c>program=NAME</c>: the blocks of one README that name the same program are one program, in order: a later
/// block continues an earlier one and sees its variables. C# using directives move to the top, so a block may add its
/// own.</item>
/// <item><c>with=PATH,PATH</c>: compile these repository files with a C# block (a fragment that uses an example's types).</item>
/// </list>
/// A block without a comment is a program on its own. C# statements are wrapped in a method, so such a block may not
/// declare types after its statements; a block that starts with a type or a namespace is compiled as a file. An F#
/// program without <c>#r</c> lines is given the library and its F# front end.
/// </summary>
sealed record BlockMarker(bool Run, string? Program, IReadOnlyList<string> With)
{
    public static BlockMarker None { get; } = new(false, null, []);

    /// <summary>The words after <c>readme-code:</c>; anything else is an error naming the file and line.</summary>
    public static BlockMarker Parse(string words, string where)
    {
        bool run = false;
        string? program = null;
        var with = new List<string>();
        foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (word == "run") run = true;
            else if (word.StartsWith("program=", StringComparison.Ordinal) && word.Length > "program=".Length) program = word["program=".Length..];
            else if (word.StartsWith("with=", StringComparison.Ordinal) && word.Length > "with=".Length) with.AddRange(word["with=".Length..].Split(','));
            else
                throw new FormatException($"{where}: '{word}' is not a readme-code option; the options are run, program=NAME and with=PATH[,PATH…]");
        }
        return new BlockMarker(run, program, with);
    }
}
