using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The observation of a linear-Gaussian model: xₙⱼ ~ N(wⱼᵀzₙ + μⱼ, 1/τ_{k(j)}) for every point n and data
/// dimension j, with wⱼ the j-th row of the d×q loadings W, μ the offsets, and k(j) = j (factor analysis: one noise
/// precision per dimension) or k(j) = 0 (PPCA: one shared precision). With E[wwᵀ] = mmᵀ + Σ for each q(w), and
/// E[zₙzₙᵀ] = mₙmₙᵀ + S for the plate's shared covariance S, its messages to the parameters are
/// the messages and average log of <see cref="LinearGaussianSums"/> over every point, with N the number of points. Rⱼ is
/// expanded so that it needs only the statistics the plate's pass gathers and the data's fixed Σₙ xₙⱼ and Σₙ xₙⱼ², so
/// neither the parameter messages nor the average log read the data or the N×q means again. To zₙ: precision
/// Σⱼ E[τⱼ] E[wⱼwⱼᵀ] (the same for every n); precision-times-mean Σⱼ E[τⱼ] E[wⱼ] (xₙⱼ − E[μⱼ]).
/// </summary>
internal sealed class LinearGaussianFactor : Factor,
    IVectorGaussianPlateFactor
{
    readonly DataMatrix _data;
    readonly VectorGaussianArrayNode _loadings;
    readonly GaussianArrayNode _offsets;
    readonly GammaArrayNode _noise;
    readonly int _n, _d, _q;
    readonly LinearGaussianSums _sums;         // Σₙ xₙ and Σₙ xₙ² fixed by the data, the rest gathered by the plate's pass
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
        _sums = new LinearGaussianSums(_d, _q) { Count = _n };
        for (int n = 0; n < _n; n++)
        {
            var x = data.Row(n);
            for (int j = 0; j < _d; j++)
            {
                _sums.SumX[j] += x[j];
                _sums.SumXSquared[j] += x[j] * x[j];
            }
        }
        _scaledLoadings = new double[_d * _q];
    }

    public override bool IsLikelihood => true;

    /// <summary>The noise precision of data dimension j: its own (factor analysis) or the shared one (PPCA).</summary>
    int NoiseIndex(int j) => _noise.Count == 1 ? 0 : j;

    public int StatisticsLength => _q + _q * _d + _q * _q;

    public void BeginPass(VectorGaussianPlateNode plate, Span<double> precision) =>
        LinearGaussianSums.AddPlatePrecision(_loadings.Means, _loadings.Covariances, _noise.Mean, _d, _q, precision, _scaledLoadings);

    public void AddPrecisionMeans(VectorGaussianPlateNode plate, int start, int end, Span<double> precisionMeans)
    {
        for (int n = start; n < end; n++)
            LinearGaussianSums.AddPrecisionMean(_data.Row(n), _offsets.Mean, _scaledLoadings, precisionMeans.Slice((n - start) * _q, _q));
    }

    public void Accumulate(int start, int end, ReadOnlySpan<double> means, Span<double> statistics)
    {
        int q = _q, d = _d;
        var sumZ = statistics[..q];
        var sumZX = statistics.Slice(q, q * d);
        var sumZZ = statistics.Slice(q + q * d, q * q);
        for (int n = start; n < end; n++)
            LinearGaussianSums.AddLatentMoments(_data.Row(n), means.Slice((n - start) * q, q), 1, sumZ, sumZX, sumZZ);
    }

    /// <summary>Keeps the statistics, completing Σₙ E[zₙzₙᵀ] = Σₙ mₙmₙᵀ + N S.</summary>
    public void EndPass(VectorGaussianPlateNode plate, double[] statistics)
    {
        int q = _q, d = _d;
        statistics.AsSpan(0, q).CopyTo(_sums.SumZ);
        statistics.AsSpan(q, q * d).CopyTo(_sums.SumZX);
        statistics.AsSpan(q + q * d, q * q).CopyTo(_sums.SumZZ);
        _sums.CompleteSecondMoments(plate.Covariance);
    }

    public override void SendTo(Node argument)
    {
        if (argument == _loadings) ToLoadings(_loadings);
        else if (argument == _offsets) ToOffsets(_offsets);
        else if (argument == _noise) ToNoise(_noise);
        else throw NotAnArgument(argument);
    }

    /// <summary>To wⱼ: precision E[τⱼ] Σₙ E[zₙzₙᵀ]; precision-times-mean E[τⱼ] (Σₙ E[zₙ]xₙⱼ − E[μⱼ] Σₙ E[zₙ]).</summary>
    void ToLoadings(VectorGaussianArrayNode node)
    {
        int q = _q, qq = q * q;
        for (int j = 0; j < _d; j++)
            _sums.AddLoadingMessage(j, _noise.Mean[NoiseIndex(j)], _offsets.Mean[j], node.PrecisionSum.AsSpan(j * qq, qq), node.PrecisionMeanSum.AsSpan(j * q, q));
    }

    /// <summary>To μⱼ: precision N E[τⱼ]; precision-times-mean E[τⱼ] (Σₙ xₙⱼ − E[wⱼ]ᵀ Σₙ E[zₙ]).</summary>
    void ToOffsets(GaussianArrayNode node)
    {
        for (int j = 0; j < _d; j++)
        {
            var (precision, precisionMean) = _sums.OffsetMessage(j, _noise.Mean[NoiseIndex(j)], _loadings.Mean(j));
            node.PrecisionSum[j] += precision;
            node.PrecisionMeanSum[j] += precisionMean;
        }
    }

    /// <summary>To τₖ: shape N/2 and rate ½ Rⱼ for every data dimension j whose noise precision is τₖ.</summary>
    void ToNoise(GammaArrayNode node)
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

    double ExpectedSquaredResidual(int j) =>
        _sums.ExpectedSquaredResidual(j, _loadings.Mean(j), _loadings.Covariance(j), _offsets.Mean[j], _offsets.Variance[j]);
}
