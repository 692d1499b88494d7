using System.Runtime.InteropServices;

namespace ProbLatent.Data;

/// <summary>
/// A source whose first complete pass also writes its blocks' values, as raw doubles, to a temporary file, and whose later
/// passes read them back from it into reused buffers: what a fit that sweeps a file many times (EM, VMP) reads through, so
/// that only the first pass pays for decoding Parquet or parsing text. Each later pass gives the same blocks (rows, file,
/// row group, first row and line) with the same values as the first, so every sum over it is the same bit for bit.
/// </summary>
/// <remarks>
/// <para>
/// The spill takes 8 bytes per cell in the system's temporary folder. It is opened to be deleted when closed and, where the
/// system allows, unlinked at once, so it goes when the fit ends, fails or is cancelled, and when the process dies. Plain
/// buffered reads of it are served by the operating system's page cache, which is not the process's working set (a memory
/// map of it would be).
/// </para>
/// <para>
/// A first pass stopped part way (cancelled, or refused by a check) leaves no spill, and the next pass starts one again; a
/// spill that cannot be written (the disk is full) is dropped, and every pass reads the source itself.
/// </para>
/// </remarks>
public sealed class SpilledSource : DelegatingSource, IDisposable
{
    readonly List<Placement> _blocks = [];
    FileStream? _spill;
    bool _complete, _failed, _disposed;

    /// <summary>Where a block's values are in the spill, and what the block said of itself.</summary>
    sealed record Placement(long Offset, int Rows, string Where, string File, int? RowGroup, long FirstRowOfFile, long FirstRowOfSource,
        int FirstRow, int? FirstLine, bool Missing);

    internal SpilledSource(DataSource inner) : base(inner) { }

    public override long? Rows => _complete ? _blocks.Sum(b => (long)b.Rows) : Inner.Rows;
    public override bool ReadsCheaply => true;

    /// <summary>Whether the spill holds a complete pass, which the next pass reads instead of the source.</summary>
    public bool Spilled => _complete;

    public override IEnumerable<DataBlock> Blocks(CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _complete ? FromSpill(cancellation) : _failed ? Inner.Blocks(cancellation) : Spilling(cancellation);
    }

    IEnumerable<DataBlock> Spilling(CancellationToken cancellation)
    {
        Drop();
        _spill = Open();
        long offset = 0;
        bool writing = true;
        foreach (var block in Inner.Blocks(cancellation))
        {
            if (writing)
            {
                var data = block.Data;
                try
                {
                    _spill.Write(MemoryMarshal.AsBytes(data.Values));
                    _blocks.Add(new Placement(offset, data.Rows, data.Source, block.File, block.RowGroup, block.FirstRowOfFile, block.FirstRowOfSource,
                        data.FirstRow, data.FirstLine, data.HasMissing));
                    offset += data.Values.Length * (long)sizeof(double);
                }
                catch (IOException)
                {
                    // A spill that cannot be written costs only speed: this pass goes on, and every later one reads the source.
                    Drop();
                    _failed = true;
                    writing = false;
                }
            }
            yield return block;
        }
        if (!writing) yield break;
        _spill.Flush();
        _complete = true;
    }

    IEnumerable<DataBlock> FromSpill(CancellationToken cancellation)
    {
        var handle = _spill!.SafeFileHandle;
        double[] values = [];
        var block = new DataBlock();
        foreach (var placed in _blocks)
        {
            cancellation.ThrowIfCancellationRequested();
            // Blocks of one size share one buffer; one of another size (the last, as a rule) gets a buffer of its own.
            if (values.Length != placed.Rows * Columns) values = new double[placed.Rows * Columns];
            var bytes = MemoryMarshal.AsBytes(values.AsSpan());
            for (int read = 0; read < bytes.Length;)
            {
                int got = RandomAccess.Read(handle, bytes[read..], placed.Offset + read);
                if (got == 0) throw new DataException("its temporary copy ended early: it was changed while the fit read it", placed.Where);
                read += got;
            }
            block.Data = new DataMatrix(values, placed.Rows, Columns, GivenColumnNames, placed.Where, placed.FirstRow, placed.FirstLine,
                placed.Missing ? MissingValues.AtRandom : MissingValues.Refused);
            block.File = placed.File;
            block.RowGroup = placed.RowGroup;
            block.FirstRowOfFile = placed.FirstRowOfFile;
            block.FirstRowOfSource = placed.FirstRowOfSource;
            yield return block;
        }
    }

    static FileStream Open()
    {
        var path = Path.Combine(Path.GetTempPath(), $"problatent-spill-{Guid.NewGuid():N}.bin");
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, bufferSize: 1 << 16,
            FileOptions.DeleteOnClose);
        // Unlinked while open, the file's space is returned when the handle closes, however the process ends.
        if (!OperatingSystem.IsWindows()) File.Delete(path);
        return stream;
    }

    void Drop()
    {
        _spill?.Dispose();
        _spill = null;
        _blocks.Clear();
        _complete = false;
    }

    /// <summary>Deletes the spill.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        Drop();
        _disposed = true;
    }
}
