using System.Text.Json;
using static ProbLatent.Files.ModelFileContainer;

namespace ProbLatent.Files;

/// <summary>
/// A saved model whose prefix <see cref="ModelFileContainer.Read"/> has checked: its format, its JSON header, and its
/// values once the header has said how long they are.
/// </summary>
internal sealed class ModelFile(string path, ModelFileFormat format, byte[] bytes, int headerLength)
{
    internal const string ChecksumMismatch = "is corrupt: its SHA-256 checksum does not match its contents (modified or damaged)";

    public string Path { get; } = path;
    public ModelFileFormat Format { get; } = format;

    /// <summary>The header as <typeparamref name="T"/>: corruption when it cannot be read and the checksum fails too, else a file ProbLatent did not write.</summary>
    public T Header<T>(JsonSerializerOptions options) where T : class
    {
        string reason;
        try
        {
            if (JsonSerializer.Deserialize<T>(bytes.AsSpan(PrefixBytes, headerLength), options) is { } header) return header;
            reason = "it is empty";
        }
        catch (JsonException e)
        {
            reason = e.Message;
        }
        throw Error(ChecksumMatches ? $"is corrupt: its header cannot be read ({reason})" : ChecksumMismatch);
    }

    /// <summary>
    /// The values after the header, which the header says take <paramref name="length"/> bytes: a shorter file is
    /// truncated, and the checksum must match.
    /// </summary>
    public ReadOnlySpan<byte> Values(long length)
    {
        long actual = bytes.Length - PrefixBytes - headerLength - ChecksumBytes;
        bool intact = ChecksumMatches;
        if (actual < length && !intact)
            throw Error($"is truncated: it has {Counted.Of(bytes.Length, "byte")}, but its header describes a file of {PrefixBytes + headerLength + length + ChecksumBytes}");
        if (!intact) throw Error(ChecksumMismatch);
        if (actual != length) throw Error($"is corrupt: its header describes {Counted.Of(length, "byte")} of values, but it holds {actual}");
        return bytes.AsSpan(PrefixBytes + headerLength, (int)length);
    }

    /// <summary>Refuses the header's names of the data columns unless they are none, or one name per column.</summary>
    public void CheckColumns(string[]? names, int dimension)
    {
        if (names is null) return;
        if (names.Length != dimension)
            throw Error($"is corrupt: its header names {names.Length} data columns for a model of data dimension {dimension}");
        if (names.Any(name => name is null)) throw Error("is corrupt: a data column in its header has no name");
    }

    /// <summary>A <see cref="ModelFileException"/> naming this file.</summary>
    public ModelFileException Error(string reason) => new(Path, reason);

    bool ChecksumMatches => ModelFileContainer.ChecksumMatches(bytes);
}
