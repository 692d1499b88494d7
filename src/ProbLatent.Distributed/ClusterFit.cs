using ProbLatent.Backends;
using ProbLatent.Backends.Shards;

namespace ProbLatent.Distributed;

/// <summary>
/// Fits a compiled model over the shards of a cluster's workers: EM or VMP for a Gaussian (full or diagonal) or Bernoulli
/// mixture, one sweep per iteration (VMP's: q(θ) updated here, one pass of its plate over the shards), and EM or VMP for PPCA
/// and factor analysis, which ask the shards only the start's passes and iterate on their mean and covariance. The same
/// model, seed and shards give the fit <c>FitShards</c> gives over the same shards on one machine, whichever workers hold them.
/// </summary>
public static class ClusterFit
{
    /// <param name="workers">The workers, HOST:PORT each (see <see cref="ShardWorker"/>).</param>
    /// <param name="answered">Told after each sweep which workers answered it.</param>
    /// <exception cref="WorkerRefusedException">A worker is not there, runs another version, or holds shards of other columns.</exception>
    /// <exception cref="ShardsLostException">Workers stopped answering and no other holds some of their shards.</exception>
    public static async Task<FitResult> Fit(CompiledModel compiled, IReadOnlyList<string> workers, ClusterOptions? options = null,
        IProgress<FitProgress>? progress = null, Action<IReadOnlyList<string>>? answered = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        await using var shards = await ClusterShards.Connect(workers, options ?? ClusterOptions.Default);
        shards.SweepAnswered = answered;
        return await Task.Run(() => compiled.FitShards(shards, progress, cancellation), CancellationToken.None);
    }
}
