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
    /// Σₙ rₙₖ E[z̃ z̃ᵀ | xₙ, k] = Bₖ + Nₖ Sₖ (a new array), with <paramref name="posteriorCovariance"/> the q×q covariance Sₖ
    /// that the exact posterior shares across points, added to B's leading q×q block.
    /// </summary>
    public double[] ExpectedSecond(int c, ReadOnlySpan<double> posteriorCovariance)
    {
        int q = Width - 1;
        var second = Second(c).ToArray();
        double count = Count(c);
        for (int i = 0; i < q; i++)
            for (int l = 0; l < q; l++) second[i * Width + l] += count * posteriorCovariance[i * q + l];
        return second;
    }

    /// <summary>
    /// Per component: Nₖ; Aₖ = Σₙ rₙₖ xₙ [mₙₖ; 1]ᵀ (d×(q+1)); Bₖ = Σₙ rₙₖ [mₙₖ; 1][mₙₖ; 1]ᵀ ((q+1)×(q+1)); Σₙ rₙₖ xₙⱼ².
    /// </summary>
    public static FactorMixtureStatistics Of(DataMatrix data, FactorMixturePosterior q, int components, int latentDimension)
    {
        int d = data.Columns, k = components, width = latentDimension + 1;
        var layout = new FactorMixtureStatistics(d, width, k, []);
        var sums = RowBlocks.Accumulate(data.Rows, k * layout.PerComponent, (start, end, acc) =>
        {
            var z = new double[width];
            z[^1] = 1;
            for (int n = start; n < end; n++)
            {
                var x = data.Row(n);
                var r = q.Responsibilities.Row(n);
                for (int c = 0; c < k; c++)
                {
                    double w = r[c];
                    if (w == 0) continue;
                    q.Component(c).Mean(n).CopyTo(z);
                    var block = acc.AsSpan(c * layout.PerComponent, layout.PerComponent);
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
            }
        });
        return layout with { Sums = sums };
    }
}
