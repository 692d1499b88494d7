using System.Diagnostics;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends;

/// <summary>
/// The result of a fit by minibatch epochs (the contrastive and score-function backends), made in two steps: the fitted
/// parameters, to which the backend adds its estimates (log p(x), the ELBO), and then the training's record, last, so
/// that the wall time takes in the estimates.
/// </summary>
internal static class EpochFitResult
{
    /// <summary>The fitted parameters on the data, before any estimate or training record.</summary>
    public static FitResult Of(CompiledModel compiled, ILatentModel parameters, IPosterior posterior, DataMatrix data) => new()
    {
        Backend = compiled.Backend,
        Model = compiled.Model,
        Parameters = parameters,
        DataCount = data.Rows,
        ColumnNames = data.GivenColumnNames,
        LatentPosterior = posterior,
        Trace = [],
        Iterations = 0,
        Unit = ProgressUnit.Epoch,
        Converged = false,
        WallTime = default,
    };

    /// <summary>The result with its training: the trace, the epochs run, converged unless cancelled, and the clock, stopped now.</summary>
    public static FitResult Trained(this FitResult result, IReadOnlyList<double> trace, int epochs, bool cancelled, Stopwatch clock, TimeSpan setup)
    {
        clock.Stop();
        return result with
        {
            Trace = trace,
            Iterations = epochs,
            Converged = !cancelled,
            WallTime = clock.Elapsed,
            SetupTime = setup,
        };
    }
}
