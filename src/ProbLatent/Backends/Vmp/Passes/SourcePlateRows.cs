using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Vmp.Passes;

/// <summary>The rows of a data source on this machine: in memory, or read block by block on each pass.</summary>
internal sealed class SourcePlateRows(DataSource source) : IPlateRows
{
    public string Name => source.Name;

    public long Count { get; } = source.CountRows();

    public DataMatrix? Held => (source as MatrixSource)?.Data;

    public double[] Pass(IReadOnlyList<IPlateKernel> kernels, int states, PlateStart? start) =>
        PlatePass.Over(kernels, states, source, start, CancellationToken.None);

    public double LogLikelihood(ILatentModel model) =>
        Held is { } held ? model.PointLogLikelihoods(held).Sum() : SourceScore.Of(model, source).Total;
}
