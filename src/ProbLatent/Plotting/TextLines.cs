namespace ProbLatent.Plotting;

/// <summary>Breaks text into lines at spaces so that each fits a width (a word longer than the width keeps its own line).</summary>
internal static class TextLines
{
    public static IReadOnlyList<string> Wrap(string text, double width, double fontSize)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && ChartStyle.TextWidth(candidate, fontSize) > width)
            {
                lines.Add(line);
                line = word;
            }
            else line = candidate;
        }
        if (line.Length > 0 || lines.Count == 0) lines.Add(line);
        return lines;
    }
}
