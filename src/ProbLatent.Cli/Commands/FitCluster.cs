using ProbLatent.Backends;
using ProbLatent.Cli.Options;
using ProbLatent.Cli.Output;
using ProbLatent.Distributed;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent fit … --cluster HOST:PORT,…</c>: EM or VMP over the shards the listed workers hold (<c>problatent worker</c>), each
/// sweep's progress on standard error — the sweep, log p(x) + log p(θ) and the workers that answered it — then the fit as
/// <c>fit</c> prints it.
/// </summary>
public static class FitCluster
{
    public static int Run(CliContext context, ModelOptions modelOptions, BackendOptions backendOptions, string? backendName, string cluster, string? outFile)
    {
        if (modelOptions.DataFile is not null || modelOptions.Example is not null)
            throw new UsageException("--cluster fits the shards the workers hold: give no --data or --example (each worker was given its files)");
        modelOptions.Validate(dataElsewhere: true);
        var kind = modelOptions.Kind;
        if (kind is not (ModelKind.Gmm or ModelKind.BernoulliMixture or ModelKind.Ppca or ModelKind.Fa))
            throw new UsageException($"--cluster fits gmm, bernoulli-mixture, ppca and fa by EM or VMP, not {kind.Name()}");
        var name = backendName ?? BackendOptions.DefaultFor(kind);
        if (name is not ("em" or "vmp")) throw new UsageException($"--cluster runs --backend em or vmp; {name} does not fit over a cluster's shards");
        backendOptions.CheckApplyTo(name);
        var workers = ClusterAddress.List(cluster);
        if (outFile is not null) OutputFile.Check(outFile, []);
        var shards = ClusterShards.Connect(workers, ClusterOptions.Default).GetAwaiter().GetResult();
        try
        {
            context.Error.WriteLine($"cluster: {shards.Name}");
            IReadOnlyList<string> answered = [];
            shards.SweepAnswered = who => answered = who;
            var progress = new Progress(context.Error, name == "vmp" ? "ELBO" : "log p(x) + log p(θ)", () => answered);
            var compiled = modelOptions.ToModel(shards.ColumnNames.Count).Compile(backendOptions.Create(name, kind, 0));
            var fit = compiled.FitShards(shards, progress, context.Cancellation);
            FitCommand.Print(context.Output, fit);
            if (outFile is not null)
            {
                context.Saves.Write(outFile, () => fit.Save(outFile));
                context.Output.WriteLine();
                context.Output.WriteLine($"saved the fitted {fit.Parameters.Family} to {outFile}");
            }
            if (context.Cancellation.IsCancellationRequested)
            {
                context.Error.WriteLine($"error: cancelled; the fit above stopped early, after {fit.Iterations} iterations, the last complete sweep's");
                return ExitCodes.Cancelled;
            }
            return ExitCodes.Success;
        }
        finally
        {
            shards.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>
    /// One line per sweep: the iteration, the objective (<paramref name="objective"/> names it: EM's log p(x) + log p(θ), VMP's
    /// ELBO) and the workers that answered (synchronous, so the lines keep their order). PPCA and factor analysis, by EM or VMP,
    /// iterate on the shards' mean and covariance, which the start asked for, and ask the workers nothing per iteration: their
    /// lines say so.
    /// </summary>
    sealed class Progress(TextWriter error, string objective, Func<IReadOnlyList<string>> answered) : IProgress<FitProgress>
    {
        public void Report(FitProgress value)
        {
            var who = answered();
            error.WriteLine(who.Count == 0
                ? $"iteration {value.Iteration} (restart {value.Restart + 1} of {value.Restarts}): {objective} = {Format.Total(value.Objective)}; " +
                  "on the shards' mean and covariance, no sweep asked"
                : $"sweep {value.Iteration} (restart {value.Restart + 1} of {value.Restarts}): {objective} = {Format.Total(value.Objective)}; " +
                  $"answered: {string.Join(", ", who)}");
        }
    }
}
