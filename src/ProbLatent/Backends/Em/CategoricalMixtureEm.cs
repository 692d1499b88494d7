using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// EM for a mixture of categoricals over d columns of S symbols (and the emission step of a discrete hidden Markov model).
/// The start is one E step from random symbol probabilities, then one M step (see <see cref="StartAssignments"/>). The M step is the normalised expected counts with the
/// pseudo-counts of <see cref="PseudoCounts"/>: φₖⱼᵥ = (Σₙ rₙₖ [xₙⱼ = v] + λ + αᵥ − 1) / (Nₖ + Sλ + Σᵥ(αᵥ − 1)), the MAP
/// under Dirichlet(α + λ) on each φₖⱼ (α stated in the model, else all 1), so with λ > 0 no symbol's probability is 0.
/// </summary>
internal sealed class CategoricalMixtureEm(int components, int symbols, double regularization, MixturePriors priors) : MixtureEm(components, priors)
{
    readonly PseudoCounts _pseudo = new(regularization, priors.Symbols ?? Enumerable.Repeat(1.0, symbols).ToArray());

    /// <summary>
    /// The posterior at symbol probabilities drawn φₖⱼ ~ Dirichlet(1, …, 1) with equal weights: an E step from random
    /// parameters, as NumPy and pomegranate Baum–Welch starts are drawn. k-means++ over the symbols themselves is no start for
    /// one column: its clusters are sets of symbols, whose states emit only those, and Baum–Welch from there stalled far below
    /// the maximum (110 nats on 3,000 steps of a two-state chain).
    /// </summary>
    internal override DiscretePosterior StartAssignments(DataMatrix data, Random random)
    {
        // Its default start (EmStart.KMeansPlusPlus) is the random probabilities below; random point masses are as for any mixture.
        if (Start == EmStart.RandomPointMasses) return base.StartAssignments(data, random);
        int k = Components, d = data.Columns;
        var probabilities = new double[k * d * symbols];
        var draw = Distributions.Dirichlet.Symmetric(symbols, 1);
        for (int row = 0; row < k * d; row++) draw.Sample(random).CopyTo(probabilities, row * symbols);
        var start = new CategoricalMixture(Enumerable.Repeat(1.0 / k, k).ToArray(), probabilities, d, symbols);
        return DiscretePosterior.FromEStep(start.PosteriorProbabilities(data, out _), data.Rows, k);
    }

    public override ILatentModel Maximize(ILatentModel? current, DataMatrix data, IPosterior posterior)
    {
        var q = (DiscretePosterior)posterior;
        var (_, weights) = CountsAndWeights(q);
        int k = Components, d = data.Columns, s = symbols;
        var counts = SymbolCounts(data, q);
        var probabilities = new double[k * d * s];
        for (int row = 0; row < k * d; row++)
        {
            var n = counts.AsSpan(row * s, s);
            double total = 0;
            foreach (var c in n) total += c;
            for (int v = 0; v < s; v++) probabilities[row * s + v] = _pseudo.Probability(n[v], v, total);
        }
        return new CategoricalMixture(weights, probabilities, d, s);
    }

    /// <summary>Σₙ rₙₖ [xₙⱼ = v], K×d×S, over row blocks in order.</summary>
    double[] SymbolCounts(DataMatrix data, DiscretePosterior q)
    {
        int k = Components, d = data.Columns, s = symbols;
        var r = q.ProbabilityTable;
        return RowBlocks.Accumulate(data.Rows, k * d * s, (start, end, accumulator) =>
            SymbolRows.AddCounts(data, start, end, r.Span.Slice(start * k, (end - start) * k), k, s, accumulator));
    }

    /// <summary>Σₖⱼ Σᵥ (λ + αᵥ − 1) log φₖⱼᵥ and the Dirichlet's on the weights, up to constants.</summary>
    public override double LogPrior(ILatentModel model)
    {
        var mixture = (CategoricalMixture)model;
        var probabilities = mixture.ProbabilitiesFlat;
        double sum = 0;
        for (int row = 0; row < probabilities.Length / symbols; row++) sum += _pseudo.LogPrior(probabilities.Slice(row * symbols, symbols));
        return sum + Priors.LogPriorOfWeightsAndMeans(mixture.Weights, null);
    }
}
