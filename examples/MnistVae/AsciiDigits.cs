using ProbLatent.Data;

namespace MnistVae;

/// <summary>
/// Draws 28×28 images as text, for a terminal without an image viewer: one character for two pixel rows (characters
/// are about twice as tall as wide), darker characters for higher pixel values in [0, 1].
/// </summary>
public static class AsciiDigits
{
    public const int Side = 28;

    /// <summary>From blank to full: ten shades.</summary>
    const string Shades = " .:-=+*#%@";

    /// <summary>The images of <paramref name="images"/> (rows of 784 values in [0, 1]) side by side, two spaces apart: 14 lines.</summary>
    public static IEnumerable<string> Render(DataMatrix images)
    {
        if (images.Columns != Side * Side)
            throw new ArgumentException($"images must have {Side}×{Side} = {Side * Side} columns, got {images.Columns}", nameof(images));
        for (int line = 0; line < Side / 2; line++)
            yield return string.Join("  ", Enumerable.Range(0, images.Rows).Select(n => Line(images, n, line))).TrimEnd();
    }

    static string Line(DataMatrix images, int image, int line)
    {
        var chars = new char[Side];
        for (int x = 0; x < Side; x++)
        {
            double value = (images[image, 2 * line * Side + x] + images[image, (2 * line + 1) * Side + x]) / 2;
            chars[x] = Shades[(int)Math.Round(Math.Clamp(value, 0, 1) * (Shades.Length - 1))];
        }
        return new string(chars);
    }
}
