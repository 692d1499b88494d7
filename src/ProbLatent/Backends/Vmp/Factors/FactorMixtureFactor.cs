using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The observation of a mixture of factor analysers or of PPCA: xₙⱼ | cₙ = k, hₙ ~ N(wₖⱼᵀhₙ + μₖⱼ, 1/τₖⱼ), with the
/// loadings' rows wₖⱼ, the means μₖⱼ (both indexed k·d + j) and the noise precisions τₖⱼ (factor analysers: one per
/// component and dimension, index k·d + j; PPCA: one per component, τₖ) selected by the component cₙ. Given
/// component k, it is <see cref="LinearGaussianFactor"/> with every point weighted by rₙₖ = q(cₙ = k):
/// <list type="bullet">
/// <item>to hₙ given cₙ = k: precision Aₖ = Σⱼ E[τₖⱼ] E[wₖⱼwₖⱼᵀ]; precision-times-mean bₙₖ = Σⱼ E[τₖⱼ] E[wₖⱼ] (xₙⱼ − E[μₖⱼ]);</item>
/// <item>to cₙ = k: E_q(hₙ|k)[log p(xₙ | hₙ, k)] = Σⱼ ½(E[log τₖⱼ] − log 2π − E[τₖⱼ] Var[μₖⱼ]) − ½ Σⱼ E[τₖⱼ](xₙⱼ − E[μₖⱼ])²
///   + bₙₖᵀmₙₖ − ½(mₙₖᵀAₖmₙₖ + tr AₖSₖ);</item>
/// <item>to wₖⱼ, μₖⱼ and τₖⱼ: the messages of <see cref="LinearGaussianSums"/> over component k's weighted sums.</item>
/// </list>
/// With <c>selected</c> false the decoder is one, shared by every component (a mixture of common factor analysers: the
/// components differ in where h sits, which h's own conditional says): the messages to hₙ given each component are then the
/// same decoder's, and its parameters' messages are those of the one set of sums over every component, weighted by rₙₖ.
/// </summary>
internal sealed class FactorMixtureFactor : Factor,
    IFactorMixturePlateFactor
{
    readonly DataMatrix _data;
    readonly VectorGaussianArrayNode _loadings;
    readonly GaussianArrayNode _means;
    readonly GammaArrayNode _noise;
    readonly int _k, _d, _q;
    readonly bool _isotropic, _selected;
    readonly int _decoders;                 // K when the component selects the decoder, else 1
    readonly LinearGaussianSums[] _sums;   // per decoder, weighted by q(c = k)
    readonly double[] _precisions;          // per pass: Aₖ, per decoder q×q
    readonly double[] _scaledLoadings;      // per pass: E[τₖⱼ] E[wₖⱼ], per decoder d×q
    readonly double[] _constants;           // per pass: Σⱼ ½(E[log τₖⱼ] − log 2π − E[τₖⱼ] Var[μₖⱼ]), per decoder

    public FactorMixtureFactor(string name, DataMatrix data, FactorMixturePlateNode plate, VectorGaussianArrayNode loadings,
        GaussianArrayNode means, GammaArrayNode noise, bool isotropic, bool selected = true) : base(name)
    {
        _k = plate.Components;
        _d = data.Columns;
        _q = plate.Dimension;
        _decoders = selected ? _k : 1;
        if (plate.Count != data.Rows || loadings.Count != _decoders * _d || loadings.Dimension != _q || means.Count != _decoders * _d
            || noise.Count != (isotropic ? _decoders : _decoders * _d))
            throw new ArgumentException(
                $"factor '{name}': the variables' sizes do not match {data.Rows} points of dimension {_d} with {_decoders} decoders of {_q} latent dimensions");
        _data = data;
        _loadings = loadings;
        _means = means;
        _noise = noise;
        _isotropic = isotropic;
        _selected = selected;
        _sums = Enumerable.Range(0, _decoders).Select(_ => new LinearGaussianSums(_d, _q)).ToArray();
        _precisions = new double[_decoders * _q * _q];
        _scaledLoadings = new double[_decoders * _d * _q];
        _constants = new double[_decoders];
    }

    public override bool IsLikelihood => true;

    /// <summary>The decoder component k reads.</summary>
    int Decoder(int k) => _selected ? k : 0;

    int NoiseIndex(int k, int j) => _isotropic ? k : k * _d + j;

    ReadOnlySpan<double> ComponentNoise(int k) => _isotropic ? _noise.Mean.AsSpan(k, 1) : _noise.Mean.AsSpan(k * _d, _d);

    /// <summary>Per component: N, Σ x (d), Σ x² (d), then Σ E[h], Σ E[h]xᵀ and Σ E[h]E[h]ᵀ, all weighted by q(c = k).</summary>
    int PerComponent => 1 + 2 * _d + _q + _q * _d + _q * _q;

    public int StatisticsLength => _k * PerComponent;

    public void BeginPass(FactorMixturePlateNode plate, Span<double> precisions)
    {
        int d = _d, q = _q, qq = q * q;
        Array.Clear(_precisions);
        for (int k = 0; k < _decoders; k++)
        {
            LinearGaussianSums.AddPlatePrecision(_loadings.Means.AsSpan(k * d * q, d * q), _loadings.Covariances.AsSpan(k * d * qq, d * qq),
                ComponentNoise(k), d, q, _precisions.AsSpan(k * qq, qq), _scaledLoadings.AsSpan(k * d * q, d * q));
            double c = 0;
            for (int j = 0; j < d; j++)
            {
                int t = NoiseIndex(k, j);
                c += 0.5 * (_noise.MeanLog[t] - SpecialFunctions.Log2Pi - _noise.Mean[t] * _means.Variance[k * d + j]);
            }
            _constants[k] = c;
        }
        if (_selected)
            for (int i = 0; i < _precisions.Length; i++) precisions[i] += _precisions[i];
        else
            for (int k = 0; k < _k; k++)
                for (int i = 0; i < qq; i++) precisions[k * qq + i] += _precisions[i];
    }

    public void AddPrecisionMeans(FactorMixturePlateNode plate, int start, int end, Span<double> precisionMeans)
    {
        int d = _d, q = _q;
        for (int n = start; n < end; n++)
        {
            var x = _data.Row(n);
            for (int k = 0; k < _k; k++)
            {
                int decoder = Decoder(k);
                LinearGaussianSums.AddPrecisionMean(x, _means.Mean.AsSpan(decoder * d, d), _scaledLoadings.AsSpan(decoder * d * q, d * q),
                    precisionMeans.Slice(((n - start) * _k + k) * q, q));
            }
        }
    }

    public void AddLogMessages(FactorMixturePlateNode plate, int start, int end, ReadOnlySpan<double> means, Span<double> logPotentials)
    {
        int d = _d, q = _q, qq = q * q;
        Span<double> traces = _k <= 64 ? stackalloc double[_k] : new double[_k];
        for (int k = 0; k < _k; k++)
        {
            var a = _precisions.AsSpan(Decoder(k) * qq, qq);
            var s = plate.Covariance(k);
            double trace = 0;
            for (int i = 0; i < qq; i++) trace += a[i] * s[i];
            traces[k] = trace;
        }
        for (int n = start; n < end; n++)
        {
            var x = _data.Row(n);
            for (int k = 0; k < _k; k++)
            {
                int decoder = Decoder(k);
                var m = means.Slice(((n - start) * _k + k) * q, q);
                var offsets = _means.Mean.AsSpan(decoder * d, d);
                var scaled = _scaledLoadings.AsSpan(decoder * d * q, d * q);
                var a = _precisions.AsSpan(decoder * qq, qq);
                double squares = 0, cross = 0, quadratic = 0;
                for (int j = 0; j < d; j++)
                {
                    double r = x[j] - offsets[j];
                    squares += _noise.Mean[NoiseIndex(decoder, j)] * r * r;
                    double projected = 0;
                    for (int i = 0; i < q; i++) projected += scaled[j * q + i] * m[i];
                    cross += r * projected;
                }
                for (int i = 0; i < q; i++)
                {
                    double row = 0;
                    for (int l = 0; l < q; l++) row += a[i * q + l] * m[l];
                    quadratic += m[i] * row;
                }
                logPotentials[(n - start) * _k + k] += _constants[decoder] - 0.5 * squares + cross - 0.5 * (quadratic + traces[k]);
            }
        }
    }

    public void Accumulate(int start, int end, ReadOnlySpan<double> responsibilities, ReadOnlySpan<double> means, Span<double> statistics)
    {
        if (!_selected)
        {
            AccumulateShared(start, end, responsibilities, means, statistics);
            return;
        }
        int d = _d, q = _q, size = PerComponent;
        for (int n = start; n < end; n++)
        {
            var x = _data.Row(n);
            for (int k = 0; k < _k; k++)
            {
                double w = responsibilities[(n - start) * _k + k];
                if (w == 0) continue;
                var block = statistics.Slice(k * size, size);
                block[0] += w;
                var sumX = block.Slice(1, d);
                var sumXSquared = block.Slice(1 + d, d);
                for (int j = 0; j < d; j++)
                {
                    double wx = w * x[j];
                    sumX[j] += wx;
                    sumXSquared[j] += wx * x[j];
                }
                int latent = 1 + 2 * d;
                LinearGaussianSums.AddLatentMoments(x, means.Slice(((n - start) * _k + k) * q, q), w,
                    block.Slice(latent, q), block.Slice(latent + q, q * d), block.Slice(latent + q + q * d, q * q));
            }
        }
    }

    /// <summary>
    /// The sums of a decoder the components share, in the first component's block: Σ xₙ and Σ xₙ² once per point, Σ E[zₙ] and
    /// Σ E[zₙ] xₙᵀ from the point's mean over its components m̄ₙ = Σₖ rₙₖ mₙₖ, and Σₖ rₙₖ mₙₖmₙₖᵀ; each component's
    /// block keeps only its count Nₖ, which weighs its covariance Sₖ in <see cref="EndSharedPass"/>.
    /// </summary>
    void AccumulateShared(int start, int end, ReadOnlySpan<double> responsibilities, ReadOnlySpan<double> means, Span<double> statistics)
    {
        int d = _d, q = _q, size = PerComponent, latent = 1 + 2 * d;
        var sumX = statistics.Slice(1, d);
        var sumXSquared = statistics.Slice(1 + d, d);
        var sumZ = statistics.Slice(latent, q);
        var sumZX = statistics.Slice(latent + q, q * d);
        var sumZZ = statistics.Slice(latent + q + q * d, q * q);
        Span<double> mixed = stackalloc double[q];
        for (int n = start; n < end; n++)
        {
            var x = _data.Row(n);
            mixed.Clear();
            for (int k = 0; k < _k; k++)
            {
                double w = responsibilities[(n - start) * _k + k];
                if (w == 0) continue;
                statistics[k * size] += w;
                var m = means.Slice(((n - start) * _k + k) * q, q);
                for (int a = 0; a < q; a++)
                {
                    double ma = w * m[a];
                    mixed[a] += ma;
                    for (int b = 0; b <= a; b++) sumZZ[a * q + b] += ma * m[b];
                }
            }
            for (int j = 0; j < d; j++)
            {
                sumX[j] += x[j];
                sumXSquared[j] += x[j] * x[j];
            }
            for (int a = 0; a < q; a++)
            {
                sumZ[a] += mixed[a];
                var row = sumZX.Slice(a * d, d);
                for (int j = 0; j < d; j++) row[j] += mixed[a] * x[j];
            }
        }
    }

    /// <summary>
    /// Keeps each component's sums, completing Σₙ rₙₖ E[hₙhₙᵀ | k] = Σₙ rₙₖ mₙₖmₙₖᵀ + Nₖ Sₖ; a shared decoder keeps their sum
    /// over the components, completed by Σₖ Nₖ Sₖ.
    /// </summary>
    public void EndPass(FactorMixturePlateNode plate, double[] statistics)
    {
        if (!_selected)
        {
            EndSharedPass(plate, statistics);
            return;
        }
        int d = _d, q = _q, size = PerComponent, latent = 1 + 2 * d;
        for (int k = 0; k < _k; k++)
        {
            var block = statistics.AsSpan(k * size, size);
            var sums = _sums[k];
            sums.Count = block[0];
            block.Slice(1, d).CopyTo(sums.SumX);
            block.Slice(1 + d, d).CopyTo(sums.SumXSquared);
            block.Slice(latent, q).CopyTo(sums.SumZ);
            block.Slice(latent + q, q * d).CopyTo(sums.SumZX);
            block.Slice(latent + q + q * d, q * q).CopyTo(sums.SumZZ);
            sums.CompleteSecondMoments(plate.Covariance(k));
        }
    }

    void EndSharedPass(FactorMixturePlateNode plate, double[] statistics)
    {
        int d = _d, q = _q, qq = q * q, size = PerComponent, latent = 1 + 2 * d;
        var sums = _sums[0];
        var shared = statistics.AsSpan(0, size);
        shared.Slice(1, d).CopyTo(sums.SumX);
        shared.Slice(1 + d, d).CopyTo(sums.SumXSquared);
        shared.Slice(latent, q).CopyTo(sums.SumZ);
        shared.Slice(latent + q, q * d).CopyTo(sums.SumZX);
        shared.Slice(latent + q + q * d, qq).CopyTo(sums.SumZZ);
        sums.Count = 0;
        var covariances = new double[qq];
        for (int k = 0; k < _k; k++)
        {
            double count = statistics[k * size];
            sums.Count += count;
            var s = plate.Covariance(k);
            for (int i = 0; i < qq; i++) covariances[i] += count * s[i];
        }
        sums.CompleteSecondMoments(covariances, weight: 1);
    }

    public override void SendTo(Node argument)
    {
        if (argument == _loadings) ToLoadings(_loadings);
        else if (argument == _means) ToMeans(_means);
        else if (argument == _noise) ToNoise(_noise);
        else throw NotAnArgument(argument);
    }

    void ToLoadings(VectorGaussianArrayNode node)
    {
        int q = _q, qq = q * q;
        for (int k = 0; k < _decoders; k++)
            for (int j = 0; j < _d; j++)
            {
                int row = k * _d + j;
                _sums[k].AddLoadingMessage(j, _noise.Mean[NoiseIndex(k, j)], _means.Mean[row], node.PrecisionSum.AsSpan(row * qq, qq),
                    node.PrecisionMeanSum.AsSpan(row * q, q));
            }
    }

    void ToMeans(GaussianArrayNode node)
    {
        for (int k = 0; k < _decoders; k++)
            for (int j = 0; j < _d; j++)
            {
                int row = k * _d + j;
                var (precision, precisionMean) = _sums[k].OffsetMessage(j, _noise.Mean[NoiseIndex(k, j)], _loadings.Mean(row));
                node.PrecisionSum[row] += precision;
                node.PrecisionMeanSum[row] += precisionMean;
            }
    }

    /// <summary>To τₖⱼ (or τₖ): shape Nₖ/2 and rate ½ Rₖⱼ for every dimension j it is the precision of.</summary>
    void ToNoise(GammaArrayNode node)
    {
        for (int k = 0; k < _decoders; k++)
            for (int j = 0; j < _d; j++)
            {
                int t = NoiseIndex(k, j);
                node.ShapeSum[t] += 0.5 * _sums[k].Count;
                node.RateSum[t] += 0.5 * ExpectedSquaredResidual(k, j);
            }
    }

    /// <summary>Σₖ Σⱼ Nₖ/2 (E[log τₖⱼ] − log 2π) − ½ E[τₖⱼ] Rₖⱼ.</summary>
    public override double AverageLog()
    {
        double value = 0;
        for (int k = 0; k < _decoders; k++)
            for (int j = 0; j < _d; j++)
            {
                int t = NoiseIndex(k, j);
                value += 0.5 * (_sums[k].Count * (_noise.MeanLog[t] - SpecialFunctions.Log2Pi) - _noise.Mean[t] * ExpectedSquaredResidual(k, j));
            }
        return value;
    }

    double ExpectedSquaredResidual(int k, int j)
    {
        int row = k * _d + j;
        return _sums[k].ExpectedSquaredResidual(j, _loadings.Mean(row), _loadings.Covariance(row), _means.Mean[row], _means.Variance[row]);
    }
}
