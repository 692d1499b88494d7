using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The observation of a linear-Gaussian model: xₙⱼ ~ N(wⱼᵀzₙ + μⱼ, 1/τ_{k(j)}) for every point n and data
/// dimension j, with wⱼ the j-th row of the d×q loadings W, μ the offsets, and k(j) = j (factor analysis: one noise
/// precision per dimension) or k(j) = 0 (PPCA: one shared precision). With E[wwᵀ] = mmᵀ + Σ for each q(w), and
/// E[zₙzₙᵀ] = mₙmₙᵀ + S for the plate's shared covariance S, its messages to the parameters are
/// the messages and average log of <see cref="LinearGaussianSums"/> over every point, with N the number of points. Rⱼ is
/// expanded so that it needs only the sums of q(z)'s means the plate's update gives and the data's fixed Σₙ xₙⱼ and Σₙ xₙⱼ².
/// To zₙ: precision Σⱼ E[τⱼ] E[wⱼwⱼᵀ] (the same for every n); precision-times-mean Σⱼ E[τⱼ] E[wⱼ] (xₙⱼ − E[μⱼ]), affine in
/// xₙ, so the plate's means and every sum above follow from the data's count, mean and covariance (<see cref="DataMoments"/>)
/// and no message reads a row: the data in memory, a source and shards are read once, into those moments, before the fit.
/// </summary>
internal sealed class LinearGaussianFactor : Factor,
    IMomentPlateFactor
{
    readonly VectorGaussianArrayNode _loadings;
    readonly GaussianArrayNode _offsets;
    readonly GammaArrayNode _noise;
    readonly int _n, _d, _q;
    readonly LinearGaussianSums _sums;         // Σₙ xₙ and Σₙ xₙ² fixed by the data, the rest given by the plate's update
    readonly double[] _scaledLoadings;         // per pass: E[τⱼ] E[wⱼ], d×q

    public LinearGaussianFactor(string name, DataMoments data, VectorGaussianPlateNode z, VectorGaussianArrayNode loadings,
        GaussianArrayNode offsets, GammaArrayNode noise) : base(name)
    {
        _n = data.Count;
        _d = data.Dimension;
        _q = z.Dimension;
        if (z.Count != _n || loadings.Count != _d || loadings.Dimension != _q || offsets.Count != _d || (noise.Count != _d && noise.Count != 1))
            throw new ArgumentException($"factor '{name}': the variables' sizes do not match {_n} points of dimension {_d} with {_q} latent dimensions");
        _loadings = loadings;
        _offsets = offsets;
        _noise = noise;
        _sums = new LinearGaussianSums(_d, _q) { Count = _n };
        for (int j = 0; j < _d; j++)
        {
            double mean = data.Mean[j];
            _sums.SumX[j] = _n * mean;
            _sums.SumXSquared[j] = _n * (data.Covariance[j * _d + j] + mean * mean);
        }
        _scaledLoadings = new double[_d * _q];
    }

    public override bool IsLikelihood => true;

    /// <summary>The noise precision of data dimension j: its own (factor analysis) or the shared one (PPCA).</summary>
    int NoiseIndex(int j) => _noise.Count == 1 ? 0 : j;

    public void BeginPass(VectorGaussianPlateNode plate, Span<double> precision) =>
        LinearGaussianSums.AddPlatePrecision(_loadings.Means, _loadings.Covariances, _noise.Mean, _d, _q, precision, _scaledLoadings);

    /// <summary>Σⱼ E[τⱼ] E[wⱼ] (xⱼ − E[μⱼ]): Lᵀ's row j is E[τⱼ] E[wⱼ], and h₀ = −Σⱼ E[τⱼ] E[wⱼ] E[μⱼ].</summary>
    public void AddPrecisionMeanMap(VectorGaussianPlateNode plate, Span<double> linear, Span<double> constant)
    {
        int q = _q;
        for (int j = 0; j < _d; j++)
        {
            double offset = _offsets.Mean[j];
            for (int a = 0; a < q; a++)
            {
                double b = _scaledLoadings[j * q + a];
                linear[j * q + a] += b;
                constant[a] -= b * offset;
            }
        }
    }

    /// <summary>Keeps the sums, completing Σₙ E[zₙzₙᵀ] = Σₙ mₙmₙᵀ + N S.</summary>
    public void EndPass(VectorGaussianPlateNode plate, PlateMeanSums sums)
    {
        sums.Means.CopyTo(_sums.SumZ, 0);
        sums.MeansTimesData.CopyTo(_sums.SumZX, 0);
        sums.MeanSquares.CopyTo(_sums.SumZZ, 0);
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
