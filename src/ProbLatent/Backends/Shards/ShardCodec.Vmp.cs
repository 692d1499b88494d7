using ProbLatent.Backends.Vmp.Passes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Shards;

/// <summary>The messages of a VMP plate's pass over shards: the request (kernels, states, start), the totals, and a score.</summary>
internal static partial class ShardCodec
{
    const byte Weights = 1, GaussianGate = 2, BernoulliGate = 3;
    const byte NoStart = 0, Given = 1, NearestCentre = 2;

    public static byte[] PlatePass(PlatePassRequest request) => Write(w =>
    {
        w.Write(request.States);
        w.Write(request.Kernels.Count);
        foreach (var kernel in request.Kernels) Kernel(w, kernel);
        switch (request.Start)
        {
            case null:
                w.Write(NoStart);
                break;
            case GivenStart given:
                w.Write(Given);
                Doubles(w, given.Probabilities);
                break;
            case NearestCentreStart nearest:
                w.Write(NearestCentre);
                Doubles(w, nearest.Centres);
                w.Write(nearest.ColumnWeights is not null);
                if (nearest.ColumnWeights is { } weights) Doubles(w, weights);
                break;
            default:
                throw new ArgumentException($"shards are sent given and nearest-centre starts, not {request.Start.GetType().Name}");
        }
    });

    public static PlatePassRequest PlatePassRequest(byte[] bytes) => Read(bytes, r =>
    {
        int states = r.ReadInt32();
        var kernels = new ITravellingKernel[r.ReadInt32()];
        for (int f = 0; f < kernels.Length; f++) kernels[f] = Kernel(r);
        byte start = r.ReadByte();
        PlateStart? read = start switch
        {
            NoStart => null,
            Given => new GivenStart(Doubles(r), states),
            NearestCentre => new NearestCentreStart(Doubles(r), states, r.ReadBoolean() ? Doubles(r) : null),
            _ => throw new InvalidDataException($"shard message: unknown plate start {start}"),
        };
        return new PlatePassRequest(kernels, states, read);
    });

    static void Kernel(BinaryWriter w, ITravellingKernel kernel)
    {
        switch (kernel)
        {
            case WeightsKernel weights:
                w.Write(Weights);
                Doubles(w, weights.MeanLog);
                break;
            case GaussianGateKernel gate:
                var g = gate.Whitened;
                w.Write(GaussianGate);
                w.Write(g.Components);
                w.Write(g.Dimension);
                w.Write(g.IsFull);
                w.Write(g.IsUpper);
                w.Write(g.Centres.Length > 0);
                w.Write(g.Offsets.Length > 0);
                Doubles(w, g.Transforms);
                Doubles(w, g.Centres);
                Doubles(w, g.Offsets);
                Doubles(w, g.Constants);
                break;
            case BernoulliGateKernel bernoulli:
                w.Write(BernoulliGate);
                Doubles(w, bernoulli.LogOddsByColumn);
                Doubles(w, bernoulli.Offsets);
                break;
            default:
                throw new ArgumentException($"shards are sent the kernels of mixture weights and Gaussian and Bernoulli gates, not {kernel.GetType().Name}");
        }
    }

    static ITravellingKernel Kernel(BinaryReader r)
    {
        byte kind = r.ReadByte();
        switch (kind)
        {
            case Weights:
                return new WeightsKernel(Doubles(r));
            case GaussianGate:
                int k = r.ReadInt32(), d = r.ReadInt32();
                bool full = r.ReadBoolean(), upper = r.ReadBoolean(), centred = r.ReadBoolean(), offsets = r.ReadBoolean();
                var whitened = new WhitenedGaussians(k, d, full, upper, centred, offsets);
                Into(r, whitened.Transforms);
                Into(r, whitened.Centres);
                Into(r, whitened.Offsets);
                Into(r, whitened.Constants);
                return new GaussianGateKernel(whitened);
            case BernoulliGate:
                var logOdds = Doubles(r);
                return new BernoulliGateKernel(logOdds, Doubles(r));
            default:
                throw new InvalidDataException($"shard message: unknown plate kernel {kind}");
        }
    }

    /// <summary>Reads an array into <paramref name="target"/>, refusing one of another length.</summary>
    static void Into(BinaryReader r, double[] target)
    {
        var values = Doubles(r);
        if (values.Length != target.Length) throw new InvalidDataException($"shard message: {values.Length} values where the kernel holds {target.Length}");
        values.CopyTo(target, 0);
    }

    public static byte[] Totals(double[] totals) => Write(w => Doubles(w, totals));

    public static double[] Totals(byte[] bytes) => Read(bytes, Doubles);

    public static byte[] Score(double score) => Write(w => w.Write(score));

    public static double Score(byte[] bytes) => Read(bytes, r => r.ReadDouble());
}
