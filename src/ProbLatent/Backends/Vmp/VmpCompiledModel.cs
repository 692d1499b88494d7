using ProbLatent.Backends.Vmp.Models;
using ProbLatent.Data;
using ProbLatent.Modeling;

namespace ProbLatent.Backends.Vmp;

/// <summary>VMP for every model: the shared fit loop over restarts of <see cref="VmpRun"/>, each on a factor graph built from its start.</summary>
/// <remarks>A start from a given fit is the same for every restart, so it runs once.</remarks>
internal sealed class VmpCompiledModel(Model model, Func<DataMatrix, Random, VmpModel> build, VmpOptions options)
    : IterativeCompiledModel(model, "vmp", options.StartFrom is null ? options : options with { Restarts = 1 })
{
    public VmpOptions Options { get; } = options;

    protected override IFitRun Start(DataMatrix data, int restart, Random random) => new VmpRun(() => build(data, random), data, restart);
}
