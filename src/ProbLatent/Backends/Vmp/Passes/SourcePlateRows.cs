using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Vmp.Passes;

/// <summary>The rows of a data source on this machine: in memory, or read block by block on each pass.</summary>
/// <param name="cancellation">Stops a pass part way; the result's log-likelihood is always scored whole.</param>
internal sealed class SourcePlateRows(DataSource source, CancellationToken cancellation = default) : IPlateRows
{
    public string Name => source.Name;

    public long Count { get; } = source.CountRows();

    public DataMatrix? Held => (source as MatrixSource)?.Data;

    public double[] Pass(IReadOnlyList<IPlateKernel> kernels, int states, PlateStart? start) =>
        PlatePass.Over(kernels, states, source, start, cancellation);

    public double LogLikelihood(ILatentModel model) =>
        Held is { } held ? model.PointLogLikelihoods(held).Sum() : SourceScore.Of(model, source).Total;
}
