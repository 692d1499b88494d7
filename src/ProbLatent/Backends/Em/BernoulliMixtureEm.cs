using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// EM for a mixture of Bernoullis. Starts from k-means++ centres (see <see cref="MixtureEm"/>). The M step is the MAP step under a
/// Beta(1 + λ, 1 + λ) prior on every μₖⱼ: μₖⱼ = (Σₙ rₙₖ xₙⱼ + λ) / (Nₖ + 2λ), which keeps every probability
/// strictly inside (0, 1) even for a pixel that is always off. A Beta(a, b) stated in the model adds its pseudo-counts:
/// μₖⱼ = (Σₙ rₙₖ xₙⱼ + a − 1 + λ) / (Nₖ + a + b − 2 + 2λ).
/// </summary>
internal sealed class BernoulliMixtureEm(int components, double regularization, MixturePriors priors) : MixtureEm(components, priors), IStreamedEm
{
    /// <summary>A pixel's two outcomes, 1 and 0, with the Beta's a and b as their Dirichlet concentrations.</summary>
    readonly PseudoCounts _pseudo = new(regularization, priors.Beta is var (a, b) ? [a, b] : [1, 1]);

    /// <summary>Whether the statistics over a source keep Σ rₙₖ over the rows missing each pixel (<see cref="WithMissingCells"/>).</summary>
    bool _missingCells;

    public bool StreamsMissing => true;

    public IStreamedEm WithMissingCells() => new BernoulliMixtureEm(Components, regularization, Priors) { Start = Start, _missingCells = true };

    public override bool MarginalisesMissing => true;

    public override ILatentModel Maximize(ILatentModel? current, DataMatrix data, IPosterior posterior)
    {
        var q = (DiscretePosterior)posterior;
        var (counts, weights) = CountsAndWeights(q);
        if (!data.HasMissing) return FromSums(counts, weights, WeightedSums(data, q), data.Columns);
        // A missing pixel drops from the likelihood, so each μₖⱼ is the weighted mean over the rows that observe pixel j.
        var ones = WeightedSums(data.WithMissingAs(new double[data.Columns]), q);
        var observedCounts = WeightedSums(data.ObservedMask(), q);
        return FromSums(counts, weights, ones, data.Columns, observedCounts);
    }

    /// <summary>
    /// Σₙ rₙₖ xₙ over the ones of the binary rows (<see cref="BernoulliRows"/>), in the row blocks and order of
    /// <see cref="MixtureScatter.WeightedSums"/>, so the sums are its sums bit for bit.
    /// </summary>
    protected override double[] WeightedSums(DataMatrix data, DiscretePosterior q)
    {
        int k = Components, d = data.Columns;
        var r = q.ProbabilityTable;
        var byColumn = RowBlocks.Accumulate(data.Rows, k * d, (start, end, accumulator) =>
        {
            int rows = end - start;
            var ones = BernoulliRows.Index(data.Values.Slice(start * d, rows * d), rows, d, start);
            BernoulliRows.AddWeightedSums(ones, r.Span.Slice(start * k, rows * k), k, accumulator);
        });
        var sums = new double[k * d];
        BernoulliRows.Transpose(byColumn, d, k, sums);
        return sums;
    }

    /// <summary>Nₖ row by row and Σₙ rₙₖ xₙ over the ones, added to the block's sums in the order <see cref="MixtureMoments.AddRows"/> adds them.</summary>
    protected override void AddCountsAndSums(ReadOnlySpan<double> block, int firstRow, int rows, int d, ReadOnlySpan<double> responsibilities,
        Span<double> counts, Span<double> sums)
    {
        int k = Components;
        for (int n = 0; n < rows; n++)
            for (int c = 0; c < k; c++) counts[c] += responsibilities[n * k + c];
        var byColumn = new double[d * k];
        BernoulliRows.Transpose(sums, k, d, byColumn);
        BernoulliRows.AddWeightedSums(BernoulliRows.Index(block, rows, d, firstRow), responsibilities, k, byColumn);
        BernoulliRows.Transpose(byColumn, d, k, sums);
    }

