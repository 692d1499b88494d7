using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// What a per-component Gaussian y ~ N(μ_c, Λ_c⁻¹) selected by a categorical c keeps of q to send its messages to the
/// means and precisions and to give its average log: Nₖ = Σₙ rₙₖ, Σₙ rₙₖ E[yₙ] and Σₙ rₙₖ E[yₙyₙᵀ] — of observed data
/// (a Gaussian mixture's gate) or of a latent Gaussian given c (a mixture of common factor analysers).
/// <list type="bullet">
/// <item>to μₖ: precision Nₖ E[Λₖ], precision-times-mean E[Λₖ] Σₙ rₙₖ E[yₙ];</item>
/// <item>to Λₖ: shape Nₖ/2, rate ½ Σₙ rₙₖ E[(yₙ − μₖ)(yₙ − μₖ)ᵀ];</item>
/// <item>average log: Σₖ Nₖ(½E[log|Λₖ|] − d/2 log 2π) − ½ tr(E[Λₖ] Σₙ rₙₖ E[(yₙ − μₖ)(yₙ − μₖ)ᵀ]).</item>
/// </list>
/// </summary>
internal sealed class GaussianComponentStatistics(VectorGaussianArrayNode means, WishartArrayNode precisions)
{
    readonly int _k = means.Count, _d = means.Dimension;

    /// <summary>Nₖ, K.</summary>
    public double[] Counts { get; } = new double[means.Count];

    /// <summary>Σₙ rₙₖ E[yₙ], K×d.</summary>
    public double[] Sums { get; } = new double[means.Count * means.Dimension];

    /// <summary>Σₙ rₙₖ E[yₙyₙᵀ], K×d×d.</summary>
    public double[] Scatters { get; } = new double[means.Count * means.Dimension * means.Dimension];

    /// <summary>The statistics as a mixture's moments about the origin (a spread check's input, <see cref="MixtureScatter.FromSums"/>).</summary>
    public MixtureSums Moments() => MixtureSums.AboutOrigin(_k, _d, MixtureMoments.Second.LowerTriangle, Counts, Sums, Scatters);

    public void SendTo(Node argument, Factor factor)
    {
        if (argument == means) ToMeans(means);
        else if (argument == precisions) ToPrecisions(precisions);
        else throw new InvalidOperationException($"factor '{factor.Name}' sends no message to '{argument.Name}'");
    }

    /// <summary>To μₖ: precision Nₖ E[Λₖ], precision-times-mean E[Λₖ] Σₙ rₙₖ E[yₙ].</summary>
    void ToMeans(VectorGaussianArrayNode node)
    {
        int d = _d, dd = d * d;
        for (int k = 0; k < _k; k++)
        {
            var precision = precisions.Mean(k);
            for (int i = 0; i < d; i++)
            {
                double pm = 0;
                for (int j = 0; j < d; j++)
                {
                    node.PrecisionSum[k * dd + i * d + j] += Counts[k] * precision[i * d + j];
                    pm += precision[i * d + j] * Sums[k * d + j];
                }
                node.PrecisionMeanSum[k * d + i] += pm;
            }
        }
    }

    /// <summary>To Λₖ: shape Nₖ/2, rate ½ Σₙ rₙₖ E[(yₙ − μₖ)(yₙ − μₖ)ᵀ].</summary>
    void ToPrecisions(WishartArrayNode node)
    {
        int dd = _d * _d;
        var scatter = new double[dd];
        for (int k = 0; k < _k; k++)
        {
            ExpectedScatter(k, scatter);
            node.ShapeSum[k] += 0.5 * Counts[k];
            for (int i = 0; i < dd; i++) node.RateSum[k * dd + i] += 0.5 * scatter[i];
        }
    }

    /// <summary>Σₖ Nₖ(½E[log|Λₖ|] − d/2 log 2π) − ½ tr(E[Λₖ] Σₙ rₙₖ E[(yₙ − μₖ)(yₙ − μₖ)ᵀ]).</summary>
    public double AverageLog()
    {
        int dd = _d * _d;
        var scatter = new double[dd];
        double value = 0;
        for (int k = 0; k < _k; k++)
        {
            ExpectedScatter(k, scatter);
            value += Counts[k] * 0.5 * (precisions.MeanLogDeterminant[k] - _d * SpecialFunctions.Log2Pi)
                     - 0.5 * Trace(precisions.Mean(k), scatter);
        }
        return value;
    }

    /// <summary>Σₙ rₙₖ E[(yₙ − μₖ)(yₙ − μₖ)ᵀ] = Σ r yyᵀ − m(Σry)ᵀ − (Σry)mᵀ + Nₖ(mmᵀ + Σₖ), from the statistics alone.</summary>
    void ExpectedScatter(int k, Span<double> result)
    {
        int d = _d, dd = d * d;
        var m = means.Mean(k);
        var covariance = means.Covariance(k);
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                result[i * d + j] = Scatters[k * dd + i * d + j] - m[i] * Sums[k * d + j] - Sums[k * d + i] * m[j]
                                    + Counts[k] * (m[i] * m[j] + covariance[i * d + j]);
    }

    /// <summary>tr(A B) for symmetric d×d A and B.</summary>
    public static double Trace(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double t = 0;
        for (int i = 0; i < a.Length; i++) t += a[i] * b[i];
        return t;
    }
}
