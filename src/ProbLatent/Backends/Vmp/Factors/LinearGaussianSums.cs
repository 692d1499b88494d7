namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// What a linear-Gaussian observation xⱼ ~ N(wⱼᵀz + μⱼ, 1/τⱼ) needs of q(z) and of the data to send its messages
/// to the loadings, offsets and noise and to give its average log: the count N, Σ xⱼ, Σ xⱼ², Σ E[z], Σ E[z] xᵀ
/// (q×d) and Σ E[zzᵀ] (q×q) — over every point for one linear-Gaussian model, or weighted by q(c = k) for component
/// k of a mixture of factor analysers. With E[wwᵀ] = mmᵀ + Σ:
/// <list type="bullet">
/// <item>to wⱼ: precision τ Σ E[zzᵀ]; precision-times-mean τ (Σ E[z]xⱼ − E[μⱼ] Σ E[z]);</item>
/// <item>to μⱼ: precision N τ; precision-times-mean τ (Σ xⱼ − E[wⱼ]ᵀ Σ E[z]);</item>
/// <item>to τ: shape N/2, rate ½ Rⱼ with Rⱼ = Σ E[(xⱼ − wⱼᵀz − μⱼ)²] expanded in these sums:
/// Rⱼ = Σxⱼ² − 2E[wⱼ]ᵀΣE[z]xⱼ − 2E[μⱼ]Σxⱼ + tr(E[wⱼwⱼᵀ] ΣE[zzᵀ]) + 2E[μⱼ]E[wⱼ]ᵀΣE[z] + N E[μⱼ²].</item>
/// </list>
/// </summary>
internal sealed class LinearGaussianSums(int dimension, int latentDimension)
{
    public int Dimension { get; } = dimension;
    public int LatentDimension { get; } = latentDimension;

    public double Count { get; set; }
    public double[] SumX { get; } = new double[dimension];
    public double[] SumXSquared { get; } = new double[dimension];
    public double[] SumZ { get; } = new double[latentDimension];

    /// <summary>Σ E[z] xᵀ, q×d.</summary>
    public double[] SumZX { get; } = new double[latentDimension * dimension];

    /// <summary>Σ E[zzᵀ], q×q.</summary>
    public double[] SumZZ { get; } = new double[latentDimension * latentDimension];

    /// <summary>Adds the message to wⱼ: τ Σ E[zzᵀ] into <paramref name="precision"/> (q×q), τ (Σ E[z]xⱼ − E[μⱼ] Σ E[z]) into <paramref name="precisionMean"/>.</summary>
    public void AddLoadingMessage(int j, double tau, double offset, Span<double> precision, Span<double> precisionMean)
    {
        int q = LatentDimension, d = Dimension;
        for (int i = 0; i < q * q; i++) precision[i] += tau * SumZZ[i];
        for (int a = 0; a < q; a++) precisionMean[a] += tau * (SumZX[a * d + j] - offset * SumZ[a]);
    }

    /// <summary>The message to μⱼ: precision N τ, precision-times-mean τ (Σ xⱼ − E[wⱼ]ᵀ Σ E[z]).</summary>
    public (double Precision, double PrecisionMean) OffsetMessage(int j, double tau, ReadOnlySpan<double> loadingMean)
    {
        double predicted = 0;
        for (int a = 0; a < LatentDimension; a++) predicted += loadingMean[a] * SumZ[a];
        return (Count * tau, tau * (SumX[j] - predicted));
    }

    /// <summary>Rⱼ = Σ E[(xⱼ − wⱼᵀz − μⱼ)²] from the sums alone, given q(wⱼ) = N(m, s) and q(μⱼ) = N(offset, offsetVariance).</summary>
    public double ExpectedSquaredResidual(int j, ReadOnlySpan<double> m, ReadOnlySpan<double> s, double offset, double offsetVariance)
    {
        int q = LatentDimension, d = Dimension;
        double crossData = 0, crossOffset = 0, quadratic = 0;
        for (int a = 0; a < q; a++)
        {
            crossData += m[a] * SumZX[a * d + j];
            crossOffset += m[a] * SumZ[a];
            for (int b = 0; b < q; b++) quadratic += (m[a] * m[b] + s[a * q + b]) * SumZZ[b * q + a];
        }
        double value = SumXSquared[j] - 2 * crossData - 2 * offset * SumX[j] + quadratic + 2 * offset * crossOffset
                       + Count * (offset * offset + offsetVariance);
        // Rⱼ ≥ N Var[μⱼ] ≥ 0 exactly; the floor only keeps rounding in the expansion from making it negative.
        return Math.Max(value, 0);
    }

