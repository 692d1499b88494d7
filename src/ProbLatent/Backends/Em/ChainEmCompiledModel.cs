using System.Diagnostics;
using ProbLatent.Data;
using ProbLatent.Modeling;

namespace ProbLatent.Backends.Em;

/// <summary>
/// Baum–Welch in the shared fit loop: restarts of <see cref="ChainEmRun"/> over sequences, the convergence rule per step
/// (|Δ| / steps &lt; tolerance), progress and cancellation as every iterative fit has them. A <see cref="DataMatrix"/> is one
/// sequence in row order.
/// </summary>
internal sealed class ChainEmCompiledModel(Model model, HiddenMarkovEm algorithm, EmOptions options) : IterativeCompiledModel(model, "em", options)
{
    public override FitResult FitSequences(SequenceData data, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckData(data.Steps);
        return Loop(data.Steps.Rows, data.Steps.GivenColumnNames, (restart, random) => new ChainEmRun(algorithm, data, restart, random, options.Regularization),
            Stopwatch.StartNew(), TimeSpan.Zero, progress, cancellation);
    }

    protected override IFitRun Start(DataMatrix data, int restart, Random random) =>
        new ChainEmRun(algorithm, SequenceData.Single(data), restart, random, options.Regularization);
}
