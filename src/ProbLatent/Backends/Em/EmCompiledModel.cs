using ProbLatent.Data;
using ProbLatent.Modeling;

namespace ProbLatent.Backends.Em;

/// <summary>EM for every family: the shared fit loop over restarts of <see cref="EmRun"/>.</summary>
internal sealed class EmCompiledModel(Model model, EmAlgorithm algorithm, EmOptions options) : IterativeCompiledModel(model, "em", options)
{
    public EmOptions Options { get; } = options;

    protected override IFitRun Start(DataMatrix data, int restart, Random random) =>
        new EmRun(algorithm.For(data), data, restart, random, Options.Regularization);
}
