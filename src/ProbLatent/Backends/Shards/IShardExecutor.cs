using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Shards;

/// <summary>
/// Shards of one data set wherever they are, in a fixed order: the sweeps of <see cref="ISweepExecutor"/> and the two
/// passes a start reads (<see cref="ShardStart"/>), each answered shard by shard and returned in shard order.
/// </summary>
internal interface IShardExecutor : ISweepExecutor
{
    /// <summary>The columns every shard holds (checked alike before the fit).</summary>
    IReadOnlyList<string> ColumnNames { get; }

    bool HasColumnNames { get; }

    /// <summary>Each shard's rows and column sums, its values checked (see <see cref="ShardWork.Describe"/>).</summary>
    IReadOnlyList<ShardSummary> Describe(bool binary, CancellationToken cancellation);

    /// <summary>Each shard's sample for the start (<see cref="ShardWork.Sample"/>), <paramref name="requests"/> in shard order.</summary>
    IReadOnlyList<ShardSample> Sample(IReadOnlyList<ShardSampleRequest> requests, CancellationToken cancellation);

    /// <summary>The totals of one pass of a VMP plate (<see cref="ShardWork.PlatePass"/>), shard s sent <paramref name="request"/>(s), summed in shard order.</summary>
    double[] PlatePass(Func<int, PlatePassRequest> request, CancellationToken cancellation);

    /// <summary>Σₙ log p(xₙ) under <paramref name="model"/> over every shard's rows, summed in shard order.</summary>
    double Score(ILatentModel model, CancellationToken cancellation);
}

/// <summary>A shard's row count and Σₙ xₙ, summed row by row.</summary>
internal sealed record ShardSummary(long Rows, double[] ColumnSums);

/// <summary>
/// What a shard is asked for a start: <paramref name="Quota"/> rows (its first rows, then a reservoir drawn with
/// <paramref name="Seed"/>), and, when <paramref name="Means"/> are given, Σₙ (xₙⱼ − mⱼ)² about them, with the cross
/// products Σₙ (xₙₐ − mₐ)(xₙᵦ − mᵦ) when <paramref name="Covariance"/> is asked (a full-covariance VMP mixture's priors).
/// </summary>
internal sealed record ShardSampleRequest(int Quota, int Seed, double[]? Means, bool Covariance = false);

/// <summary>
/// A shard's sampled rows (row-major), its squared deviations about the means asked for (empty when none were), when
/// asked, the lower triangle of the cross products (d×d row-major, the upper triangle zero; else empty), and the rows the
/// pass read (checked against the first pass's: the deviations are only the data's when no row came or went between them).
/// </summary>
internal sealed record ShardSample(double[] Rows, double[] SquaredDeviations, double[] CrossProducts, long RowsRead);
