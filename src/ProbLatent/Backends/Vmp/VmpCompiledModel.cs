using System.Diagnostics;
using ProbLatent.Backends.Vmp.Models;
using ProbLatent.Data;
using ProbLatent.Modeling;

namespace ProbLatent.Backends.Vmp;

/// <summary>
/// The VMP loop shared by every model: seeded restarts, each sweeping the factor graph's schedule until the ELBO
/// changes by less than the tolerance, keeping the restart with the highest ELBO.
/// </summary>
internal sealed class VmpCompiledModel(Model model, Func<DataMatrix, Random, VmpModel> build, VmpOptions options) : CompiledModel(model, "vmp")
{
    public VmpOptions Options { get; } = options;

    public override FitResult Fit(DataMatrix data, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        CheckData(data);
        var clock = Stopwatch.StartNew();
        var seeds = new Random(Options.Seed);
        var setup = TimeSpan.Zero;
        (VmpModel Model, LatentModels.ElboTerms Elbo, List<double> Trace, int Iterations, bool Converged)? best = null;
        for (int restart = 0; restart < Options.Restarts && !cancellation.IsCancellationRequested; restart++)
        {
            var setupStart = clock.Elapsed;
            var vmp = build(data, new Random(seeds.Next()));
            setup += clock.Elapsed - setupStart;
            var trace = new List<double>();
            var elbo = vmp.Graph.Elbo(0);
            bool converged = false;
            int iteration = 0;
            while (iteration < Options.MaxIterations && !cancellation.IsCancellationRequested)
            {
                iteration++;
                try
                {
                    vmp.Graph.Sweep();
                }
                catch (Exception e) when (e is NotPositiveDefiniteException or ImproperPosteriorException)
                {
                    throw new FitDivergedException("vmp", iteration, $"{e.Message} (restart {restart}); check the priors and the data's scale");
                }
                elbo = vmp.Graph.Elbo(iteration);
                trace.Add(elbo.Value);
                progress?.Report(new FitProgress(iteration, Options.MaxIterations, elbo.Value, clock.Elapsed, restart, Options.Restarts));
                if (trace.Count >= 2 && Math.Abs(trace[^1] - trace[^2]) < Options.Tolerance)
                {
                    converged = true;
                    break;
                }
            }
            if (best is null || elbo.Value > best.Value.Elbo.Value) best = (vmp, elbo, trace, iteration, converged);
        }
        if (best is null) throw new OperationCanceledException("the VMP fit was cancelled before its first sweep", cancellation);
        var (fitted, bestElbo, bestTrace, iterations, isConverged) = best.Value;
        var posterior = fitted.ParameterPosterior();
        var parameters = posterior.Mean();
        clock.Stop();
        return new FitResult
        {
            Backend = Backend,
            Model = Model,
            Parameters = parameters,
            ParameterPosterior = posterior,
            DataCount = data.Rows,
            ColumnNames = data.GivenColumnNames,
            LogLikelihood = parameters.PointLogLikelihoods(data).Sum(),
            Elbo = bestElbo,
            LatentPosterior = fitted.LatentPosterior(),
            Trace = bestTrace,
            Iterations = iterations,
            Converged = isConverged,
            WallTime = clock.Elapsed,
            SetupTime = setup,
        };
    }
}
