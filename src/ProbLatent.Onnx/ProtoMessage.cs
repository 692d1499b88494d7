using Google.Protobuf;

namespace ProbLatent.Onnx;

/// <summary>
/// One protocol-buffer message written field by field, by the field numbers of the public onnx.proto: ONNX needs only
/// a handful of its messages, so they are written here rather than generated from the whole schema.
/// </summary>
internal sealed class ProtoMessage
{
    readonly MemoryStream _bytes = new();
    readonly CodedOutputStream _out;

    public ProtoMessage() => _out = new CodedOutputStream(_bytes, leaveOpen: true);

    public ProtoMessage Int64(int field, long value)
    {
        _out.WriteTag(field, WireFormat.WireType.Varint);
        _out.WriteInt64(value);
        return this;
    }

    public ProtoMessage Float(int field, float value)
    {
        _out.WriteTag(field, WireFormat.WireType.Fixed32);
        _out.WriteFloat(value);
        return this;
    }

    public ProtoMessage String(int field, string value)
    {
        _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _out.WriteString(value);
        return this;
    }

    public ProtoMessage Bytes(int field, ReadOnlySpan<byte> value)
    {
        _out.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _out.WriteBytes(ByteString.CopyFrom(value));
        return this;
    }

    /// <summary>A nested message: length-delimited, as every message-typed field is.</summary>
    public ProtoMessage Message(int field, ProtoMessage value) => Bytes(field, value.ToBytes());

    public byte[] ToBytes()
    {
        _out.Flush();
        return _bytes.ToArray();
    }
}