    /// <summary>
    /// The message to a plate of z from the d rows of the loadings: adds Σⱼ E[τⱼ] E[wⱼwⱼᵀ] into <paramref name="precision"/>
    /// (q×q) and keeps E[τⱼ] E[wⱼ] in <paramref name="scaledLoadings"/> (d×q) for <see cref="AddPrecisionMean"/>.
    /// <paramref name="noise"/> holds E[τⱼ] per dimension, or one shared E[τ].
    /// </summary>
    public static void AddPlatePrecision(ReadOnlySpan<double> loadingMeans, ReadOnlySpan<double> loadingCovariances, ReadOnlySpan<double> noise,
        int dimension, int latentDimension, Span<double> precision, Span<double> scaledLoadings)
    {
        int q = latentDimension, qq = q * q;
        for (int j = 0; j < dimension; j++)
        {
            double tau = noise[noise.Length == 1 ? 0 : j];
            var m = loadingMeans.Slice(j * q, q);
            var s = loadingCovariances.Slice(j * qq, qq);
            for (int a = 0; a < q; a++)
            {
                scaledLoadings[j * q + a] = tau * m[a];
                for (int b = 0; b < q; b++) precision[a * q + b] += tau * (m[a] * m[b] + s[a * q + b]);
            }
        }
    }

    /// <summary>Adds one point's precision-times-mean Σⱼ E[τⱼ] E[wⱼ] (xⱼ − E[μⱼ]) into <paramref name="h"/> (q).</summary>
    public static void AddPrecisionMean(ReadOnlySpan<double> x, ReadOnlySpan<double> offsets, ReadOnlySpan<double> scaledLoadings, Span<double> h)
    {
        int q = h.Length;
        for (int j = 0; j < x.Length; j++)
        {
            double r = x[j] - offsets[j];
            var b = scaledLoadings.Slice(j * q, q);
            for (int a = 0; a < q; a++) h[a] += b[a] * r;
        }
    }

    /// <summary>
    /// Adds one point's share, weighted by <paramref name="weight"/> (1, or q(c = k)), of Σ E[z], Σ E[z]xᵀ (q×d) and the
    /// lower triangle of Σ E[z]E[z]ᵀ (q×q), given its mean E[z] = <paramref name="m"/>.
    /// </summary>
    public static void AddLatentMoments(ReadOnlySpan<double> x, ReadOnlySpan<double> m, double weight, Span<double> sumZ, Span<double> sumZX, Span<double> sumZZ)
    {
        int q = m.Length, d = x.Length;
        for (int a = 0; a < q; a++)
        {
            double ma = weight * m[a];
            sumZ[a] += ma;
            var row = sumZX.Slice(a * d, d);
            for (int j = 0; j < d; j++) row[j] += ma * x[j];
            for (int b = 0; b <= a; b++) sumZZ[a * q + b] += ma * m[b];
        }
    }

    /// <summary>Completes Σ E[zzᵀ] from the lower triangle of Σ E[z]E[z]ᵀ: symmetric, plus N S for the covariance S that every point's q(z) shares.</summary>
    public void CompleteSecondMoments(ReadOnlySpan<double> covariance) => CompleteSecondMoments(covariance, Count);

    /// <summary>Completes Σ E[zzᵀ] with <paramref name="weight"/> times <paramref name="covariance"/> (1 and Σₖ Nₖ Sₖ for covariances per component).</summary>
    public void CompleteSecondMoments(ReadOnlySpan<double> covariance, double weight)
    {
        int q = LatentDimension;
        for (int a = 0; a < q; a++)
            for (int b = 0; b <= a; b++)
                SumZZ[b * q + a] = SumZZ[a * q + b] += weight * covariance[a * q + b];
    }
}
