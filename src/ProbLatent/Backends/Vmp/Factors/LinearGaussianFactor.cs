using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The observation of a linear-Gaussian model: xₙⱼ ~ N(wⱼᵀzₙ + μⱼ, 1/τ_{k(j)}) for every point n and data
/// dimension j, with wⱼ the j-th row of the d×q loadings W, μ the offsets, and k(j) = j (factor analysis: one noise
/// precision per dimension) or k(j) = 0 (PPCA: one shared precision). With E[wwᵀ] = mmᵀ + Σ for each q(w), and
/// E[zₙzₙᵀ] = mₙmₙᵀ + S for the plate's shared covariance S, its messages are
/// <list type="bullet">
/// <item>to zₙ: precision Σⱼ E[τⱼ] E[wⱼwⱼᵀ] (the same for every n); precision-times-mean Σⱼ E[τⱼ] E[wⱼ] (xₙⱼ − E[μⱼ]);</item>
/// <item>to wⱼ: precision E[τⱼ] Σₙ E[zₙzₙᵀ]; precision-times-mean E[τⱼ] (Σₙ E[zₙ]xₙⱼ − E[μⱼ] Σₙ E[zₙ]);</item>
/// <item>to μⱼ: precision N E[τⱼ]; precision-times-mean E[τⱼ] (Σₙ xₙⱼ − E[wⱼ]ᵀ Σₙ E[zₙ]);</item>
/// <item>to τₖ: shape Σ_{j: k(j)=k} N/2; rate Σ_{j: k(j)=k} ½ Rⱼ, with Rⱼ = Σₙ E[(xₙⱼ − wⱼᵀzₙ − μⱼ)²].</item>
/// </list>
/// Rⱼ is expanded so that it needs only the statistics the plate's pass gathers (Σₙ E[zₙ], Σₙ E[zₙ]xₙᵀ,
/// Σₙ E[zₙzₙᵀ]) and the data's fixed Σₙ xₙⱼ and Σₙ xₙⱼ²:
/// Rⱼ = Σxₙⱼ² − 2E[wⱼ]ᵀΣE[zₙ]xₙⱼ − 2E[μⱼ]Σxₙⱼ + tr(E[wⱼwⱼᵀ] ΣE[zₙzₙᵀ]) + 2E[μⱼ]E[wⱼ]ᵀΣE[zₙ] + N E[μⱼ²],
/// so neither the parameter messages nor the average log read the data or the N×q means again.
/// </summary>
internal sealed class LinearGaussianFactor : Factor,
    IVectorGaussianPlateFactor, ISendsTo<VectorGaussianArrayNode>, ISendsTo<GaussianArrayNode>, ISendsTo<GammaArrayNode>
{
    readonly DataMatrix _data;
    readonly VectorGaussianArrayNode _loadings;
    readonly GaussianArrayNode _offsets;
    readonly GammaArrayNode _noise;
    readonly int _n, _d, _q;
    readonly double[] _sumX, _sumXSquared;     // d, d: fixed by the data
    readonly double[] _sumZ, _sumZX, _sumZZ;   // q, q×d, q×q: Σₙ E[zₙ], Σₙ E[zₙ]xₙᵀ, Σₙ E[zₙzₙᵀ]
    readonly double[] _scaledLoadings;         // per pass: E[τⱼ] E[wⱼ], d×q

    public LinearGaussianFactor(string name, DataMatrix data, VectorGaussianPlateNode z, VectorGaussianArrayNode loadings,
        GaussianArrayNode offsets, GammaArrayNode noise) : base(name)
    {
        _n = data.Rows;
        _d = data.Columns;
        _q = z.Dimension;
        if (z.Count != _n || loadings.Count != _d || loadings.Dimension != _q || offsets.Count != _d || (noise.Count != _d && noise.Count != 1))
            throw new ArgumentException($"factor '{name}': the variables' sizes do not match {_n} points of dimension {_d} with {_q} latent dimensions");
        _data = data;
        _loadings = loadings;
        _offsets = offsets;
        _noise = noise;
        _sumX = new double[_d];
        _sumXSquared = new double[_d];
        for (int n = 0; n < _n; n++)
        {
            var x = data.Row(n);
            for (int j = 0; j < _d; j++)
            {
                _sumX[j] += x[j];
                _sumXSquared[j] += x[j] * x[j];
            }
        }
        _sumZ = new double[_q];
        _sumZX = new double[_q * _d];
        _sumZZ = new double[_q * _q];
        _scaledLoadings = new double[_d * _q];
    }

    public override bool IsLikelihood => true;

    /// <summary>The noise precision of data dimension j: its own (factor analysis) or the shared one (PPCA).</summary>
    int NoiseIndex(int j) => _noise.Count == 1 ? 0 : j;

    public int StatisticsLength => _q + _q * _d + _q * _q;

    public void BeginPass(VectorGaussianPlateNode plate, Span<double> precision)
    {
        int q = _q;
        for (int j = 0; j < _d; j++)
        {
            double tau = _noise.Mean[NoiseIndex(j)];
            var m = _loadings.Mean(j);
            var s = _loadings.Covariance(j);
            for (int a = 0; a < q; a++)
            {
                _scaledLoadings[j * q + a] = tau * m[a];
                for (int b = 0; b < q; b++) precision[a * q + b] += tau * (m[a] * m[b] + s[a * q + b]);
            }
        }
    }

    public void AddPrecisionMeans(VectorGaussianPlateNode plate, int start, int end, Span<double> precisionMeans)
    {
        int q = _q, d = _d;
        var offsets = _offsets.Mean;
        for (int n = start; n < end; n++)
        {
            var x = _data.Row(n);
            var h = precisionMeans.Slice((n - start) * q, q);
            for (int j = 0; j < d; j++)
            {
                double r = x[j] - offsets[j];
                var b = _scaledLoadings.AsSpan(j * q, q);
                for (int a = 0; a < q; a++) h[a] += b[a] * r;
            }
        }
    }

    public void Accumulate(int start, int end, ReadOnlySpan<double> means, Span<double> statistics)
    {
        int q = _q, d = _d;
        var sumZ = statistics[..q];
        var sumZX = statistics.Slice(q, q * d);
        var sumZZ = statistics.Slice(q + q * d, q * q);
        for (int n = start; n < end; n++)
        {
            var x = _data.Row(n);
            var m = means.Slice((n - start) * q, q);
            for (int a = 0; a < q; a++)
            {
                double ma = m[a];
                sumZ[a] += ma;
                var row = sumZX.Slice(a * d, d);
                for (int j = 0; j < d; j++) row[j] += ma * x[j];
                for (int b = 0; b <= a; b++) sumZZ[a * q + b] += ma * m[b];
            }
        }
    }

    /// <summary>Keeps the statistics, completing Σₙ E[zₙzₙᵀ] = Σₙ mₙmₙᵀ + N S.</summary>
    public void EndPass(VectorGaussianPlateNode plate, double[] statistics)
    {
        int q = _q, d = _d;
        statistics.AsSpan(0, q).CopyTo(_sumZ);
        statistics.AsSpan(q, q * d).CopyTo(_sumZX);
        statistics.AsSpan(q + q * d, q * q).CopyTo(_sumZZ);
        for (int a = 0; a < q; a++)
            for (int b = 0; b <= a; b++)
                _sumZZ[b * q + a] = _sumZZ[a * q + b] += _n * plate.Covariance[a * q + b];
    }

    /// <summary>To wⱼ: precision E[τⱼ] Σₙ E[zₙzₙᵀ]; precision-times-mean E[τⱼ] (Σₙ E[zₙ]xₙⱼ − E[μⱼ] Σₙ E[zₙ]).</summary>
    public void SendTo(VectorGaussianArrayNode node)
    {
        int q = _q, qq = q * q, d = _d;
        for (int j = 0; j < d; j++)
        {
            double tau = _noise.Mean[NoiseIndex(j)], offset = _offsets.Mean[j];
            for (int i = 0; i < qq; i++) node.PrecisionSum[j * qq + i] += tau * _sumZZ[i];
            for (int a = 0; a < q; a++) node.PrecisionMeanSum[j * q + a] += tau * (_sumZX[a * d + j] - offset * _sumZ[a]);
        }
    }

    /// <summary>To μⱼ: precision N E[τⱼ]; precision-times-mean E[τⱼ] (Σₙ xₙⱼ − E[wⱼ]ᵀ Σₙ E[zₙ]).</summary>
    public void SendTo(GaussianArrayNode node)
    {
        for (int j = 0; j < _d; j++)
        {
            double tau = _noise.Mean[NoiseIndex(j)];
            var m = _loadings.Mean(j);
            double predicted = 0;
            for (int a = 0; a < _q; a++) predicted += m[a] * _sumZ[a];
            node.PrecisionSum[j] += _n * tau;
            node.PrecisionMeanSum[j] += tau * (_sumX[j] - predicted);
        }
    }

    /// <summary>To τₖ: shape N/2 and rate ½ Rⱼ for every data dimension j whose noise precision is τₖ.</summary>
    public void SendTo(GammaArrayNode node)
    {
        for (int j = 0; j < _d; j++)
        {
            int k = NoiseIndex(j);
            node.ShapeSum[k] += 0.5 * _n;
            node.RateSum[k] += 0.5 * ExpectedSquaredResidual(j);
        }
    }

    /// <summary>Σⱼ N/2 (E[log τⱼ] − log 2π) − ½ E[τⱼ] Rⱼ.</summary>
    public override double AverageLog()
    {
        double value = 0;
        for (int j = 0; j < _d; j++)
        {
            int k = NoiseIndex(j);
            value += 0.5 * (_n * (_noise.MeanLog[k] - SpecialFunctions.Log2Pi) - _noise.Mean[k] * ExpectedSquaredResidual(j));
        }
        return value;
    }

    /// <summary>Rⱼ = Σₙ E[(xₙⱼ − wⱼᵀzₙ − μⱼ)²], from the statistics alone (see the class summary).</summary>
    double ExpectedSquaredResidual(int j)
    {
        int q = _q, d = _d;
        var m = _loadings.Mean(j);
        var s = _loadings.Covariance(j);
        double offset = _offsets.Mean[j], offsetVariance = _offsets.Variance[j];
        double crossData = 0, crossOffset = 0, quadratic = 0;
        for (int a = 0; a < q; a++)
        {
            crossData += m[a] * _sumZX[a * d + j];
            crossOffset += m[a] * _sumZ[a];
            for (int b = 0; b < q; b++) quadratic += (m[a] * m[b] + s[a * q + b]) * _sumZZ[b * q + a];
        }
        double value = _sumXSquared[j] - 2 * crossData - 2 * offset * _sumX[j] + quadratic + 2 * offset * crossOffset
                       + _n * (offset * offset + offsetVariance);
        // Rⱼ ≥ N Var[μⱼ] > 0 exactly; the floor only keeps rounding in the expansion from making it negative.
        return Math.Max(value, 0);
    }
}
