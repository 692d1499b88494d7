using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// What EM for any mixture shares: the start (k-means++ centres, hard assignments, one M step), the exact E step
/// over components, and the responsibility-weighted sufficient statistics an M step needs.
/// </summary>
internal abstract class MixtureEm(int components, MixturePriors priors) : EmAlgorithm
{
    /// <summary>Keeps an emptied component's count above zero so its M step stays finite (10 × machine epsilon, as scikit-learn does).</summary>
    protected const double CountFloor = 2.2e-15;

    protected int Components { get; } = components;

    /// <summary>The priors the model states, whose MAP steps replace the maximum-likelihood ones part by part.</summary>
    protected MixturePriors Priors { get; } = priors;

    /// <remarks>
    /// With missing cells the k-means++ centres are drawn over the rows with each missing cell at its column's observed mean,
    /// and the first M step (<see cref="EmAlgorithm.Maximize"/> without a current θ) reads them so too.
    /// </remarks>
    public override ILatentModel Initialize(DataMatrix data, Random random) => Maximize(null, data, StartAssignments(data, random));

    /// <summary>Where the restarts start; the copies <see cref="EmAlgorithm.For"/> binds keep it.</summary>
    internal EmStart Start { get; init; }

    /// <summary>What a collapse message calls the components and their rows: a hidden Markov model's emissions are states holding steps; the copies keep it.</summary>
    internal CollapseWords Words { get; init; } = CollapseWords.Mixture;

    /// <summary>
    /// The start's hard assignments: each point on the nearest k-means++ centre, in the units <see cref="StartMetric"/> gives,
    /// or on a uniformly drawn component.
    /// </summary>
    internal virtual DiscretePosterior StartAssignments(DataMatrix data, Random random) => new(Start switch
    {
        EmStart.RandomPointMasses => PointMasses.Uniform(data.Rows, Components, random),
        _ => PointMasses.KMeansPlusPlus(data.HasMissing ? MeanFilled(data) : data, Components, random, StartMetric(data)),
    }, data.Rows, Components);

    /// <summary>The rows with each missing cell at its column's mean over the observed cells.</summary>
    protected static DataMatrix MeanFilled(DataMatrix data) => SampleMoments.MeanFilled(data);

    /// <summary>Weights of each column in the start's squared distances; null weighs every column 1.</summary>
    protected virtual double[]? StartMetric(DataMatrix data) => null;

    public override (IPosterior Posterior, double LogLikelihood) Expect(ILatentModel model, DataMatrix data) => Responsibilities(model, data, null);

    /// <summary>
    /// Reuses a spent table of responsibilities only (a family whose q is more than a table, such as a mixture of factor
    /// analysers, makes its own by <see cref="Expect(ILatentModel, DataMatrix)"/>).
    /// </summary>
    public override (IPosterior Posterior, double LogLikelihood) Expect(ILatentModel model, DataMatrix data, IPosterior? spent) =>
        spent is DiscretePosterior table && table.GetType() == typeof(DiscretePosterior) && table.Count == data.Rows && table.States == Components
            ? Responsibilities(model, data, table.Storage)
            : Expect(model, data);

    (IPosterior Posterior, double LogLikelihood) Responsibilities(ILatentModel model, DataMatrix data, double[]? storage)
    {
        var probabilities = ((DiscreteLatentModel)model).PosteriorProbabilities(data, out double logLikelihood, storage);
        return (DiscretePosterior.FromEStep(probabilities, data.Rows, Components), logLikelihood);
    }

    /// <summary>Nₖ = Σₙ q(zₙ = k) (floored above zero) and the weights: maximum-likelihood Nₖ / N, or MAP under a stated Dirichlet.</summary>
    protected (double[] Counts, double[] Weights) CountsAndWeights(DiscretePosterior q) => CountsAndWeights(q.StateCounts());

    /// <summary>The floored counts and the weights from the counts Σₙ q(zₙ = k) (taken over).</summary>
    protected (double[] Counts, double[] Weights) CountsAndWeights(double[] counts)
    {
        double total = counts.Sum();
        var weights = Priors.MapWeights(counts, total) ?? counts.Select(c => c / total).ToArray();
        for (int c = 0; c < Components; c++) counts[c] = Math.Max(counts[c], CountFloor);
        return (counts, weights);
    }

    /// <summary>The second moment the M step needs (none for a Bernoulli mixture), and the centres to gather it about.</summary>
    protected virtual (MixtureMoments.Second Kind, double[] Centres) SecondMoment(ILatentModel current) => (MixtureMoments.Second.None, []);

    /// <summary>
    /// The E step's statistics over one block of rows given the current parameters (see <see cref="MixtureSums"/>): each
    /// point's responsibilities, computed as <see cref="Expect(ILatentModel, DataMatrix)"/> computes them, are added into the block's sums and dropped.
    /// Row blocks run on all cores and are added in order, so a block's statistics do not depend on the threads.
    /// </summary>
    public virtual MixtureSums Statistics(ILatentModel current, DataMatrix block)
    {
        block.RefuseMissing(SourceStart.MissingRefuser);
        var model = (DiscreteLatentModel)current;
        int k = Components, d = block.Columns;
        var (kind, centres) = SecondMoment(current);
        var layout = new MixtureSums(k, d, kind, centres);
        var total = RowBlocks.Accumulate(block.Rows, layout.Length, (start, end, accumulator) =>
        {
            int rows = end - start;
            var sums = layout.Over(accumulator);
            var responsibilities = new double[rows * k];
            double logLikelihood = model.PosteriorRows(block, start, end, responsibilities);
            var values = block.Values.Slice(start * d, rows * d);
            AddCountsAndSums(values, start, rows, d, responsibilities, sums.Counts, sums.Sums);
            if (kind != MixtureMoments.Second.None)
                MixtureMoments.AddRows(values, rows, d, responsibilities, k, centres, [], sums.ResidualSums, sums.Second, kind);
            sums.AddLogLikelihood(logLikelihood);
        });
        return layout.Over(total);
    }

    /// <summary>Adds the Nₖ and Σₙ rₙₖ xₙ (K×d) of a block's rows from <paramref name="firstRow"/> into <paramref name="counts"/> and <paramref name="sums"/>.</summary>
    protected virtual void AddCountsAndSums(ReadOnlySpan<double> block, int firstRow, int rows, int d, ReadOnlySpan<double> responsibilities,
        Span<double> counts, Span<double> sums) =>
        MixtureMoments.AddRows(block, rows, d, responsibilities, Components, [], counts, sums, [], MixtureMoments.Second.None);

    /// <summary>Σₙ q(zₙ = k) xₙ for every component, K×d row-major.</summary>
    protected virtual double[] WeightedSums(DataMatrix data, DiscretePosterior q) => MixtureScatter.WeightedSums(data, q.ProbabilityTable, Components);
}
