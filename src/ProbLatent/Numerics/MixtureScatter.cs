using ProbLatent.Data;

namespace ProbLatent.Numerics;

/// <summary>
/// The responsibility-weighted statistics of each component of a mixture: Nₖ = Σₙ rₙₖ, the weighted means and the
/// scatter Sₖ = Σₙ rₙₖ (xₙ − x̄ₖ)(xₙ − x̄ₖ)ᵀ about them (or its diagonal). Both EM's M step and the check for
/// components that collapsed onto too few points (<see cref="ComponentSpread"/>) read them.
/// </summary>
internal sealed class MixtureScatter
{
    MixtureScatter(double[] counts, double[] means, double[] scatters, int components, int dimension, bool full)
    {
        Counts = counts;
        Means = means;
        Scatters = scatters;
        Components = components;
        Dimension = dimension;
        IsFull = full;
    }

    public int Components { get; }
    public int Dimension { get; }

    /// <summary>True for d×d scatter matrices per component (row-major, both triangles), false for their diagonals only.</summary>
    public bool IsFull { get; }

    /// <summary>Nₖ = Σₙ rₙₖ, not floored: an emptied component has a count of zero.</summary>
    public double[] Counts { get; }

    /// <summary>x̄ₖ = Σₙ rₙₖ xₙ / Nₖ, K×d (an emptied component's divides by the count floor given), or the means given.</summary>
    public double[] Means { get; }

    /// <summary>Sₖ, K×d×d when <see cref="IsFull"/>, else K×d.</summary>
    public double[] Scatters { get; }

    /// <summary>The K responsibilities rₙₖ of row n.</summary>
    public delegate ReadOnlySpan<double> ResponsibilitiesOf(int row);

    /// <summary>The statistics of the data under the responsibilities, counts and sums included.</summary>
    public static MixtureScatter Of(DataMatrix data, ResponsibilitiesOf responsibilities, int components, bool full, double countFloor)
    {
        var counts = new double[components];
        for (int n = 0; n < data.Rows; n++)
        {
            var r = responsibilities(n);
            for (int c = 0; c < components; c++) counts[c] += r[c];
        }
        return Of(data, responsibilities, components, full, counts, WeightedSums(data, responsibilities, components), countFloor);
    }

    /// <summary>Σₙ rₙₖ xₙ for every component, K×d row-major.</summary>
    public static double[] WeightedSums(DataMatrix data, ResponsibilitiesOf responsibilities, int components)
    {
        int k = components, d = data.Columns;
        return RowBlocks.Accumulate(data.Rows, k * d, (start, end, acc) =>
        {
            for (int n = start; n < end; n++)
            {
                var row = data.Row(n);
                var r = responsibilities(n);
                for (int c = 0; c < k; c++)
                {
                    double w = r[c];
                    if (w == 0) continue;
                    var sum = acc.AsSpan(c * d, d);
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(row, w, sum, sum);
                }
            }
        });
    }

    /// <summary>The statistics of the data under the responsibilities, from the counts Nₖ and sums Σₙ rₙₖ xₙ (K×d) already gathered.</summary>
    /// <param name="countFloor">Keeps an emptied component's division finite when forming its mean.</param>
    /// <param name="means">The means to take the scatter about (a MAP step's, say); null for the weighted means x̄ₖ.</param>
    public static MixtureScatter Of(DataMatrix data, ResponsibilitiesOf responsibilities, int components, bool full, double[] counts,
        double[] sums, double countFloor, double[]? means = null)
    {
        int k = components, d = data.Columns;
        if (means is null)
        {
            means = new double[k * d];
            for (int c = 0; c < k; c++)
                for (int j = 0; j < d; j++) means[c * d + j] = sums[c * d + j] / Math.Max(counts[c], countFloor);
        }
        int perComponent = full ? d * d : d;
        var scatter = RowBlocks.Accumulate(data.Rows, k * perComponent, (start, end, acc) =>
        {
            var residual = new double[d];
            for (int n = start; n < end; n++)
            {
                var row = data.Row(n);
                var r = responsibilities(n);
                for (int c = 0; c < k; c++)
                {
                    double w = r[c];
                    if (w == 0) continue;
                    for (int j = 0; j < d; j++) residual[j] = row[j] - means[c * d + j];
                    int offset = c * perComponent;
                    if (full)
                        for (int a = 0; a < d; a++)
                        {
                            double wa = w * residual[a];
                            for (int b = 0; b <= a; b++) acc[offset + a * d + b] += wa * residual[b];
                        }
                    else
                        for (int j = 0; j < d; j++) acc[offset + j] += w * residual[j] * residual[j];
                }
            }
        });
        if (full)
            for (int c = 0; c < k; c++)
                for (int a = 0; a < d; a++)
                    for (int b = 0; b < a; b++) scatter[c * d * d + b * d + a] = scatter[c * d * d + a * d + b];
        return new MixtureScatter(counts, means, scatter, k, d, full);
    }
}
