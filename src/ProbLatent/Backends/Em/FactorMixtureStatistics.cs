using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>The per-component sums an M step reads, laid out one block per component: A (d×w), B (w×w), then the d squares.</summary>
internal sealed record FactorMixtureStatistics(int Dimension, int Width, int Components, double[] Sums)
{
    public int PerComponent => Dimension * Width + Width * Width + Dimension;

    ReadOnlySpan<double> Block(int c) => Sums.AsSpan(c * PerComponent, PerComponent);

    public ReadOnlySpan<double> Cross(int c) => Block(c)[..(Dimension * Width)];
    public ReadOnlySpan<double> Second(int c) => Block(c).Slice(Dimension * Width, Width * Width);
    public ReadOnlySpan<double> Squares(int c) => Block(c).Slice(Dimension * Width + Width * Width, Dimension);

    /// <summary>Nₖ, the last entry of B.</summary>
    public double Count(int c) => Second(c)[^1];

    /// <summary>
    /// Whether B already holds the posterior covariances, Σₙ rₙₖ Sₙₖ (the sums over data with missing cells, whose posterior
    /// covariances differ by pattern), so that <see cref="ExpectedSecond"/> adds nothing.
    /// </summary>
    public bool CovarianceIncluded { get; init; }

    /// <summary>
    /// Σₙ rₙₖ E[z̃ z̃ᵀ | xₙ, k] = Bₖ + Nₖ Sₖ (a new array), with <paramref name="posteriorCovariance"/> the q×q covariance Sₖ
    /// that the exact posterior shares across points, added to B's leading q×q block.
    /// </summary>
    public double[] ExpectedSecond(int c, ReadOnlySpan<double> posteriorCovariance)
    {
        int q = Width - 1;
        var second = Second(c).ToArray();
        if (CovarianceIncluded) return second;
        double count = Count(c);
        for (int i = 0; i < q; i++)
            for (int l = 0; l < q; l++) second[i * Width + l] += count * posteriorCovariance[i * q + l];
        return second;
    }

    /// <summary>
    /// Per component: Nₖ; Aₖ = Σₙ rₙₖ xₙ [mₙₖ; 1]ᵀ (d×(q+1)); Bₖ = Σₙ rₙₖ [mₙₖ; 1][mₙₖ; 1]ᵀ ((q+1)×(q+1)); Σₙ rₙₖ xₙⱼ².
    /// </summary>
    public static FactorMixtureStatistics Of(DataMatrix data, FactorMixturePosterior q, int components, int latentDimension) =>
        Accumulated(data, q, components, latentDimension, fill: null);

    /// <summary>The sums of <see cref="Of"/>, each row under component k first passed through <paramref name="fill"/>(k, n, row) when given.</summary>
    static FactorMixtureStatistics Accumulated(DataMatrix data, FactorMixturePosterior q, int components, int latentDimension, Action<int, int, Span<double>>? fill)
    {
        int d = data.Columns, k = components, width = latentDimension + 1;
        var layout = new FactorMixtureStatistics(d, width, k, []);
        var sums = RowBlocks.Accumulate(data.Rows, k * layout.PerComponent, (start, end, acc) =>
        {
            var z = new double[width];
            z[^1] = 1;
            var filled = fill is null ? [] : new double[d];
            for (int n = start; n < end; n++)
            {
                var x = data.Row(n);
                var r = q.Responsibilities.Row(n);
                for (int c = 0; c < k; c++)
                {
                    double w = r[c];
                    if (w == 0) continue;
                    q.Component(c).Mean(n).CopyTo(z);
                    if (fill is not null)
                    {
                        x.CopyTo(filled);
                        fill(c, n, filled);
                    }
                    layout.AddRow(acc.AsSpan(c * layout.PerComponent, layout.PerComponent), w, fill is null ? x : filled, z);
                }
            }
        });
        return layout with { Sums = sums };
    }

