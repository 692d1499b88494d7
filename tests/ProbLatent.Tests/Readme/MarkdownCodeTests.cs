namespace ProbLatent.Tests.Readme;

/// <summary>How README code blocks are read, joined into programs and turned into C# source.</summary>
public class MarkdownCodeTests
{
    const string Readme = """
        # A page

        ```sh
        dotnet run
        ```

        <!-- readme-code: program=demo run -->
        ```csharp
        using ProbLatent;

        var x = 1;
        ```

        Text between.

        - a list item with a block:

          ```fsharp
          let y = 2
          ```

        <!-- readme-code: program=demo -->
        ```csharp
        using ProbLatent.Data;
        Console.WriteLine(x);
        ```

        ```cs
        public class Checks { }
        ```
        """;

    [Fact]
    public void Csharp_and_fsharp_blocks_are_read_with_their_first_line_and_without_the_fence_indentation()
    {
        var blocks = MarkdownCode.Blocks("page.md", Readme);
        Assert.Equal([CodeLanguage.CSharp, CodeLanguage.FSharp, CodeLanguage.CSharp, CodeLanguage.CSharp], blocks.Select(b => b.Language));
        Assert.Equal([9, 19, 24, 29], blocks.Select(b => b.FirstLine));
        Assert.Equal(["let y = 2"], blocks[1].Lines);
        Assert.Equal(new BlockMarker(true, "demo", []), blocks[0].Marker with { With = [] });
        Assert.Same(BlockMarker.None, blocks[1].Marker);
    }

    [Fact]
    public void Blocks_naming_one_program_join_in_order_and_one_run_runs_it()
    {
        var programs = ReadmeProgram.Of(MarkdownCode.Blocks("page.md", Readme));
        Assert.Equal(["page.md:demo", "page.md:line 18", "page.md:line 28"], programs.Select(p => p.Id));
        Assert.Equal([9, 24], programs[0].Blocks.Select(b => b.FirstLine));
        Assert.True(programs[0].Run);
        Assert.False(programs[2].Run);
    }

    [Fact]
    public void Statements_are_wrapped_in_a_method_with_the_usings_on_top_and_the_readme_lines_kept()
    {
        var programs = ReadmeProgram.Of(MarkdownCode.Blocks("page.md", Readme));
        var source = CSharpProgramSource.Of(programs[0]);
        Assert.False(CSharpProgramSource.IsDeclarations(programs[0]));
        var lines = source.Split('\n');
        Assert.Equal(["#line 9 \"page.md\"", "using ProbLatent;", "#line 24 \"page.md\"", "using ProbLatent.Data;", "#line default"], lines[..5]);
        Assert.Contains("static class Readme_page_md_demo", source);
        Assert.Contains("    public static void Run()", source);
        // The using lines stay as blank lines, so "var x = 1;" is still line 11 and the WriteLine line 25.
        int first = Array.IndexOf(lines, "#line 9 \"page.md\"", 1);
        Assert.Equal(["", "", "var x = 1;"], lines[(first + 1)..(first + 4)]);
        int second = Array.IndexOf(lines, "#line 24 \"page.md\"", 3);
        Assert.Equal(["", "Console.WriteLine(x);"], lines[(second + 1)..(second + 3)]);

        Assert.True(CSharpProgramSource.IsDeclarations(programs[2]));
        Assert.Equal("#line default\n#line 29 \"page.md\"\npublic class Checks { }\n", CSharpProgramSource.Of(programs[2]).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_entry_point_runs_a_program_by_its_id()
    {
        var program = ReadmeProgram.Of(MarkdownCode.Blocks("page.md", Readme))[0];
        Assert.Contains("case \"page.md:demo\": Readme_page_md_demo.Run(); return 0;", CSharpProgramSource.EntryPoint([program]));
    }

    [Theory]
    [InlineData("<!-- readme-code: run -->\nsome text\n", "page.md:1: a readme-code marker must stand on the line right before a ```csharp or ```fsharp block")]
    [InlineData("<!-- readme-code: run -->\n```sh\nls\n```\n", "page.md:1: a readme-code marker must stand on the line right before a ```csharp or ```fsharp block")]
    [InlineData("text\n<!-- readme-code: runs -->\n```csharp\n```\n", "page.md:2: 'runs' is not a readme-code option; the options are run, program=NAME and with=PATH[,PATH…]")]
    [InlineData("```csharp\nvar x = 1;\n", "page.md:1: the code block opened here is never closed (by ```)")]
    [InlineData("<!-- readme-code: with=a.cs -->\n```fsharp\nlet x = 1\n```\n", "page.md:2: with= compiles C# files beside a C# block; an F# block references what it needs with #r")]
    public void A_marker_or_block_that_cannot_be_followed_is_an_error_naming_its_line(string markdown, string message)
    {
        var e = Assert.Throws<FormatException>(() => ReadmeProgram.Of(MarkdownCode.Blocks("page.md", markdown)));
        Assert.Equal(message, e.Message);
    }
}
