using System.Diagnostics;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Backends.Em;

/// <summary>
/// The EM loop shared by every family: seeded restarts, each iterating E and M steps until the objective
/// per data point rises by less than the tolerance, keeping the restart with the best objective.
/// </summary>
internal sealed class EmCompiledModel(Model model, EmAlgorithm algorithm, EmOptions options) : CompiledModel(model, "em")
{
    public EmOptions Options { get; } = options;

    TimeSpan _setup;

    public override FitResult Fit(DataMatrix data, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        CheckData(data);
        var clock = Stopwatch.StartNew();
        _setup = TimeSpan.Zero;
        var seeds = new Random(Options.Seed);
        Run? best = null;
        for (int restart = 0; restart < Options.Restarts; restart++)
        {
            var run = RunOnce(data, new Random(seeds.Next()), restart, progress, clock, cancellation);
            if (best is null || run.Objective > best.Objective) best = run;
            if (cancellation.IsCancellationRequested) break;
        }
        clock.Stop();
        return new FitResult
        {
            Backend = Backend,
            Model = Model,
            Parameters = best!.Model,
            DataCount = data.Rows,
            ColumnNames = data.GivenColumnNames,
            LogLikelihood = best.LogLikelihood,
            Elbo = best.Model.Elbo(data, best.LastPosterior),
            LatentPosterior = best.LastPosterior,
            Trace = best.Trace,
            Iterations = best.Iterations,
            Converged = best.Converged,
            WallTime = clock.Elapsed,
            SetupTime = _setup,
        };
    }

    sealed record Run(ILatentModel Model, IPosterior LastPosterior, double LogLikelihood, double Objective, List<double> Trace, int Iterations, bool Converged);

    /// <summary>
    /// One restart. Each iteration moves θₜ to θₜ₊₁ (M step with the q of θₜ) and evaluates θₜ₊₁ exactly (E step).
    /// The reported ELBO is that of the last M step's q under the final θ: a true lower bound on log p(x | θ),
    /// whose gap is the KL divergence the last step left between q and the new posterior.
    /// </summary>
    Run RunOnce(DataMatrix data, Random random, int restart, IProgress<FitProgress>? progress, Stopwatch clock, CancellationToken cancellation)
    {
        var setupStart = clock.Elapsed;
        var model = Guard(() => algorithm.Initialize(data, random), 0, restart);
        _setup += clock.Elapsed - setupStart;
        var (posterior, logLikelihood) = algorithm.Expect(model, data);
        var trace = new List<double> { Objective(model, logLikelihood, 0, restart) };
        IPosterior previous = posterior;
        bool converged = false;
        int iteration = 0;
        while (iteration < Options.MaxIterations && !cancellation.IsCancellationRequested)
        {
            iteration++;
            model = Guard(() => algorithm.Maximize(model, data, posterior), iteration, restart);
            previous = posterior;
            (posterior, logLikelihood) = algorithm.Expect(model, data);
            trace.Add(Objective(model, logLikelihood, iteration, restart));
            progress?.Report(new FitProgress(iteration, Options.MaxIterations, trace[^1], clock.Elapsed, restart, Options.Restarts));
            if ((trace[^1] - trace[^2]) / data.Rows < Options.Tolerance)
            {
                converged = true;
                break;
            }
        }
        return new Run(model, previous, logLikelihood, trace[^1], trace, iteration, converged);
    }

    /// <summary>Runs an M step (or the initial one), turning a singular covariance into a diverged-fit error that says what to do.</summary>
    ILatentModel Guard(Func<ILatentModel> step, int iteration, int restart)
    {
        try
        {
            return step();
        }
        catch (NotPositiveDefiniteException e)
        {
            throw new FitDivergedException("em", iteration,
                $"{e.Message} after the M step (restart {restart}): it collapsed onto too few distinct points; " +
                $"raise the regularization (now {Options.Regularization}) or use fewer components");
        }
    }

    double Objective(ILatentModel model, double logLikelihood, int iteration, int restart)
    {
        double objective = logLikelihood + algorithm.LogPrior(model);
        if (!double.IsFinite(objective))
            throw new FitDivergedException("em", iteration, $"log p(x) + log p(θ) is {objective} (restart {restart}); check the data's scale or raise the regularization");
        return objective;
    }
}
