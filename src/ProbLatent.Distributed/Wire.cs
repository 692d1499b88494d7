using Akka.Actor;
using Akka.Serialization;
using ProbLatent.Backends.Shards;

namespace ProbLatent.Distributed;

/// <summary>The messages between a coordinator and its workers, all written by <see cref="WireSerializer"/>.</summary>
internal interface IWireMessage;

/// <summary>The coordinator's first word: the protocol and library it runs, which the worker must run too.</summary>
internal sealed record Hello(string Version) : IWireMessage;

/// <summary>The worker's answer: its shards and their columns, or why it refuses (a version mismatch).</summary>
internal sealed record Welcome(string Version, string? Refusal, string[] Columns, bool HasColumnNames, string[] Shards) : IWireMessage;

/// <summary>One question to one shard, its payload the core library's (<see cref="ShardAnswers"/>), moved as it is.</summary>
internal sealed record ShardRequest(long Id, ShardQuestion Question, string Shard, byte[] Payload) : IWireMessage;

/// <summary>A shard's answer, or the error its data raised (not retried elsewhere: it is the data, not the worker).</summary>
internal sealed record ShardAnswer(long Id, string Shard, byte[] Payload, string? Error) : IWireMessage;

/// <summary>Stops the worker's work on request <see cref="Id"/> (the coordinator's fit was cancelled).</summary>
internal sealed record Cancel(long Id) : IWireMessage;

/// <summary>
/// Writes the messages as compact binary (a tag byte, then little-endian fields; payloads as length and bytes), so a sweep
/// sends the parameters and the statistics' doubles and little else, never JSON.
/// </summary>
internal sealed class WireSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public override int Identifier => 7117;

    public override string Manifest(object o) => o switch
    {
        Hello => "H", Welcome => "W", ShardRequest => "R", ShardAnswer => "A", Cancel => "C",
        _ => throw new ArgumentException($"not a ProbLatent wire message: {o.GetType().Name}"),
    };

    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
            switch (obj)
            {
                case Hello h: w.Write(h.Version); break;
                case Welcome m:
                    w.Write(m.Version);
                    w.Write(m.Refusal ?? "");
                    Strings(w, m.Columns);
                    w.Write(m.HasColumnNames);
                    Strings(w, m.Shards);
                    break;
                case ShardRequest r:
                    w.Write(r.Id);
                    w.Write((byte)r.Question);
                    w.Write(r.Shard);
                    Bytes(w, r.Payload);
                    break;
                case ShardAnswer a:
                    w.Write(a.Id);
                    w.Write(a.Shard);
                    Bytes(w, a.Payload);
                    w.Write(a.Error ?? "");
                    break;
                case Cancel c: w.Write(c.Id); break;
                default: throw new ArgumentException($"not a ProbLatent wire message: {obj.GetType().Name}");
            }
        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        return manifest switch
        {
            "H" => new Hello(r.ReadString()),
            "W" => new Welcome(r.ReadString(), Empty(r.ReadString()), Strings(r), r.ReadBoolean(), Strings(r)),
            "R" => new ShardRequest(r.ReadInt64(), (ShardQuestion)r.ReadByte(), r.ReadString(), Bytes(r)),
            "A" => new ShardAnswer(r.ReadInt64(), r.ReadString(), Bytes(r), Empty(r.ReadString())),
            "C" => new Cancel(r.ReadInt64()),
            _ => throw new ArgumentException($"unknown ProbLatent wire message '{manifest}'"),
        };
    }

    static string? Empty(string text) => text.Length == 0 ? null : text;

    static void Strings(BinaryWriter w, string[] values)
    {
        w.Write(values.Length);
        foreach (var v in values) w.Write(v);
    }

    static string[] Strings(BinaryReader r)
    {
        var values = new string[r.ReadInt32()];
        for (int i = 0; i < values.Length; i++) values[i] = r.ReadString();
        return values;
    }

    static void Bytes(BinaryWriter w, byte[] values)
    {
        w.Write(values.Length);
        w.Write(values);
    }

    static byte[] Bytes(BinaryReader r) => r.ReadBytes(r.ReadInt32());
}
