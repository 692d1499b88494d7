using System.Diagnostics;
using ProbLatent.Data;
using ProbLatent.Modeling;

namespace ProbLatent.Backends;

/// <summary>
/// The fit loop of the iterative backends (EM, VMP): seeded restarts, each iterating from its start until the
/// <see cref="Convergence"/> rule holds or the iterations run out, with a progress report per iteration; the restart
/// with the highest final objective is kept (the first of equals). A restart that diverges or collapses
/// (<see cref="FitDivergedException"/>, at its start or any iteration) is dropped and named in
/// <see cref="FitResult.DroppedRestarts"/>, as scikit-learn and mclust drop a degenerate start; the fit fails only when every
/// restart does, with each restart's reason.
/// </summary>
/// <remarks>
/// <para>
/// Cancellation stops the running restart after its current iteration and starts no other; the fit returns the best
/// restart that completed at least one iteration, not converged if it was the one stopped. A fit cancelled before its
/// first iteration has completed has nothing fitted to return, and throws <see cref="OperationCanceledException"/> —
/// as the reparameterized backend does before its first epoch ends.
/// </para>
/// <para>
/// The trace holds the objective at the start and after each iteration: one value more than the iterations.
/// A fit keeps its state in its runs (<see cref="IFitRun"/>), never in fields, so fits of one compiled model may run at once.
/// </para>
/// </remarks>
internal abstract class IterativeCompiledModel(Model model, string backend, IIterativeOptions options) : CompiledModel(model, backend)
{
    public override FitResult Fit(DataMatrix data, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        CheckData(data);
        return Loop(data.Rows, data.GivenColumnNames, (restart, random) => Start(data, restart, random), Stopwatch.StartNew(), TimeSpan.Zero, progress, cancellation);
    }

    /// <summary>
    /// The restarts over data of <paramref name="rows"/> rows, each from <paramref name="start"/>; <paramref name="clock"/> has
    /// run since the fit began, and <paramref name="setup"/> is the time it spent before the first restart (reading a source).
    /// </summary>
    protected FitResult Loop(int rows, IReadOnlyList<string>? columnNames, Func<int, Random, IFitRun> start, Stopwatch clock, TimeSpan setup,
        IProgress<FitProgress>? progress, CancellationToken cancellation)
    {
        var seeds = new Random(options.Seed);
        var dropped = new List<string>();
        var failures = new List<(int Restart, int Iteration, string Reason)>();
        string Dropped(int restart, FitDivergedException e)
        {
            var prefix = $"{Backend}: the fit diverged at iteration {e.Iteration}: ";
            var reason = e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message;
            failures.Add((restart, e.Iteration, reason));
            return $"restart {restart + 1} of {options.Restarts} collapsed at iteration {e.Iteration}: {reason}";
        }
        (IFitRun Run, List<double> Trace, int Iterations, bool Converged)? best = null;
        for (int restart = 0; restart < options.Restarts && !cancellation.IsCancellationRequested; restart++)
        {
            var setupStart = clock.Elapsed;
            var random = new Random(seeds.Next());
            IFitRun run;
            try
            {
                run = start(restart, random);
            }
            catch (FitDivergedException e)
            {
                dropped.Add(Dropped(restart, e));
                continue;
            }
            finally
            {
                setup += clock.Elapsed - setupStart;
            }
            var trace = new List<double> { run.Objective };
            bool converged = false, diverged = false;
            int iteration = 0;
            while (iteration < options.MaxIterations && !cancellation.IsCancellationRequested)
            {
                try
                {
                    run.Iterate(iteration + 1);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    // A run over data read in sweeps stops within a sweep and keeps its last complete iteration.
                    break;
                }
                catch (FitDivergedException e)
                {
                    dropped.Add(Dropped(restart, e));
                    diverged = true;
                    break;
                }
                iteration++;
                trace.Add(run.Objective);
                progress?.Report(new FitProgress(iteration, options.MaxIterations, run.Objective, clock.Elapsed, restart, options.Restarts));
                if (Convergence.Reached(trace[^2], trace[^1], rows, options.Tolerance))
                {
                    converged = true;
                    break;
                }
            }
            if (!diverged && iteration > 0 && (best is null || run.Objective > best.Value.Run.Objective)) best = (run, trace, iteration, converged);
        }
        if (best is null && failures.Count > 0 && !cancellation.IsCancellationRequested) throw EveryRestartFailed(failures);
        if (best is null) throw new OperationCanceledException($"the {Backend} fit was cancelled before its first iteration", cancellation);
        var found = best.Value.Run.Result();
        clock.Stop();
        return new FitResult
        {
            Backend = Backend,
            Model = Model,
            Parameters = found.Parameters,
            ParameterPosterior = found.ParameterPosterior,
            DataCount = rows,
            ColumnNames = columnNames,
            LogLikelihood = found.LogLikelihood,
            Elbo = found.Elbo,
            LatentPosterior = found.LatentPosterior,
            Trace = best.Value.Trace,
            Iterations = best.Value.Iterations,
            Converged = best.Value.Converged,
            WallTime = clock.Elapsed,
            SetupTime = setup,
            DroppedRestarts = dropped.ToArray(),
        };
    }

    /// <summary>
    /// The first restart's divergence, with where each other restart diverged and its reason where it differs from the
    /// first's (restarts of one model mostly collapse alike).
    /// </summary>
    FitDivergedException EveryRestartFailed(List<(int Restart, int Iteration, string Reason)> failures)
    {
        var (_, iteration, reason) = failures[0];
        if (failures.Count == 1) return new FitDivergedException(Backend, iteration, reason);
        var others = failures.Skip(1).Select(f => $"restart {f.Restart + 1} at iteration {f.Iteration}{(f.Reason == reason ? "" : $" ({f.Reason})")}");
        return new FitDivergedException(Backend, iteration,
            $"{reason}; every one of the {failures.Count} restarts diverged or collapsed, the others as: {string.Join(", ", others)}");
    }

    /// <summary>Builds restart <paramref name="restart"/>'s start on the data, drawing what is random from <paramref name="random"/>.</summary>
    protected abstract IFitRun Start(DataMatrix data, int restart, Random random);
}
