using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Vmp.Passes;

/// <summary>
/// The rows a VMP mixture's plate reads, wherever they are: held here as one matrix, a data source read in blocks here, or
/// shards held elsewhere (<see cref="Shards.ShardPlateRows"/>), each pass's totals summed in a fixed order.
/// </summary>
internal interface IPlateRows
{
    /// <summary>What the rows are called in messages.</summary>
    string Name { get; }

    long Count { get; }

    /// <summary>The rows as one matrix in memory, whose every q(zₙ) the plate keeps; null when they are read in passes.</summary>
    DataMatrix? Held { get; }

    /// <summary>The totals of one pass (<see cref="PlatePass"/>), with the expected counts, over rows not <see cref="Held"/>.</summary>
    double[] Pass(IReadOnlyList<IPlateKernel> kernels, int states, PlateStart? start);

    /// <summary>Σₙ log p(xₙ) under <paramref name="model"/>, the result's log-likelihood.</summary>
    double LogLikelihood(ILatentModel model);
}

/// <summary>The rows of a data source on this machine: in memory, or read block by block on each pass.</summary>
internal sealed class SourcePlateRows(DataSource source) : IPlateRows
{
    public string Name => source.Name;

    public long Count { get; } = source.CountRows();

    public DataMatrix? Held => (source as MatrixSource)?.Data;

    public DataSource Source => source;

    public double[] Pass(IReadOnlyList<IPlateKernel> kernels, int states, PlateStart? start) =>
        PlatePass.Over(kernels, states, source, start, CancellationToken.None);

    public double LogLikelihood(ILatentModel model) =>
        Held is { } held ? model.PointLogLikelihoods(held).Sum() : SourceScore.Of(model, source).Total;
}
