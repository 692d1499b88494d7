using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ProbLatent.Plotting;

/// <summary>
/// Encodes an 8-bit grayscale image as PNG (the chunks IHDR, IDAT, IEND; no filtering; zlib at its smallest), so that
/// image grids embed in an SVG without an imaging library.
/// </summary>
internal static class PngEncoder
{
    static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    static readonly uint[] CrcTable = MakeCrcTable();

    /// <param name="pixels">width × height gray levels, row-major, 0 black to 255 white.</param>
    public static byte[] Grayscale(ReadOnlySpan<byte> pixels, int width, int height)
    {
        if (width < 1 || height < 1 || pixels.Length != width * height)
            throw new ArgumentException($"expected {width}×{height} pixels, got {pixels.Length}");
        using var png = new MemoryStream();
        png.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)height);
        header[8] = 8;   // bits per sample
        header[9] = 0;   // colour type: grayscale
        header[10] = 0;  // compression: deflate
        header[11] = 0;  // filter method 0
        header[12] = 0;  // no interlace
        WriteChunk(png, "IHDR", header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            for (int row = 0; row < height; row++)
            {
                zlib.WriteByte(0); // filter type None for this row
                zlib.Write(pixels.Slice(row * width, width));
            }
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    static void WriteChunk(Stream stream, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        stream.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        uint crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        stream.Write(word);
    }

    /// <summary>The CRC-32 of the PNG specification (polynomial 0xEDB88320), continued over <paramref name="data"/>.</summary>
    internal static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
