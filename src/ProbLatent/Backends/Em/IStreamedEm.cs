using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// EM whose E step is a sum over blocks of rows: the statistics of a block given the current parameters, and the M step from
/// their sum. The seam where a data source read block by block plugs in (<see cref="StreamedEmRun"/>), and where shards on
/// other machines would: each computes its blocks' statistics under the parameters it is sent, and their sum, in a fixed
/// order, is the update's whole input.
/// </summary>
internal interface IStreamedEm
{
    /// <summary>Whether <see cref="Statistics"/> marginalises a block's missing cells (else it refuses them).</summary>
    bool StreamsMissing { get; }

    /// <summary>The E step's additive statistics over <paramref name="block"/> under <paramref name="current"/>, with Σ log p(x).</summary>
    MixtureSums Statistics(ILatentModel current, DataMatrix block);

    /// <summary>
    /// The M step from the statistics of every row, summed: <paramref name="rows"/> rows of the columns
    /// <paramref name="columnNames"/> (for the messages), all of them in <paramref name="held"/> when they are in memory, whose
    /// posterior rows <paramref name="heldPosterior"/> gives when they are not <paramref name="current"/>'s own (a chain's).
    /// </summary>
    ILatentModel Update(ILatentModel current, MixtureSums sums, IReadOnlyList<string> columnNames, long rows, DataMatrix? held,
        MixtureScatter.ResponsibilitiesOf? heldPosterior = null);

    /// <summary>This algorithm with the column variances sⱼ² of data it does not hold whole bound, as <see cref="EmAlgorithm.For"/> binds a matrix's.</summary>
    IStreamedEm WithColumnVariances(double[] variances);

    /// <summary>This algorithm for a source some of whose rows miss cells, which <see cref="StreamsMissing"/> marginalises.</summary>
    IStreamedEm WithMissingCells();

    /// <summary>A start from the rows held in memory (all of a small source, a sample of a large one).</summary>
    ILatentModel Initialize(DataMatrix data, Random random);

    /// <summary>log p(θ) of the regulariser and the stated priors, as <see cref="EmAlgorithm.LogPrior"/>.</summary>
    double LogPrior(ILatentModel model);
}
