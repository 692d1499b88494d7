using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace ProbLatent.Files;

/// <summary>
/// The layout every saved ProbLatent model shares (a <c>.plm</c> file), little-endian:
/// <code>
/// 8 bytes   magic: which format (<see cref="ModelFileFormat"/>)
/// uint32    format version
/// uint32    header length H
/// H bytes   UTF-8 JSON: what the model is, and the name and shape of each array that follows, in order
///           the arrays' values
/// 32 bytes  SHA-256 of everything before it
/// </code>
/// Values are stored bit for bit, so a model loads back identical. Files are written atomically (<see cref="AtomicFile"/>).
/// </summary>
/// <remarks>
/// Reading checks, in order: the file is there; it starts with a known magic (else it is not a ProbLatent model); its
/// version is this one — and when it is not, that the checksum matches, so that a damaged version field is called
/// corrupt rather than the work of another ProbLatent; the header fits; the values are as long as the header says (else
/// it is truncated); the checksum. Lengths come before the checksum so that a cut-off file is called truncated rather
/// than merely corrupt.
/// <para>
/// Rules for the versions: every version keeps this prefix and ends with the SHA-256 of all that precedes it, so any
/// version's checksum can be checked by any other. A field added to the JSON header that a reader may ignore (an older
/// reader skips names it does not know, and a missing one reads as null) keeps the version; a change an older reader
/// would misread — a field it needs to mean something else, another layout of the values — takes a new one.
/// </para>
/// </remarks>
internal static class ModelFileContainer
{
    const int MagicBytes = 8;
    internal const int PrefixBytes = MagicBytes + 8;
    internal const int ChecksumBytes = 32;

    /// <summary>Writes the prefix, <paramref name="header"/> (UTF-8 JSON), the values <paramref name="writeValues"/> writes, and the checksum.</summary>
    public static void Write(string path, ModelFileFormat format, byte[] header, Action<Stream> writeValues)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var body = new MemoryStream();
        body.Write(Encoding.ASCII.GetBytes(format.Magic));
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(word, format.Version);
        body.Write(word);
        BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)header.Length);
        body.Write(word);
        body.Write(header);
        writeValues(body);
        var checksum = SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length));
        AtomicFile.Write(path, file =>
        {
            file.Write(body.GetBuffer().AsSpan(0, (int)body.Length));
            file.Write(checksum);
        }, reason => new ModelFileException(path, reason));
    }

    /// <summary>Reads a saved model and checks its prefix; <see cref="ModelFile"/> reads the header and checks the rest.</summary>
    public static ModelFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) throw new ModelFileException(path, "is a folder, not a saved model");
        if (!File.Exists(path)) throw new ModelFileException(path, "file not found");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException(path, $"cannot be read: {e.Message}");
        }

        var magic = Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, MagicBytes));
        var format = ModelFileFormat.All.FirstOrDefault(f => f.Magic == magic);
        if (format is null)
        {
            var expected = string.Join("' or '", ModelFileFormat.All.Select(f => f.Magic));
            throw new ModelFileException(path, bytes.Length == 0
                ? "is empty, not a saved ProbLatent model"
                : $"is not a saved ProbLatent model (it should start with '{expected}')");
        }
        if (bytes.Length < PrefixBytes + ChecksumBytes)
            throw new ModelFileException(path, $"is truncated: {Counted.Of(bytes.Length, "byte")} cannot hold even the header");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(MagicBytes));
        if (version != format.Version)
        {
            // A damaged version field must not pass for a file from another ProbLatent: the checksum, which every version
            // ends with, says whether the version was written so.
            if (!ChecksumMatches(bytes)) throw new ModelFileException(path, ModelFile.ChecksumMismatch);
            throw new ModelFileException(path, $"has format version {version}; this ProbLatent reads version {format.Version} of files holding {format.Holds}" +
                                               (version > format.Version ? " (it was saved by a newer ProbLatent)" : ""));
        }
        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(MagicBytes + 4));
        if (headerLength > bytes.Length - PrefixBytes - ChecksumBytes)
            throw new ModelFileException(path, $"is truncated: a {headerLength}-byte header does not fit in its {Counted.Of(bytes.Length, "byte")}");
        return new ModelFile(path, format, bytes, (int)headerLength);
    }

    /// <summary>Whether the last 32 bytes are the SHA-256 of all the bytes before them.</summary>
    internal static bool ChecksumMatches(byte[] bytes) =>
        SHA256.HashData(bytes.AsSpan(0, bytes.Length - ChecksumBytes)).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - ChecksumBytes));

    /// <summary>Writes <paramref name="values"/> little-endian: as they lie in memory on a little-endian machine, no copy.</summary>
    public static void WriteValues<T>(Stream stream, ReadOnlySpan<T> values) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values);
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(bytes);
            return;
        }
        var swapped = bytes.ToArray();
        ReverseEach(swapped, Unsafe.SizeOf<T>());
        stream.Write(swapped);
    }

    /// <summary>Fills <paramref name="values"/> from little-endian <paramref name="bytes"/>, bit for bit.</summary>
    public static void ReadValues<T>(ReadOnlySpan<byte> bytes, Span<T> values) where T : unmanaged
    {
        var target = MemoryMarshal.AsBytes(values);
        bytes[..target.Length].CopyTo(target);
        if (!BitConverter.IsLittleEndian) ReverseEach(target, Unsafe.SizeOf<T>());
    }

    static void ReverseEach(Span<byte> bytes, int size)
    {
        for (int i = 0; i < bytes.Length; i += size) bytes.Slice(i, size).Reverse();
    }
}
