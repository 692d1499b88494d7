using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ProbLatent.Plotting;

namespace ProbLatent.Tests.Plotting;

public class ImageGridTests
{
    /// <summary>Four 4×4 images: blank, full, a left half of ink, a gradient.</summary>
    static ImageGrid Grid(IReadOnlyList<IReadOnlyList<double>>? images = null) => new()
    {
        Title = "digits",
        Subtitle = "four of them",
        Images = images ??
        [
            new double[16],
            Enumerable.Repeat(1.0, 16).ToArray(),
            Enumerable.Range(0, 16).Select(i => i % 4 < 2 ? 1.0 : 0).ToArray(),
            Enumerable.Range(0, 16).Select(i => i / 15.0).ToArray(),
        ],
        ImageWidth = 4,
        ImageHeight = 4,
        Columns = 3,
    };

    /// <summary>Decodes the embedded PNG the way a viewer would: checks every chunk's CRC and inflates the rows.</summary>
    static (int Width, int Height, byte[] Gray) DecodePng(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        for (int at = 8; at < png.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(PngEncoder.Crc(0xFFFFFFFFu, png.AsSpan(at + 4, 4 + length)) ^ 0xFFFFFFFFu, crc);
            if (type == "IEND") Assert.Equal(0xAE426082u, crc); // the one CRC every PNG ends with
            if (type == "IHDR")
            {
                width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);  // 8-bit
                Assert.Equal(0, data[9]);  // grayscale
            }
            if (type == "IDAT") idat.Write(data);
            at += 12 + length;
        }
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        var rows = inflated.ToArray();
        Assert.Equal(height * (width + 1), rows.Length);
        var gray = new byte[width * height];
        for (int r = 0; r < height; r++)
        {
            Assert.Equal(0, rows[r * (width + 1)]); // filter None
            Array.Copy(rows, r * (width + 1) + 1, gray, r * width, width);
        }
        return (width, height, gray);
    }

    [Fact]
    public void TheGridIsOneEmbeddedPngWithEachImageInItsCellInkBlack()
    {
        var root = SvgAssert.Parse(Grid().Render());
        Assert.Contains("digits", SvgAssert.Texts(root));
        var image = Assert.Single(SvgAssert.All(root, "image"));
        var href = image.Attribute("href")!.Value;
        Assert.StartsWith("data:image/png;base64,", href);
        var (width, height, gray) = DecodePng(Convert.FromBase64String(href["data:image/png;base64,".Length..]));
        // 3 columns and 2 rows of 4×4 images with a 1-pixel gap around each.
        Assert.Equal(3 * 4 + 4, width);
        Assert.Equal(2 * 4 + 3, height);
        byte Pixel(int image, int row, int column) => gray[(1 + image / 3 * 5 + row) * width + 1 + image % 3 * 5 + column];
        Assert.Equal(255, Pixel(0, 2, 2));          // blank: white
        Assert.Equal(0, Pixel(1, 3, 0));            // full ink: black
        Assert.Equal(0, Pixel(2, 1, 1));            // left half inked
        Assert.Equal(255, Pixel(2, 1, 2));
        Assert.Equal(255, Pixel(3, 0, 0));          // gradient from white …
        Assert.Equal(0, Pixel(3, 3, 3));            // … to black
        Assert.Equal(200, gray[0]);                 // the gaps are light gray
        // Drawn at 3 screen pixels per image pixel, squarely.
        Assert.Equal(3.0 * width, SvgAssert.Number(image, "width"));
        Assert.Equal("pixelated", image.Attribute("image-rendering")!.Value);
    }

    [Fact]
    public void TheChecksumIsTheStandardCrc32()
    {
        // The CRC-32 check value of the ISO-HDLC / PNG polynomial.
        Assert.Equal(0xCBF43926u, PngEncoder.Crc(0xFFFFFFFFu, Encoding.ASCII.GetBytes("123456789")) ^ 0xFFFFFFFFu);
    }

    [Fact]
    public void BadImagesAreRejectedNamingTheImageAndPixel()
    {
        Assert.Contains("no images", Assert.Throws<ArgumentException>(() => Grid([]).Render()).Message);
        Assert.Contains("image 0 of grid 'digits' has 15 values, not 4×4",
            Assert.Throws<ArgumentException>(() => Grid([new double[15]]).Render()).Message);
        var nan = new double[16];
        nan[5] = double.NaN;
        Assert.Contains("pixel 5 is NaN", Assert.Throws<ArgumentException>(() => Grid([new double[16], nan]).Render()).Message);
        var above = new double[16];
        above[0] = 1.5;
        Assert.Contains("gray levels are in [0, 1]", Assert.Throws<ArgumentException>(() => Grid([above]).Render()).Message);
    }

    [Theory]
    [InlineData(784, 28)]
    [InlineData(64, 8)]
    [InlineData(16, 4)]
    public void SquareImagesAreRecognisedByTheirPixelCount(int pixels, int side) => Assert.Equal(side, ImageGrid.SquareSide(pixels));

    [Theory]
    [InlineData(2)]
    [InlineData(9)]
    [InlineData(785)]
    public void OtherDimensionsAreNotImages(int pixels) => Assert.Null(ImageGrid.SquareSide(pixels));
}
