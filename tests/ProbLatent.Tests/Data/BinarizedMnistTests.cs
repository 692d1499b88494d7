using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ProbLatent.Data;

namespace ProbLatent.Tests.Data;

public class BinarizedMnistTests
{
    static byte[] File(uint rows, uint cols, byte[] payload, string magic = BinarizedMnist.Magic)
    {
        var bytes = new byte[16 + payload.Length];
        Encoding.ASCII.GetBytes(magic).CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), cols);
        payload.CopyTo(bytes, 16);
        return bytes;
    }

    static DataMatrix Read(byte[] bytes, int? maxRows = null) => BinarizedMnist.Read(new MemoryStream(bytes), "test.bin", maxRows);

    static DataException Fails(byte[] bytes) => Assert.Throws<DataException>(() => Read(bytes));

    [Fact]
    public void UnpacksMostSignificantBitFirst()
    {
        var data = Read(File(2, 16, [0b1000_0001, 0b0100_0000, 0xFF, 0x00]));
        Assert.Equal(2, data.Rows);
        Assert.Equal(16, data.Columns);
        Assert.Equal(
            [1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0,
             1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
            data.Values.ToArray());
    }

    [Fact]
    public void MaxRowsKeepsTheFirstRows()
    {
        var data = Read(File(3, 8, [0x80, 0x40, 0x20]), maxRows: 2);
        Assert.Equal(2, data.Rows);
        Assert.Equal(1.0, data[1, 1]);
    }

    [Fact]
    public void WrongMagic()
    {
        var e = Fails(File(1, 8, [0], magic: "BMNIST02"));
        Assert.Equal("test.bin: is not a binarized-MNIST file: it should start with 'BMNIST01', found 'BMNIST02'", e.Message);
    }

    [Fact]
    public void EmptyStream()
    {
        var e = Fails([]);
        Assert.Contains("found an empty file", e.Message);
    }

    [Fact]
    public void TruncatedHeader()
    {
        var e = Fails(File(1, 8, [0])[..12]);
        Assert.Equal("test.bin: is truncated: the header needs 16 bytes, the file has 12 bytes", e.Message);
    }

    [Fact]
    public void TruncatedDataNamesExpectedAndActualSize()
    {
        var e = Fails(File(3, 784, new byte[2 * 98 + 10]));
        Assert.Equal("test.bin: is truncated: the header declares 3 rows × 784 columns, so the file should be 16 + 3×98 = 310 bytes, but it is 222 bytes", e.Message);
    }

    [Fact]
    public void TruncatedNonSeekableStreamNamesTheRow()
    {
        var bytes = File(3, 784, new byte[2 * 98 + 10]);
        var e = Assert.Throws<DataException>(() => BinarizedMnist.Read(new NonSeekable(bytes), "pipe", null));
        Assert.Equal(2, e.Row);
        Assert.Contains("should be 16 + 3×98 = 310 bytes, but it is 222 bytes", e.Message);
    }

    [Fact]
    public void ExtraBytes()
    {
        var e = Fails(File(1, 8, [0, 0]));
        Assert.Contains("is 18 bytes, but the header declares 1 row × 8 columns, so it should be 16 + 1×1 = 17 bytes", e.Message);
    }

    [Fact]
    public void ZeroRows()
    {
        var e = Fails(File(0, 784, []));
        Assert.Equal("test.bin: has 0 rows", e.Message);
    }

    [Fact]
    public void ColumnsNotAMultipleOfEight()
    {
        var e = Fails(File(1, 10, [0, 0]));
        Assert.Contains("has 10 columns, which is not a multiple of 8", e.Message);
    }

    [Fact]
    public void MissingFile()
    {
        var e = Assert.Throws<DataException>(() => BinarizedMnist.Read("no-such-file.bin"));
        Assert.Equal("no-such-file.bin: file not found", e.Message);
    }

    // The README's checks, recomputed from the reader's output: rows, number of ones, and the sha256 of
    // the unpacked 0/1 byte stream (which pins the bit order and the row order).
    [SkippableTheory]
    [InlineData("train", 50000, 5118041L, "43490d4d6ac9002727af4426d8748609fdb7e4094fa65ad8d681ea60082a7a5a")]
    [InlineData("valid", 10000, 1028036L, "069b4f0beb389b776478c3e872b4df71c95ac4be64d7cbe6d32e24ebac8e6d5e")]
    [InlineData("test", 10000, 1038896L, "ca0294c3b8d984c7a1dc891015a8eea6f37bae59a34e35ea0fc8c47110a8dd86")]
    public void SharedSplitsMatchTheReadme(string split, int rows, long ones, string sha256)
    {
        var data = BinarizedMnist.Read(SharedData.PathOf($"binarized_mnist/{split}.bin"));
        Assert.Equal(rows, data.Rows);
        Assert.Equal(784, data.Columns);
        var bytes = new byte[data.Values.Length];
        long count = 0;
        var values = data.Values;
        for (int i = 0; i < values.Length; i++)
        {
            Assert.True(values[i] is 0.0 or 1.0);
            bytes[i] = (byte)values[i];
            count += bytes[i];
        }
        Assert.Equal(ones, count);
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public void ReadsAtMostMaxRows()
    {
        var data = BinarizedMnist.Read(ShippedData.MnistTest, maxRows: 100);
        Assert.Equal(100, data.Rows);
        Assert.Equal(784, data.Columns);
    }

    sealed class NonSeekable(byte[] bytes) : Stream
    {
        readonly MemoryStream _inner = new(bytes);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 7));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