    /// <summary>
    /// A block's statistics, with missing pixels when the source has some (<see cref="WithMissingCells"/>): log p(x_observed)
    /// and the responsibilities from the observed pixels, Σ rₙₖ xₙ over the observed ones, and Σ rₙₖ over the rows missing each
    /// pixel, which <see cref="Update"/> takes from Nₖ for that pixel's count, as <see cref="Maximize"/> counts the rows observing it.
    /// </summary>
    public override MixtureSums Statistics(ILatentModel current, DataMatrix block)
    {
        if (!_missingCells) return base.Statistics(current, block);
        var model = (BernoulliMixture)current;
        int k = Components, d = block.Columns;
        var layout = new MixtureSums(k, d, MixtureMoments.Second.None, [], missingWeights: true);
        var ones = block.HasMissing ? block.WithMissingAs(new double[d]) : block;
        var missing = block.Missing;
        var total = RowBlocks.Accumulate(block.Rows, layout.Length, (start, end, accumulator) =>
        {
            int rows = end - start;
            var sums = layout.Over(accumulator);
            var responsibilities = new double[rows * k];
            sums.AddLogLikelihood(model.PosteriorRows(block, start, end, responsibilities));
            AddCountsAndSums(ones.Values.Slice(start * d, rows * d), start, rows, d, responsibilities, sums.Counts, sums.Sums);
            missing?.AddMissingWeights(start, responsibilities, k, sums.MissingWeights);
        });
        return layout.Over(total);
    }

    public IStreamedEm WithColumnVariances(double[] variances) => this;

    public ILatentModel Update(ILatentModel current, MixtureSums sums, IReadOnlyList<string> columnNames, long rows, DataMatrix? held,
        MixtureScatter.ResponsibilitiesOf? heldPosterior = null)
    {
        int k = Components, d = sums.Dimension;
        double[]? observedCounts = null;
        if (sums.HasMissingWeights)
        {
            observedCounts = new double[k * d];
            for (int i = 0; i < k * d; i++) observedCounts[i] = sums.Counts[i / d] - sums.MissingWeights[i];
        }
        var (counts, weights) = CountsAndWeights(sums.Counts.ToArray());
        return FromSums(counts, weights, sums.Sums, d, observedCounts);
    }

    /// <param name="observedCounts">Σₙ rₙₖ over the rows that observe pixel j, K×d, in place of Nₖ when some pixels are missing.</param>
    BernoulliMixture FromSums(double[] counts, double[] weights, ReadOnlySpan<double> sums, int d, double[]? observedCounts = null)
    {
        int k = Components;
        var probabilities = new double[k * d];
        for (int c = 0; c < k; c++)
            for (int j = 0; j < d; j++)
                probabilities[c * d + j] = _pseudo.Probability(sums[c * d + j], 0, observedCounts?[c * d + j] ?? counts[c]);
        return new BernoulliMixture(weights, probabilities, d);
    }

    /// <summary>
    /// λ Σₖⱼ [log μₖⱼ + log(1 − μₖⱼ)], the regulariser's Beta log-prior up to a constant, and the stated priors':
    /// Σₖⱼ [(a − 1) log μₖⱼ + (b − 1) log(1 − μₖⱼ)] and the Dirichlet's.
    /// </summary>
    public override double LogPrior(ILatentModel model)
    {
        var mixture = (BernoulliMixture)model;
        double sum = 0;
        Span<double> outcomes = stackalloc double[2];
        foreach (var p in mixture.ProbabilitiesFlat)
        {
            (outcomes[0], outcomes[1]) = (p, 1 - p);
            sum += _pseudo.LogPrior(outcomes);
        }
        return sum + Priors.LogPriorOfWeightsAndMeans(mixture.Weights, null);
    }
}
