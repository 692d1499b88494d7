using ProbLatent.Data;

namespace ProbLatent.Numerics;

/// <summary>
/// The responsibility-weighted statistics of each component of a mixture: Nₖ = Σₙ rₙₖ, the weighted means and the
/// scatter Sₖ = Σₙ rₙₖ (xₙ − x̄ₖ)(xₙ − x̄ₖ)ᵀ about them (or its diagonal). Both EM's M step and the check for
/// components that collapsed onto too few points (<see cref="ComponentSpread"/>) read them; <see cref="MixtureMoments"/>
/// gathers them.
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

    /// <summary>Σₙ rₙₖ xₙ for every component, K×d row-major.</summary>
    /// <param name="responsibilities">rₙₖ, N×K row-major.</param>
    public static double[] WeightedSums(DataMatrix data, ReadOnlyMemory<double> responsibilities, int components) =>
        Accumulate(data, responsibilities, components, centres: null, MixtureMoments.Second.None);

    /// <summary>The statistics of the data under the responsibilities, from the counts Nₖ and sums Σₙ rₙₖ xₙ (K×d) already gathered.</summary>
    /// <param name="countFloor">Keeps an emptied component's division finite when forming its mean.</param>
    /// <param name="means">The means to take the scatter about (a MAP step's, say); null for the weighted means x̄ₖ.</param>
    public static MixtureScatter Of(DataMatrix data, ReadOnlyMemory<double> responsibilities, int components, bool full, double[] counts,
        double[] sums, double countFloor, double[]? means = null)
    {
        int k = components, d = data.Columns;
        if (means is null)
        {
            means = new double[k * d];
            for (int c = 0; c < k; c++)
                for (int j = 0; j < d; j++) means[c * d + j] = sums[c * d + j] / Math.Max(counts[c], countFloor);
        }
        // About the means, not Σ rxxᵀ − N x̄x̄ᵀ: data far from the origin against its spread would cancel away the scatter.
        var scatter = Accumulate(data, responsibilities, k, means, full ? MixtureMoments.Second.LowerTriangle : MixtureMoments.Second.Diagonal);
        if (full) MixtureMoments.MirrorLowerTriangles(scatter, k, d);
        return new MixtureScatter(counts, means, scatter, k, d, full);
    }

    /// <summary>One mixture's statistics from each component's own, gathered one component at a time (each a mixture of one).</summary>
    public static MixtureScatter Stacked(IReadOnlyList<MixtureScatter> components)
    {
        var first = components[0];
        return new MixtureScatter(components.SelectMany(c => c.Counts).ToArray(), components.SelectMany(c => c.Means).ToArray(),
            components.SelectMany(c => c.Scatters).ToArray(), components.Count, first.Dimension, first.IsFull);
    }

    /// <summary>
    /// The statistics from a mixture's summed E-step statistics (a data source's blocks), with no second pass over the rows:
    /// the weighted means (or <paramref name="means"/>) and the scatter about them, from the second moment about the centres
    /// the sums were gathered with (see <see cref="MixtureSums"/>).
    /// </summary>
    /// <param name="counts">Nₖ as the M step floors them, for the means' division, as <see cref="Of"/> takes them.</param>
    public static MixtureScatter FromSums(MixtureSums sums, double[] counts, bool full, double countFloor, double[]? means = null)
    {
        int k = sums.Components, d = sums.Dimension;
        if (sums.Kind != (full ? MixtureMoments.Second.LowerTriangle : MixtureMoments.Second.Diagonal))
            throw new ArgumentException($"MixtureScatter: the sums hold the {sums.Kind} second moment, not the {(full ? "full" : "diagonal")} one");
        if (means is null)
        {
            means = new double[k * d];
            for (int c = 0; c < k; c++)
                for (int j = 0; j < d; j++) means[c * d + j] = sums.Sums[c * d + j] / Math.Max(counts[c], countFloor);
        }
        var scatter = sums.Second.ToArray();
        var residual = sums.ResidualSums;
        var delta = new double[d];
        for (int c = 0; c < k; c++)
        {
            double n = sums.Counts[c];
            for (int j = 0; j < d; j++) delta[j] = means[c * d + j] - sums.Centres[c * d + j];
            for (int a = 0; a < d; a++)
            {
                double ra = residual[c * d + a];
                if (!full)
                {
                    scatter[c * d + a] += -2 * ra * delta[a] + n * delta[a] * delta[a];
                    continue;
                }
                for (int b = 0; b <= a; b++)
                    scatter[c * d * d + a * d + b] += -ra * delta[b] - delta[a] * residual[c * d + b] + n * delta[a] * delta[b];
            }
        }
        if (full) MixtureMoments.MirrorLowerTriangles(scatter, k, d);
        return new MixtureScatter(counts, means, scatter, k, d, full);
    }

    /// <summary>The sums (no centres, no second moment) or the second moment about the centres, over row blocks on all cores.</summary>
    static double[] Accumulate(DataMatrix data, ReadOnlyMemory<double> responsibilities, int components, double[]? centres, MixtureMoments.Second kind)
    {
        int k = components, d = data.Columns;
        if (responsibilities.Length != data.Rows * k)
            throw new ArgumentException($"MixtureScatter: {data.Rows} rows of {k} components need {data.Rows * k} responsibilities, not {responsibilities.Length}");
        int length = kind switch { MixtureMoments.Second.LowerTriangle => k * d * d, _ => k * d };
        return RowBlocks.Accumulate(data.Rows, length, (start, end, acc) =>
        {
            int rows = end - start;
            var block = data.Values.Slice(start * d, rows * d);
            var r = responsibilities.Span.Slice(start * k, rows * k);
            if (kind == MixtureMoments.Second.None)
                MixtureMoments.AddRows(block, rows, d, r, k, [], [], acc, [], kind);
            else
                MixtureMoments.AddRows(block, rows, d, r, k, centres, [], [], acc, kind);
        });
    }
}
