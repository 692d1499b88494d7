using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Shards;

/// <summary>
/// The all-reduce of a streamed EM sweep: given the parameters every shard is sent, the shards' statistics summed in shard
/// order (never in the order they arrive, so a fit over shards on several machines is the fit over the same shards on one).
/// Behind it sit the blocks of one source read here (<see cref="SourceSweep"/>), shards on this machine's threads
/// (<see cref="LocalShards"/>) or shards on other machines (the ProbLatent.Distributed package).
/// </summary>
internal interface ISweepExecutor
{
    /// <summary>What the data is called in messages: a source's name, or the shards and where they are.</summary>
    string Name { get; }

    /// <summary>Every row, when they are one matrix in memory (the fit then reports q(z) of each); else null.</summary>
    DataMatrix? Held { get; }

    /// <summary>The E step's statistics of every row under <paramref name="current"/>, summed in shard order, and the rows they cover.</summary>
    ShardSums Sweep(ILatentModel current, CancellationToken cancellation);

    /// <summary>The ELBO terms of <paramref name="model"/> under the E step of <paramref name="previous"/> and q(z)'s expected counts, summed in shard order.</summary>
    ShardFinal Final(ILatentModel previous, ILatentModel model, CancellationToken cancellation);
}

/// <summary>A sweep's statistics and the number of rows they were gathered over.</summary>
internal sealed record ShardSums(MixtureSums Sums, long Rows)
{
    /// <summary>Adds <paramref name="other"/> into these statistics (the caller adds in shard order).</summary>
    public ShardSums Plus(ShardSums other)
    {
        Sums.Add(other.Sums);
        return new ShardSums(Sums, Rows + other.Rows);
    }
}

/// <summary>The ELBO terms and expected counts Σₙ q(zₙ = k) of some rows.</summary>
internal sealed record ShardFinal(ElboTerms Elbo, double[] Counts)
{
    public ShardFinal Plus(ShardFinal other)
    {
        var counts = Counts.ToArray();
        for (int k = 0; k < counts.Length; k++) counts[k] += other.Counts[k];
        return new ShardFinal(Elbo + other.Elbo, counts);
    }
}
