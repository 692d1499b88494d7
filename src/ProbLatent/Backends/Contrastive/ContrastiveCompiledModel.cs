using System.Diagnostics;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Backends.Contrastive;

/// <summary>
/// A restricted Boltzmann machine compiled for contrastive training. A fit runs every epoch, each over the points in a
/// new seeded order, and reports after each one the mean pseudo-log-likelihood of a fixed set of monitored points (the
/// trace, and the progress' objective). Its result holds log p(v) exactly when the smaller layer has at most
/// <see cref="RestrictedBoltzmannMachine.MaxExactUnits"/> units (with the ELBO of the exact posterior, equal to it), by AIS
/// when <see cref="ContrastiveOptions.Ais"/> asks, and none otherwise.
/// </summary>
/// <remarks>
/// Cancellation stops after the current minibatch; the fit returns the machine as it stands (not converged) once an
/// epoch has ended, and throws <see cref="OperationCanceledException"/> before. A diverging update throws
/// <see cref="ContrastiveDivergedException"/> with the machine before it.
/// </remarks>
public sealed class ContrastiveCompiledModel : CompiledModel
{
    internal ContrastiveCompiledModel(Model model, ContrastiveOptions options) : base(model, "contrastive")
    {
        Options = options;
        Hidden = model.SingleLatent.Prior.Dimension;
    }

    public ContrastiveOptions Options { get; }

    /// <summary>The number of hidden units.</summary>
    public int Hidden { get; }

    public override FitResult Fit(DataMatrix data, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        CheckData(data);
        var clock = Stopwatch.StartNew();
        int rows = data.Rows, batch = Math.Min(Options.BatchSize, rows);
        var trainer = new ContrastiveTrainer(data.Columns, Hidden, batch, BaseRates.Logits(data), Options);
        var shuffle = new Random(Options.Seed + 1);
        var order = Enumerable.Range(0, rows).ToArray();
        var monitored = data.SelectRows(order.OrderBy(_ => shuffle.Next()).Take(Math.Min(Options.MonitorRows, rows)).Order().ToArray());
        double Monitor() => trainer.Machine().PseudoLogLikelihoods(monitored, Options.Seed).Average();
        var trace = new List<double> { Monitor() };
        var setup = clock.Elapsed;
        int epochs = 0;
        bool cancelled = false;
        for (int epoch = 1; epoch <= Options.Epochs && !cancelled; epoch++)
        {
            shuffle.Shuffle(order);
            int batches = (rows + batch - 1) / batch;
            for (int b = 0; b < batches; b++)
            {
                if (cancellation.IsCancellationRequested)
                {
                    cancelled = true;
                    break;
                }
                int start = b * batch;
                trainer.Step(data, order, start, Math.Min(batch, rows - start), epoch, b + 1);
            }
            if (cancelled) break;
            epochs = epoch;
            trace.Add(Monitor());
            progress?.Report(new FitProgress(epoch, Options.Epochs, trace[^1], clock.Elapsed, Unit: ProgressUnit.Epoch));
        }
        if (epochs == 0) throw new OperationCanceledException("the contrastive fit was cancelled before its first epoch ended", cancellation);
        var machine = trainer.Machine();
        var posterior = machine.Posterior(data);
        double? logLikelihood = null, standardError = null;
        int? samples = null;
        ElboTerms? elbo = null;
        if (machine.HasExactPartition)
        {
            logLikelihood = machine.PointLogLikelihoods(data).Sum();
            elbo = machine.Elbo(data, posterior);
        }
        else if (Options.Ais is { } ais)
        {
            var estimate = machine.EstimateLogPartition(ais, data, cancellation);
            logLikelihood = machine.LogLikelihoods(data, estimate).Sum();
            standardError = rows * estimate.StandardError;
            samples = estimate.Chains;
        }
        clock.Stop();
        var result = new FitResult
        {
            Backend = Backend,
            Model = Model,
            Parameters = machine,
            DataCount = rows,
            ColumnNames = data.GivenColumnNames,
            LatentPosterior = posterior,
            Trace = trace,
            Iterations = epochs,
            Unit = ProgressUnit.Epoch,
            Converged = !cancelled,
            WallTime = clock.Elapsed,
            SetupTime = setup,
            LogLikelihoodSamples = samples,
            LogLikelihoodStandardError = standardError ?? 0,
        };
        if (logLikelihood is { } total) result = result with { LogLikelihood = total };
        if (elbo is not null) result = result with { Elbo = elbo };
        return result;
    }
}
