namespace ProbLatent.Tests.Readme;

enum CodeLanguage { CSharp, FSharp }

/// <summary>
/// One fenced code block of a Markdown file: its language, where its first line stands in the file (1-based, for
/// error messages that point into the README), its lines without the fence's indentation, and its marker.
/// </summary>
sealed record CodeBlock(string File, int FirstLine, CodeLanguage Language, IReadOnlyList<string> Lines, BlockMarker Marker)
{
    public string Where => $"{File}:{FirstLine - 1}";
}
