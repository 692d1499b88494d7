using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The observation of a mixture of factor analysers or of PPCA (<see cref="FactorMixtureFactor"/>), or of one factor
/// analyser or PPCA (a plate of one component), on data in memory with missing cells. Given hₙ and cₙ a row's cells are
/// independent, so integrating a missing one out of p(xₙ | hₙ, cₙ, θ) leaves the product over the observed cells O(n): each
/// factor below is the complete one's with its sums over j restricted to O(n), and each cell's sums over the rows that
/// observe it. With p the row's pattern of missing cells:
/// <list type="bullet">
/// <item>to hₙ given cₙ = k: precision A_pk = Σ_{j∈O(p)} E[τₖⱼ] E[wₖⱼwₖⱼᵀ], shared by the rows of the pattern (the plate
/// keeps a covariance per pattern and component); precision-times-mean Σ_{j∈O(n)} E[τₖⱼ] E[wₖⱼ] (xₙⱼ − E[μₖⱼ]);</item>
/// <item>to cₙ = k: E_q(hₙ|k)[log p(x_on | hₙ, k)], the complete message over O(n), with tr(A_pk S_pk);</item>
/// <item>to wₖⱼ, μₖⱼ and τₖⱼ: the messages of <see cref="LinearGaussianSums"/> over cell (k, j)'s own sums — its count
/// Nₖⱼ = Σ rₙₖ, Σ rₙₖ xₙⱼ, Σ rₙₖ xₙⱼ², Σ rₙₖ E[hₙ | k], Σ rₙₖ E[hₙ | k] xₙⱼ and Σ rₙₖ E[hₙhₙᵀ | k] over the rows n that
/// observe column j — so the updates stay conjugate, and the average log is the ELBO's term of log p(x_observed).</item>
/// </list>
/// The precision, its Cholesky factor and the covariance are computed once per pattern, the rest per row over its
/// observed cells. A decoder shared by the components (a mixture of common factor analysers) is not taken here.
/// </summary>
internal sealed class MissingCellsFactorMixtureFactor : Factor,
    IFactorMixturePlateFactor
{
    readonly DataMatrix _data;
    readonly MissingPatterns _missing;
    readonly FactorMixturePlateNode _plate;
    readonly VectorGaussianArrayNode _loadings;
    readonly GaussianArrayNode _means;
    readonly GammaArrayNode _noise;
    readonly int _k, _d, _q;
    readonly bool _isotropic;
    readonly LinearGaussianSums[] _cells;   // per component and column, k·d + j: the sums over the rows observing the column
    readonly double[] _cellPrecisions;      // per pass: E[τₖⱼ] E[wₖⱼwₖⱼᵀ], K·d×q×q
    readonly double[] _scaledLoadings;      // per pass: E[τₖⱼ] E[wₖⱼ], K·d×q
    readonly double[] _precisions;          // per pass: A_pk, P×K×q×q
    readonly double[] _constants;           // per pass: Σ_{j∈O(p)} ½(E[log τₖⱼ] − log 2π − E[τₖⱼ] Var[μₖⱼ]), P×K

    public MissingCellsFactorMixtureFactor(string name, DataMatrix data, FactorMixturePlateNode plate, VectorGaussianArrayNode loadings,
        GaussianArrayNode means, GammaArrayNode noise, bool isotropic) : base(name)
    {
        _k = plate.Components;
        _d = data.Columns;
        _q = plate.Dimension;
        if (plate.Count != data.Rows || loadings.Count != _k * _d || loadings.Dimension != _q || means.Count != _k * _d
            || noise.Count != (isotropic ? _k : _k * _d))
            throw new ArgumentException(
                $"factor '{name}': the variables' sizes do not match {data.Rows} points of dimension {_d} with {_k} decoders of {_q} latent dimensions");
        _data = data;
        _missing = plate.Missing ?? throw new ArgumentException("the observation of missing cells needs a plate that keeps their patterns", nameof(plate));
        _plate = plate;
        _loadings = loadings;
        _means = means;
        _noise = noise;
        _isotropic = isotropic;
        _cells = Enumerable.Range(0, _k * _d).Select(_ => new LinearGaussianSums(1, _q)).ToArray();
        _cellPrecisions = new double[_k * _d * _q * _q];
        _scaledLoadings = new double[_k * _d * _q];
        _precisions = new double[plate.Patterns * _k * _q * _q];
        _constants = new double[plate.Patterns * _k];
    }

    public override bool IsLikelihood => true;

    int NoiseIndex(int k, int j) => _isotropic ? k : k * _d + j;

    /// <summary>Per cell (k, j): Nₖⱼ, Σ x, Σ x², then Σ E[h] (q), Σ E[h] x (q) and Σ E[hhᵀ] (q×q, lower triangle), all weighted by rₙₖ.</summary>
    int CellLength => 3 + 2 * _q + _q * _q;

    public int StatisticsLength => _k * _d * CellLength;

    public void BeginPass(FactorMixturePlateNode plate, Span<double> precisions)
    {
        int d = _d, q = _q, qq = q * q;
        Array.Clear(_cellPrecisions);
        for (int row = 0; row < _k * d; row++)
            LinearGaussianSums.AddPlatePrecision(_loadings.Means.AsSpan(row * q, q), _loadings.Covariances.AsSpan(row * qq, qq),
                _noise.Mean.AsSpan(NoiseIndex(row / d, row % d), 1), 1, q, _cellPrecisions.AsSpan(row * qq, qq), _scaledLoadings.AsSpan(row * q, q));
        Array.Clear(_precisions);
        for (int p = 0; p < plate.Patterns; p++)
            for (int k = 0; k < _k; k++)
            {
                int slot = p * _k + k;
                var a = _precisions.AsSpan(slot * qq, qq);
                double c = 0;
                foreach (int j in _missing.Patterns[p].Observed)
                {
                    int row = k * d + j, t = NoiseIndex(k, j);
                    var cell = _cellPrecisions.AsSpan(row * qq, qq);
                    for (int i = 0; i < qq; i++) a[i] += cell[i];
                    c += 0.5 * (_noise.MeanLog[t] - SpecialFunctions.Log2Pi - _noise.Mean[t] * _means.Variance[row]);
                }
                _constants[slot] = c;
                var target = precisions.Slice(slot * qq, qq);
                for (int i = 0; i < qq; i++) target[i] += a[i];
            }
    }

    public void AddPrecisionMeans(FactorMixturePlateNode plate, int start, int end, Span<double> precisionMeans)
    {
        int d = _d, q = _q;
        for (int n = start; n < end; n++)
        {
            var x = _data.Row(n);
            var observed = _missing.Patterns[_missing.PatternOf(n)].Observed;
            for (int k = 0; k < _k; k++)
            {
                var h = precisionMeans.Slice(((n - start) * _k + k) * q, q);
                foreach (int j in observed)
                {
                    double r = x[j] - _means.Mean[k * d + j];
                    var b = _scaledLoadings.AsSpan((k * d + j) * q, q);
                    for (int a = 0; a < q; a++) h[a] += b[a] * r;
                }
            }
        }
    }

    public void AddLogMessages(FactorMixturePlateNode plate, int start, int end, ReadOnlySpan<double> means, Span<double> logPotentials)
    {
        int d = _d, q = _q, qq = q * q;
        for (int n = start; n < end; n++)
        {
            var x = _data.Row(n);
            int p = _missing.PatternOf(n);
            var observed = _missing.Patterns[p].Observed;
            for (int k = 0; k < _k; k++)
            {
                int slot = p * _k + k;
                var m = means.Slice(((n - start) * _k + k) * q, q);
                var a = _precisions.AsSpan(slot * qq, qq);
                var s = plate.Covariance(p, k);
                double squares = 0, cross = 0, quadratic = 0, trace = 0;
                foreach (int j in observed)
                {
                    int row = k * d + j;
                    double r = x[j] - _means.Mean[row];
                    squares += _noise.Mean[NoiseIndex(k, j)] * r * r;
                    var b = _scaledLoadings.AsSpan(row * q, q);
                    double projected = 0;
                    for (int i = 0; i < q; i++) projected += b[i] * m[i];
                    cross += r * projected;
                }
                for (int i = 0; i < q; i++)
                {
                    double v = 0;
                    for (int l = 0; l < q; l++) v += a[i * q + l] * m[l];
                    quadratic += m[i] * v;
                }
                for (int i = 0; i < qq; i++) trace += a[i] * s[i];
                logPotentials[(n - start) * _k + k] += _constants[slot] - 0.5 * squares + cross - 0.5 * (quadratic + trace);
            }
        }
    }

    /// <summary>Each row's share of its observed cells' sums: rₙₖ, rₙₖxₙⱼ, rₙₖxₙⱼ², rₙₖmₙₖ, rₙₖmₙₖxₙⱼ and rₙₖ(mₙₖmₙₖᵀ + S_pk).</summary>
    public void Accumulate(int start, int end, ReadOnlySpan<double> responsibilities, ReadOnlySpan<double> means, Span<double> statistics)
    {
        int d = _d, q = _q, size = CellLength;
        Span<double> second = q <= 16 ? stackalloc double[q * q] : new double[q * q];
        for (int n = start; n < end; n++)
        {
            var x = _data.Row(n);
            int p = _missing.PatternOf(n);
            var observed = _missing.Patterns[p].Observed;
            for (int k = 0; k < _k; k++)
            {
                double w = responsibilities[(n - start) * _k + k];
                if (w == 0) continue;
                var m = means.Slice(((n - start) * _k + k) * q, q);
                var s = _plate.Covariance(p, k);
                for (int a = 0; a < q; a++)
                    for (int b = 0; b <= a; b++) second[a * q + b] = w * (m[a] * m[b] + s[a * q + b]);
                foreach (int j in observed)
                {
                    var cell = statistics.Slice((k * d + j) * size, size);
                    double xj = x[j];
                    cell[0] += w;
                    cell[1] += w * xj;
                    cell[2] += w * xj * xj;
                    for (int a = 0; a < q; a++)
                    {
                        double wm = w * m[a];
                        cell[3 + a] += wm;
                        cell[3 + q + a] += wm * xj;
                        for (int b = 0; b <= a; b++) cell[3 + 2 * q + a * q + b] += second[a * q + b];
                    }
                }
            }
        }
    }

    public void EndPass(FactorMixturePlateNode plate, double[] statistics)
    {
        int q = _q, size = CellLength;
        for (int row = 0; row < _k * _d; row++)
        {
            var cell = statistics.AsSpan(row * size, size);
            var sums = _cells[row];
            sums.Count = cell[0];
            sums.SumX[0] = cell[1];
            sums.SumXSquared[0] = cell[2];
            cell.Slice(3, q).CopyTo(sums.SumZ);
            cell.Slice(3 + q, q).CopyTo(sums.SumZX);
            var second = cell.Slice(3 + 2 * q, q * q);
            for (int a = 0; a < q; a++)
                for (int b = 0; b <= a; b++) sums.SumZZ[a * q + b] = sums.SumZZ[b * q + a] = second[a * q + b];
        }
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
        for (int row = 0; row < _k * _d; row++)
            _cells[row].AddLoadingMessage(0, _noise.Mean[NoiseIndex(row / _d, row % _d)], _means.Mean[row], node.PrecisionSum.AsSpan(row * qq, qq),
                node.PrecisionMeanSum.AsSpan(row * q, q));
    }

    void ToMeans(GaussianArrayNode node)
    {
        for (int row = 0; row < _k * _d; row++)
        {
            var (precision, precisionMean) = _cells[row].OffsetMessage(0, _noise.Mean[NoiseIndex(row / _d, row % _d)], _loadings.Mean(row));
            node.PrecisionSum[row] += precision;
            node.PrecisionMeanSum[row] += precisionMean;
        }
    }

    /// <summary>To τₖⱼ (or τₖ): shape Nₖⱼ/2 and rate ½ Rₖⱼ for every cell (k, j) it is the precision of, Rₖⱼ over the rows observing j.</summary>
    void ToNoise(GammaArrayNode node)
    {
        for (int row = 0; row < _k * _d; row++)
        {
            int t = NoiseIndex(row / _d, row % _d);
            node.ShapeSum[t] += 0.5 * _cells[row].Count;
            node.RateSum[t] += 0.5 * ExpectedSquaredResidual(row);
        }
    }

    /// <summary>Σₖⱼ Nₖⱼ/2 (E[log τₖⱼ] − log 2π) − ½ E[τₖⱼ] Rₖⱼ over the observed cells.</summary>
    public override double AverageLog()
    {
        double value = 0;
        for (int row = 0; row < _k * _d; row++)
        {
            int t = NoiseIndex(row / _d, row % _d);
            value += 0.5 * (_cells[row].Count * (_noise.MeanLog[t] - SpecialFunctions.Log2Pi) - _noise.Mean[t] * ExpectedSquaredResidual(row));
        }
        return value;
    }

    double ExpectedSquaredResidual(int row) =>
        _cells[row].ExpectedSquaredResidual(0, _loadings.Mean(row), _loadings.Covariance(row), _means.Mean[row], _means.Variance[row]);
}