    /// <summary>Adds w·x z̃ᵀ to A, w·z̃ z̃ᵀ to B and w·xⱼ² to the squares of one component's <paramref name="block"/>.</summary>
    void AddRow(Span<double> block, double w, ReadOnlySpan<double> x, ReadOnlySpan<double> z)
    {
        int d = Dimension, width = Width;
        var cross = block[..(d * width)];
        var second = block.Slice(d * width, width * width);
        var squares = block.Slice(d * width + width * width, d);
        for (int j = 0; j < d; j++)
        {
            double wx = w * x[j];
            squares[j] += wx * x[j];
            for (int i = 0; i < width; i++) cross[j * width + i] += wx * z[i];
        }
        for (int i = 0; i < width; i++)
        {
            double wz = w * z[i];
            for (int l = 0; l < width; l++) second[i * width + l] += wz * z[l];
        }
    }

    /// <summary>
    /// The same sums over data with missing cells (Ghahramani and Jordan 1994), as expectations under p(z, x_m | x_o, k):
    /// under component k a row's missing cells are at E[x_m | x_o, k] = W_m mₙₖ + μ_m of the regression x | z ~ N(W z + μ, Ψ)
    /// that <paramref name="regression"/> gives the component, and what the filled row leaves out is added per pattern,
    /// weighted by Σₙ rₙₖ over its rows: B gains Sₖ (Cov[z | x_o, k]), so that it is Σₙ rₙₖ E[z̃ z̃ᵀ] and
    /// <see cref="CovarianceIncluded"/>; a missing row j of A gains W_j Sₖ (Cov[x_j, z | x_o, k]); its square gains
    /// W_j Sₖ W_jᵀ + Ψ_j (Var[x_j | x_o, k]).
    /// </summary>
    public static FactorMixtureStatistics OfMissing(DataMatrix data, FactorMixturePosterior q, int components, int latentDimension,
        Func<int, LinearGaussianModel> regression)
    {
        var missing = data.Missing ?? throw new InvalidOperationException("the sums over missing cells need a data set with some");
        int d = data.Columns, k = components, dim = latentDimension, width = dim + 1;
        var statistics = Accumulated(data, q, k, dim, (c, n, row) =>
            ObservedLinearGaussian.FillMissing(regression(c), missing.Patterns[missing.PatternOf(n)].Missing, q.Component(c).Mean(n), row));
        var sums = statistics.Sums;
        var patterns = missing.Patterns.Count;
        var firstRow = new int[patterns];
        Array.Fill(firstRow, -1);
        for (int n = 0; n < data.Rows; n++)
            if (firstRow[missing.PatternOf(n)] < 0) firstRow[missing.PatternOf(n)] = n;
        var weights = new double[patterns];
        for (int c = 0; c < k; c++)
        {
            Array.Clear(weights);
            for (int n = 0; n < data.Rows; n++) weights[missing.PatternOf(n)] += q.Responsibilities.Row(n)[c];
            var block = sums.AsSpan(c * statistics.PerComponent, statistics.PerComponent);
            var cross = block[..(d * width)];
            var second = block.Slice(d * width, width * width);
            var squares = block.Slice(d * width + width * width, d);
            var model = regression(c);
            var loadings = model.LoadingsFlat;
            for (int p = 0; p < patterns; p++)
            {
                double weight = weights[p];
                if (weight == 0) continue;
                var s = q.Component(c).Covariance(firstRow[p]);
                for (int i = 0; i < dim; i++)
                    for (int l = 0; l < dim; l++) second[i * width + l] += weight * s[i * dim + l];
                foreach (int j in missing.Patterns[p].Missing)
                {
                    var wj = loadings.Slice(j * dim, dim);
                    double variance = model.NoiseVariances[j];
                    for (int i = 0; i < dim; i++)
                    {
                        double v = 0;
                        for (int l = 0; l < dim; l++) v += wj[l] * s[l * dim + i];
                        variance += v * wj[i];
                        cross[j * width + i] += weight * v;
                    }
                    squares[j] += weight * variance;
                }
            }
        }
        return statistics with { CovarianceIncluded = true };
    }
}
