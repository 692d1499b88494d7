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
