using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// What a per-component diagonal Gaussian yⱼ ~ N(μ_cⱼ, 1/λ_cⱼ) selected by a categorical c keeps of q to send its messages
/// to the means and precisions (both K×d arrays of scalars, index k·d + j) and to give its average log: Nₖ, Σₙ rₙₖ E[yₙⱼ]
/// and Σₙ rₙₖ E[yₙⱼ²] — of observed data (a diagonal Gaussian mixture's gate) or of a latent Gaussian given c.
/// <list type="bullet">
/// <item>to μₖⱼ: precision Nₖ E[λₖⱼ], precision-times-mean E[λₖⱼ] Σₙ rₙₖ E[yₙⱼ];</item>
/// <item>to λₖⱼ: shape Nₖ/2, rate ½ Σₙ rₙₖ E[(yₙⱼ − μₖⱼ)²];</item>
/// <item>average log: Σₖⱼ Nₖ ½(E[log λₖⱼ] − log 2π) − ½ E[λₖⱼ] Σₙ rₙₖ E[(yₙⱼ − μₖⱼ)²].</item>
/// </list>
/// </summary>
internal sealed class DiagonalComponentStatistics(GaussianArrayNode means, GammaArrayNode precisions, int components)
{
    readonly int _k = components, _d = means.Count / components;

    /// <summary>Nₖ, K.</summary>
    public double[] Counts { get; } = new double[components];

    /// <summary>Σₙ rₙₖ E[yₙⱼ], K×d.</summary>
    public double[] Sums { get; } = new double[means.Count];

    /// <summary>Σₙ rₙₖ E[yₙⱼ²], K×d.</summary>
    public double[] Squares { get; } = new double[means.Count];

    /// <summary>The statistics as a mixture's moments about the origin (a spread check's input, <see cref="MixtureScatter.FromSums"/>).</summary>
    public MixtureSums Moments() => MixtureSums.AboutOrigin(_k, _d, MixtureMoments.Second.Diagonal, Counts, Sums, Squares);

    /// <summary>
    /// Nₖⱼ = Σₙ rₙₖ over the rows that observe yⱼ, K×d, when some cells are missing (each then drops out of its own cell's
    /// messages and average log, which is y_m marginalised exactly); null when none is, and every cell counts Nₖ.
    /// </summary>
    public double[]? CellCounts { get; set; }

    /// <summary>The count of cell i = k·d + j.</summary>
    double Count(int i) => CellCounts?[i] ?? Counts[i / _d];

    public void SendTo(Node argument, Factor factor)
    {
        if (argument == means) ToMeans(means);
        else if (argument == precisions) ToPrecisions(precisions);
        else throw new InvalidOperationException($"factor '{factor.Name}' sends no message to '{argument.Name}'");
    }

    /// <summary>To μₖⱼ: precision Nₖ E[λₖⱼ], precision-times-mean E[λₖⱼ] Σₙ rₙₖ E[yₙⱼ].</summary>
    void ToMeans(GaussianArrayNode node)
    {
        for (int i = 0; i < _k * _d; i++)
        {
            double lambda = precisions.Mean[i];
            node.PrecisionSum[i] += Count(i) * lambda;
            node.PrecisionMeanSum[i] += lambda * Sums[i];
        }
    }

    /// <summary>To λₖⱼ: shape Nₖ/2, rate ½ Σₙ rₙₖ E[(yₙⱼ − μₖⱼ)²].</summary>
    void ToPrecisions(GammaArrayNode node)
    {
        for (int i = 0; i < _k * _d; i++)
        {
            node.ShapeSum[i] += 0.5 * Count(i);
            node.RateSum[i] += 0.5 * ExpectedSquares(i);
        }
    }

    /// <summary>Σₖⱼ Nₖ ½(E[log λₖⱼ] − log 2π) − ½ E[λₖⱼ] Σₙ rₙₖ E[(yₙⱼ − μₖⱼ)²].</summary>
    public double AverageLog()
    {
        double value = 0;
        for (int i = 0; i < _k * _d; i++)
            value += 0.5 * (Count(i) * (precisions.MeanLog[i] - SpecialFunctions.Log2Pi) - precisions.Mean[i] * ExpectedSquares(i));
        return value;
    }

    /// <summary>
    /// Σₙ rₙₖ E[(yₙⱼ − μₖⱼ)²] = Σ r y² − 2m Σ r y + Nₖ(m² + v), from the statistics alone. Never negative in exact
    /// arithmetic; the floor at 0 only removes rounding when a component holds (almost) nothing.
    /// </summary>
    double ExpectedSquares(int i)
    {
        double m = means.Mean[i], n = Count(i);
        return Math.Max(0, Squares[i] - 2 * m * Sums[i] + n * (m * m + means.Variance[i]));
    }
}
