namespace ProbLatent.Plotting;

/// <summary>
/// Grayscale images side by side in rows (generated digits, a mixture's component means): value 1 is black ink, 0 white
/// paper, as on a printed page. The grid is one embedded PNG drawn with square pixels, so a 10 × 10 grid of MNIST digits
/// is tens of kilobytes, not the megabytes of one rectangle per pixel.
/// </summary>
public sealed record ImageGrid
{
    public required string Title { get; init; }
    public string? Subtitle { get; init; }

    /// <summary>Each image's values, row-major, <see cref="ImageWidth"/> × <see cref="ImageHeight"/>, each in [0, 1].</summary>
    public required IReadOnlyList<IReadOnlyList<double>> Images { get; init; }

    public required int ImageWidth { get; init; }
    public required int ImageHeight { get; init; }

    /// <summary>Images per row of the grid.</summary>
    public required int Columns { get; init; }

    /// <summary>Screen pixels per image pixel.</summary>
    public int Scale { get; init; } = 3;

    /// <summary>Image pixels of light gray between neighbouring images.</summary>
    public int Gap { get; init; } = 1;

    /// <summary>The side of square images of <paramref name="pixels"/> pixels (28 for MNIST's 784), or null when it is not a square of at least 4.</summary>
    public static int? SquareSide(int pixels)
    {
        int side = (int)Math.Round(Math.Sqrt(pixels));
        return side >= 4 && side * side == pixels ? side : null;
    }

    /// <exception cref="ArgumentException">No images, an image of the wrong size, a value that is NaN or outside [0, 1].</exception>
    public SvgDocument Render()
    {
        if (ImageWidth < 1 || ImageHeight < 1) throw new ArgumentException($"image grid '{Title}': images must be at least 1×1 pixels, got {ImageWidth}×{ImageHeight}");
        if (Columns < 1) throw new ArgumentException($"image grid '{Title}' needs at least one column, got {Columns}");
        if (Scale < 1 || Gap < 0) throw new ArgumentException($"image grid '{Title}': scale must be at least 1 and the gap at least 0, got {Scale} and {Gap}");
        if (Images.Count == 0) throw new ArgumentException($"image grid '{Title}' has no images");
        for (int i = 0; i < Images.Count; i++)
        {
            if (Images[i].Count != ImageWidth * ImageHeight)
                throw new ArgumentException($"image {i} of grid '{Title}' has {Images[i].Count} values, not {ImageWidth}×{ImageHeight}");
            for (int p = 0; p < Images[i].Count; p++)
                if (!(Images[i][p] >= 0 && Images[i][p] <= 1))
                    throw new ArgumentException($"image {i} of grid '{Title}': pixel {p} is {Images[i][p]}; gray levels are in [0, 1]");
        }

        int columns = Math.Min(Columns, Images.Count), rows = (Images.Count + Columns - 1) / Columns;
        int rasterWidth = columns * ImageWidth + (columns + 1) * Gap, rasterHeight = rows * ImageHeight + (rows + 1) * Gap;
        var raster = Raster(rasterWidth, rasterHeight, columns);
        double width = rasterWidth * Scale, height = rasterHeight * Scale;

        double canvasWidth = Math.Max(width + 2 * ChartTitle.Edge, 480);
        var title = new ChartTitle(Title, Subtitle, canvasWidth);
        double top = title.Bottom;
        var svg = new SvgDocument(canvasWidth, top + height + ChartTitle.Edge, Title);
        svg.Add(title.Draw().ToArray());
        svg.Add(Svg.Png((canvasWidth - width) / 2, top, width, height, PngEncoder.Grayscale(raster, rasterWidth, rasterHeight)));
        return svg;
    }

    /// <summary>The images as one gray raster, with light gray gaps between them and around them.</summary>
    byte[] Raster(int width, int height, int columns)
    {
        const byte gapGray = 200;
        var raster = new byte[width * height];
        Array.Fill(raster, gapGray);
        for (int i = 0; i < Images.Count; i++)
        {
            int left = Gap + i % columns * (ImageWidth + Gap), top = Gap + i / columns * (ImageHeight + Gap);
            for (int r = 0; r < ImageHeight; r++)
                for (int c = 0; c < ImageWidth; c++)
                    raster[(top + r) * width + left + c] = (byte)Math.Round(255 * (1 - Images[i][r * ImageWidth + c]));
        }
        return raster;
    }
}
