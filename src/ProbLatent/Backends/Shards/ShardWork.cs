using System.Runtime.InteropServices;
using ProbLatent.Backends.Em;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Backends.Shards;

/// <summary>
/// What one shard computes from its own rows, wherever it is: the start's passes and a sweep's statistics. Each sums its
/// blocks in block order, so a shard's answer is the same on every machine that holds the same rows.
/// </summary>
internal static class ShardWork
{
    /// <summary>The rows and Σₙ xₙ, every block checked as <see cref="SourceStart"/> checks it (no missing cell; binary or in a Gaussian fit's range).</summary>
    public static ShardSummary Describe(DataSource shard, bool binary, CancellationToken cancellation)
    {
        var sums = new double[shard.Columns];
        long rows = 0;
        foreach (var block in shard.Blocks(cancellation))
        {
            var data = block.Data;
            data.RefuseMissing(SourceStart.MissingRefuser);
            SourceStart.Check(data, binary);
            for (int n = 0; n < data.Rows; n++, rows++)
            {
                var row = data.Row(n);
                for (int j = 0; j < sums.Length; j++) sums[j] += row[j];
            }
        }
        return new ShardSummary(rows, sums);
    }

    /// <summary>
    /// The first <see cref="ShardSampleRequest.Quota"/> rows, each later row taking a uniform slot with the request's seed
    /// (Vitter's algorithm R, as <see cref="SourceStart"/> draws), and the squared deviations (and cross products) about the means when asked.
    /// </summary>
    public static ShardSample Sample(DataSource shard, ShardSampleRequest request, CancellationToken cancellation)
    {
        int d = shard.Columns;
        var held = new List<double>();
        var random = new Random(request.Seed);
        var deviations = request.Means is null ? [] : new double[d];
        var cross = request.Means is not null && request.Covariance ? new double[d * d] : [];
        var deviation = new double[d];
        long count = 0;
        foreach (var block in shard.Blocks(cancellation))
            for (int n = 0; n < block.Data.Rows; n++, count++)
            {
                var row = block.Data.Row(n);
                if (request.Means is { } means)
                    for (int j = 0; j < d; j++)
                    {
                        deviation[j] = row[j] - means[j];
                        deviations[j] += deviation[j] * deviation[j];
                    }
                if (cross.Length > 0)
                    for (int a = 0; a < d; a++)
                        for (int b = 0; b <= a; b++) cross[a * d + b] += deviation[a] * deviation[b];
                if (count < request.Quota) held.AddRange(row);
                else if (random.NextInt64(count + 1) is var slot && slot < request.Quota)
                    row.CopyTo(CollectionsMarshal.AsSpan(held).Slice((int)slot * d, d));
            }
        return new ShardSample(held.ToArray(), deviations, cross, count);
    }

    /// <summary>The E step's statistics of every block under <paramref name="current"/>, added in block order.</summary>
    public static ShardSums Statistics(DataSource shard, ILatentModel current, CancellationToken cancellation) =>
        Statistics(StatisticsOf(current), shard, current, cancellation);

    /// <summary>The statistics of <paramref name="algorithm"/> over every block of <paramref name="source"/>, added in block order.</summary>
    public static ShardSums Statistics(IStreamedEm algorithm, DataSource source, ILatentModel current, CancellationToken cancellation)
    {
        ShardSums? total = null;
        foreach (var block in source.Blocks(cancellation))
        {
            var sums = new ShardSums(algorithm.Statistics(current, block.Data), block.Data.Rows);
            total = total is null ? sums : total.Plus(sums);
        }
        return total ?? throw new DataException("the data set is empty (no rows)", source.Name);
    }

    /// <summary>The ELBO terms of <paramref name="model"/> under the q(z) of <paramref name="previous"/> and their expected counts, added in block order.</summary>
    public static ShardFinal Final(DataSource source, ILatentModel previous, ILatentModel model, CancellationToken cancellation)
    {
        var before = (DiscreteLatentModel)previous;
        ShardFinal? total = null;
        foreach (var block in source.Blocks(cancellation))
        {
            var q = (DiscretePosterior)before.Posterior(block.Data);
            var final = new ShardFinal(model.Elbo(block.Data, q), q.ExpectedCounts());
            total = total is null ? final : total.Plus(final);
        }
        return total ?? throw new DataException("the data set is empty (no rows)", source.Name);
    }

    /// <summary>The totals of one pass of a VMP plate over the shard's blocks, as a plate over a source read here adds them (<see cref="Vmp.Passes.PlatePass"/>).</summary>
    public static double[] PlatePass(DataSource shard, PlatePassRequest request, CancellationToken cancellation) =>
        Vmp.Passes.PlatePass.Over(request.Kernels, request.States, shard, request.Start, cancellation);

    /// <summary>Σₙ log p(xₙ) under <paramref name="model"/> over the shard's rows, in row order.</summary>
    public static double Score(DataSource shard, ILatentModel model, CancellationToken cancellation) =>
        SourceScore.Of(model, shard, cancellation: cancellation).Total;

    /// <summary>
    /// The E step a shard runs for <paramref name="current"/>: its statistics depend only on the family, the number of
    /// components and the covariance form, not on the ridge or priors the coordinator's M step holds.
    /// </summary>
    static IStreamedEm StatisticsOf(ILatentModel current) => current switch
    {
        GaussianMixture g => new GaussianMixtureEm(g.Components, g.CovarianceKind, 0, MixturePriors.None),
        BernoulliMixture b => new BernoulliMixtureEm(b.Components, 0, MixturePriors.None),
        _ => throw new ArgumentException($"a shard gathers the statistics of Gaussian and Bernoulli mixtures, not of {current.GetType().Name}"),
    };
}
