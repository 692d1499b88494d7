using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ProbLatent.Neural;

namespace ProbLatent.Backends.Reparameterized;

/// <summary>
/// The saved form of a trained variational autoencoder, little-endian:
/// <code>
/// 8 bytes   magic "PLVAEMDL"
/// uint32    format version (1)
/// uint32    header length H
/// H bytes   UTF-8 JSON: the architecture and each parameter's name and shape, in storage order
///           the parameters' float32 values, in that order
/// 32 bytes  SHA-256 of everything before it
/// </code>
/// Values are stored bit for bit, so a model loads back identical. A file is written under a temporary name and moved
/// into place, so an interrupted save never leaves a half-written model where the old one was.
/// </summary>
internal static class VaeFile
{
    public const string Magic = "PLVAEMDL";
    public const uint Version = 1;
    const int ChecksumBytes = 32;

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
    };

    sealed record Header(VaeArchitecture Architecture, ParameterShape[] Parameters);

    sealed record ParameterShape(string Name, int Rows, int Columns);

    public static void Save(VaeNetwork network, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var header = new Header(network.Architecture,
            network.Parameters.Select(p => new ParameterShape(p.Name, p.Value.Rows, p.Value.Columns)).ToArray());
        var json = JsonSerializer.SerializeToUtf8Bytes(header, Json);
        using var body = new MemoryStream();
        body.Write(Encoding.ASCII.GetBytes(Magic));
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(word, Version);
        body.Write(word);
        BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)json.Length);
        body.Write(word);
        body.Write(json);
        foreach (var p in network.Parameters) WriteFloats(body, p.Value.Span);
        var bytes = body.ToArray();
        var checksum = SHA256.HashData(bytes);

        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory)) throw new ModelFileException(path, $"cannot be written: the folder {directory} does not exist");
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(bytes);
                file.Write(checksum);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException(path, $"cannot be written: {e.Message}");
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public static VaeNetwork Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new ModelFileException(path, "file not found");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException(path, $"cannot be read: {e.Message}");
        }
        return Read(bytes, path);
    }

    internal static VaeNetwork Read(byte[] bytes, string path)
    {
        int prefix = Magic.Length + 8;
        if (bytes.Length < Magic.Length || Encoding.ASCII.GetString(bytes, 0, Magic.Length) != Magic)
            throw new ModelFileException(path, $"is not a saved ProbLatent VAE (it should start with '{Magic}')");
        if (bytes.Length < prefix + ChecksumBytes)
            throw new ModelFileException(path, $"is truncated: {bytes.Length} bytes cannot hold even the header");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(Magic.Length));
        if (version != Version)
            throw new ModelFileException(path, $"has format version {version}; this ProbLatent reads version {Version}" +
                                               (version > Version ? " (it was saved by a newer ProbLatent)" : ""));
        var content = bytes.AsSpan(0, bytes.Length - ChecksumBytes);
        if (!SHA256.HashData(content).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - ChecksumBytes)))
            throw new ModelFileException(path, "is corrupt: its SHA-256 checksum does not match its contents (truncated or modified)");
        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(Magic.Length + 4));
        if (headerLength > content.Length - prefix) throw new ModelFileException(path, $"is corrupt: a header of {headerLength} bytes does not fit");

        Header header;
        try
        {
            header = JsonSerializer.Deserialize<Header>(content.Slice(prefix, (int)headerLength), Json)
                     ?? throw new ModelFileException(path, "is corrupt: empty header");
        }
        catch (JsonException e)
        {
            throw new ModelFileException(path, $"is corrupt: its header cannot be read ({e.Message})");
        }
        VaeNetwork network;
        try { network = new VaeNetwork(header.Architecture); }
        catch (Exception e) when (e is ArgumentException or NullReferenceException)
        {
            throw new ModelFileException(path, $"is corrupt: its architecture is invalid ({e.Message})");
        }
        if (header.Parameters.Length != network.Parameters.Count)
            throw new ModelFileException(path, $"holds {header.Parameters.Length} parameters, but its architecture has {network.Parameters.Count}");
        int offset = prefix + (int)headerLength;
        for (int i = 0; i < header.Parameters.Length; i++)
        {
            var expected = network.Parameters[i];
            var shape = header.Parameters[i];
            if (shape.Name != expected.Name || shape.Rows != expected.Value.Rows || shape.Columns != expected.Value.Columns)
                throw new ModelFileException(path, $"parameter {i} is {shape.Name} {shape.Rows}×{shape.Columns}, but the architecture expects {expected}");
            int length = expected.Value.Length * sizeof(float);
            if (offset + length > content.Length) throw new ModelFileException(path, $"is truncated in parameter {shape.Name}");
            ReadFloats(content.Slice(offset, length), expected.Value.Span);
            offset += length;
        }
        if (offset != content.Length) throw new ModelFileException(path, $"has {content.Length - offset} unexpected bytes after its parameters");
        return network;
    }

    static void WriteFloats(Stream stream, ReadOnlySpan<float> values)
    {
        var buffer = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * 4), values[i]);
        stream.Write(buffer);
    }

    static void ReadFloats(ReadOnlySpan<byte> bytes, Span<float> values)
    {
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * 4));
    }
}
