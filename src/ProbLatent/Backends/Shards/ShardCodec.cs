using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Shards;

/// <summary>
/// The shards' questions and answers as compact binary: a version byte, then fixed fields and arrays of float64, all
/// little-endian (BinaryWriter's layout on every platform), each array preceded by its length. A model travels as the arrays
/// it was built from, so the one a shard rebuilds computes the coordinator's numbers bit for bit.
/// </summary>
internal static partial class ShardCodec
{
    /// <summary>
    /// The layout's version; a reader refuses another. Version 2 added a VMP plate's pass and the score; version 3 sends a
    /// sample's cross products as their lower triangle, d(d+1)/2 numbers (PPCA's and factor analysis' S); version 4 adds the
    /// rows a sample's pass read.
    /// </summary>
    public const byte Version = 4;

    const byte Gaussian = 1, Bernoulli = 2;

    public static byte[] Model(ILatentModel model) => Write(w =>
    {
        switch (model)
        {
            case GaussianMixture g:
                w.Write(Gaussian);
                w.Write(g.Dimension);
                w.Write((byte)g.CovarianceKind);
                Doubles(w, g.Weights.ToArray());
                Doubles(w, g.MeansFlat);
                Doubles(w, g.CovariancesFlat);
                break;
            case BernoulliMixture b:
                w.Write(Bernoulli);
                w.Write(b.Dimension);
                Doubles(w, b.Weights.ToArray());
                Doubles(w, b.ProbabilitiesFlat);
                break;
            default:
                throw new ArgumentException($"shards are sent Gaussian and Bernoulli mixtures, not {model.GetType().Name}");
        }
    });

    public static ILatentModel Model(byte[] bytes) => Read(bytes, r =>
    {
        byte family = r.ReadByte();
        int d = r.ReadInt32();
        return family switch
        {
            Gaussian => GaussianMixture(r, d),
            Bernoulli => BernoulliMixture(r, d),
            _ => throw new InvalidDataException($"shard message: unknown model family {family}"),
        };
    });

    static ILatentModel GaussianMixture(BinaryReader r, int d)
    {
        var covariance = (Covariance)r.ReadByte();
        var weights = Doubles(r);
        var means = Doubles(r);
        return new GaussianMixture(weights, means, Doubles(r), d, covariance);
    }

    static ILatentModel BernoulliMixture(BinaryReader r, int d)
    {
        var weights = Doubles(r);
        return new BernoulliMixture(weights, Doubles(r), d);
    }

    public static byte[] Sums(ShardSums sums) => Write(w =>
    {
        var s = sums.Sums;
        w.Write(sums.Rows);
        w.Write(s.Components);
        w.Write(s.Dimension);
        w.Write((byte)s.Kind);
        Doubles(w, s.Centres);
        Doubles(w, s.Values);
    });

    public static ShardSums Sums(byte[] bytes) => Read(bytes, r =>
    {
        long rows = r.ReadInt64();
        int k = r.ReadInt32(), d = r.ReadInt32();
        var kind = (MixtureMoments.Second)r.ReadByte();
        var layout = new MixtureSums(k, d, kind, Doubles(r));
        return new ShardSums(layout.Over(Doubles(r)), rows);
    });

    public static byte[] Summary(ShardSummary summary) => Write(w =>
    {
        w.Write(summary.Rows);
        Doubles(w, summary.ColumnSums);
    });

    public static ShardSummary Summary(byte[] bytes) => Read(bytes, r => new ShardSummary(r.ReadInt64(), Doubles(r)));

    public static byte[] DescribeRequest(bool binary) => Write(w => w.Write(binary));

    public static bool DescribeRequest(byte[] bytes) => Read(bytes, r => r.ReadBoolean());

    public static byte[] SampleRequest(ShardSampleRequest request) => Write(w =>
    {
        w.Write(request.Quota);
        w.Write(request.Seed);
        w.Write(request.Means is not null);
        if (request.Means is { } means) Doubles(w, means);
        w.Write(request.Covariance);
    });

    public static ShardSampleRequest SampleRequest(byte[] bytes) =>
        Read(bytes, r => new ShardSampleRequest(r.ReadInt32(), r.ReadInt32(), r.ReadBoolean() ? Doubles(r) : null, r.ReadBoolean()));

    public static byte[] Sample(ShardSample sample) => Write(w =>
    {
        Doubles(w, sample.Rows);
        Doubles(w, sample.SquaredDeviations);
        Doubles(w, LowerTriangle(sample.CrossProducts));
        w.Write(sample.RowsRead);
    });

    public static ShardSample Sample(byte[] bytes) => Read(bytes, r => new ShardSample(Doubles(r), Doubles(r), FromLowerTriangle(Doubles(r)), r.ReadInt64()));

    /// <summary>The lower triangle of a d×d row-major matrix, row by row (empty for an empty one).</summary>
    static double[] LowerTriangle(double[] square)
    {
        int d = (int)Math.Round(Math.Sqrt(square.Length));
        var lower = new double[d * (d + 1) / 2];
        for (int a = 0, i = 0; a < d; a++)
            for (int b = 0; b <= a; b++) lower[i++] = square[a * d + b];
        return lower;
    }

    /// <summary>The d×d row-major matrix of a lower triangle, its upper triangle zero (as <see cref="ShardWork.Sample"/> leaves it).</summary>
    static double[] FromLowerTriangle(double[] lower)
    {
        int d = (int)Math.Round((Math.Sqrt(8.0 * lower.Length + 1) - 1) / 2);
        if (d * (d + 1) / 2 != lower.Length) throw new InvalidDataException($"shard message: {lower.Length} values are no lower triangle");
        var square = new double[d * d];
        for (int a = 0, i = 0; a < d; a++)
            for (int b = 0; b <= a; b++) square[a * d + b] = lower[i++];
        return square;
    }

    public static byte[] Final(ShardFinal final) => Write(w =>
    {
        w.Write(final.Elbo.ExpectedLogLikelihood);
        w.Write(final.Elbo.ExpectedLogPrior);
        w.Write(final.Elbo.Entropy);
        Doubles(w, final.Counts);
    });

    public static ShardFinal Final(byte[] bytes) => Read(bytes, r => new ShardFinal(new ElboTerms(r.ReadDouble(), r.ReadDouble(), r.ReadDouble()), Doubles(r)));

    public static byte[] Final((ILatentModel Previous, ILatentModel Model) models) => Write(w =>
    {
        var previous = Model(models.Previous);
        w.Write(previous.Length);
        w.Write(previous);
        w.Write(Model(models.Model));
    });

    public static (ILatentModel Previous, ILatentModel Model) FinalModels(byte[] bytes) => Read(bytes, r =>
    {
        var previous = r.ReadBytes(r.ReadInt32());
        var model = r.ReadBytes((int)(r.BaseStream.Length - r.BaseStream.Position));
        return (Model(previous), Model(model));
    });

    static byte[] Write(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Version);
            write(writer);
        }
        return stream.ToArray();
    }

    static T Read<T>(byte[] bytes, Func<BinaryReader, T> read)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        byte version = reader.ReadByte();
        if (version != Version) throw new InvalidDataException($"shard message of layout version {version}; this ProbLatent reads version {Version}");
        return read(reader);
    }

    static void Doubles(BinaryWriter w, ReadOnlySpan<double> values)
    {
        w.Write(values.Length);
        foreach (double v in values) w.Write(v);
    }

    static double[] Doubles(BinaryReader r)
    {
        var values = new double[r.ReadInt32()];
        for (int i = 0; i < values.Length; i++) values[i] = r.ReadDouble();
        return values;
    }
}
