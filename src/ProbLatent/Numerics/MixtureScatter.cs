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
