using ProbLatent.Data;
using ProbLatent.Distributions;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Nodes;

/// <summary>
/// q(zₙ) = N(mₙ, S) for each of N points of dimension q, with one covariance S shared by all points: every factor
/// of the plate sends the same precision to each row, so S⁻¹ = Σ messages' precisions and mₙ = S Σ messages'
/// precision-times-means of row n. Two kinds of plate:
/// <list type="bullet">
/// <item>over the data's moments (<see cref="IMomentPlateFactor"/>): each factor's precision-times-mean is affine in xₙ, so
/// mₙ = P xₙ + c and an update takes P and c, then the sums its factors need from the count, mean and covariance of the
/// rows alone — the same arithmetic whether the rows are in memory, in a source or on shards, and no row read;</item>
/// <item>over rows in memory (<see cref="IVectorGaussianPlateFactor"/>, for factors whose message reads each row as it is,
/// such as one with missing cells): the means are an N×q array, and an update is one parallel pass over row blocks that
/// computes each row's mean and lets every factor gather its statistics of the new q in the same pass.</item>
/// </list>
/// </summary>
internal sealed class VectorGaussianPlateNode : Node
{
    readonly DataMoments? _moments;
    readonly double[] _meanMap = [], _meanOffset = [];
    Cholesky? _precisionFactor;

    /// <summary>A plate over rows in memory, whose every mean it keeps.</summary>
    public VectorGaussianPlateNode(string name, int count, int dimension) : base(name)
    {
        Count = count;
        Dimension = dimension;
        Precision = new double[dimension * dimension];
        Covariance = new double[dimension * dimension];
        Means = new double[count * dimension];
    }

    /// <summary>A plate over rows it knows by their moments alone, keeping the map from a row to its mean.</summary>
    public VectorGaussianPlateNode(string name, DataMoments moments, int dimension) : this(name, 0, dimension)
    {
        _moments = moments;
        Count = moments.Count;
        _meanMap = new double[moments.Dimension * dimension];
        _meanOffset = new double[dimension];
    }

    public int Count { get; }
    public int Dimension { get; }

    /// <summary>Σ messages' precisions, q×q: S⁻¹.</summary>
    public double[] Precision { get; }

    /// <summary>S, q×q, shared by every point.</summary>
    public double[] Covariance { get; }

    /// <summary>mₙ, row-major N×q, of a plate over rows in memory (empty over moments: see <see cref="MeansOf"/>).</summary>
    public double[] Means { get; }

    public ReadOnlySpan<double> Mean(int n) => Means.AsSpan(n * Dimension, Dimension);

    public override void Update(bool priorsOnly = false)
    {
        Array.Clear(Precision);
        if (_moments is { } moments)
        {
            var factors = Senders<IMomentPlateFactor>(false).ToArray();
            foreach (var f in factors) f.BeginPass(this, Precision);
            MomentPass(factors, Factor(), moments);
        }
        else
        {
            var factors = Senders<IVectorGaussianPlateFactor>(false).ToArray();
            foreach (var f in factors) f.BeginPass(this, Precision);
            Pass(factors, Factor());
        }
    }

    /// <summary>Factors S⁻¹ and keeps S.</summary>
    Cholesky Factor()
    {
        var factor = Cholesky.Factor(Precision, Dimension, $"posterior precision of {Name}");
        factor.Inverse().CopyTo(Covariance, 0);
        return _precisionFactor = factor;
    }

    /// <summary>H[q] = N · ½(q(1 + log 2π) − log det S⁻¹).</summary>
    public override double Entropy()
    {
        if (_precisionFactor is null) throw new InvalidOperationException($"{Name} has not been updated yet");
        return Count * MultivariateGaussian.EntropyFromLogDeterminant(Dimension, -_precisionFactor.LogDeterminant());
    }

    void Pass(IVectorGaussianPlateFactor[] factors, Cholesky precision)
    {
        int q = Dimension;
        int offsets = 0;
        var layout = new int[factors.Length + 1];
        for (int f = 0; f < factors.Length; f++) layout[f + 1] = offsets += factors[f].StatisticsLength;
        var totals = RowBlocks.Accumulate(Count, offsets, (start, end, statistics) =>
        {
            var block = Means.AsSpan(start * q, (end - start) * q);
            block.Clear();
            foreach (var f in factors) f.AddPrecisionMeans(this, start, end, block);
            for (int n = 0; n < end - start; n++) precision.SolveInPlace(block.Slice(n * q, q));
            for (int f = 0; f < factors.Length; f++)
                factors[f].Accumulate(start, end, block, statistics.AsSpan(layout[f], factors[f].StatisticsLength));
        });
        for (int f = 0; f < factors.Length; f++) factors[f].EndPass(this, totals.AsSpan(layout[f], factors[f].StatisticsLength).ToArray());
    }

    /// <summary>
    /// mₙ = P xₙ + c with P = S Σ L and c = S Σ h₀; with m̄ = P x̄ + c the mean of the means and Σₓ the data's covariance,
    /// Σₙ mₙ = N m̄, Σₙ mₙxₙᵀ = N (m̄ x̄ᵀ + P Σₓ) and Σₙ mₙmₙᵀ = N (m̄ m̄ᵀ + P Σₓ Pᵀ): centred, so a data set far from the
    /// origin loses no digits to them.
    /// </summary>
    void MomentPass(IMomentPlateFactor[] factors, Cholesky precision, DataMoments x)
    {
        int q = Dimension, d = x.Dimension;
        Array.Clear(_meanMap);
        Array.Clear(_meanOffset);
        foreach (var f in factors) f.AddPrecisionMeanMap(this, _meanMap, _meanOffset);
        for (int j = 0; j < d; j++) precision.SolveInPlace(_meanMap.AsSpan(j * q, q));
        precision.SolveInPlace(_meanOffset);
        var centre = new double[q];
        MapInto(x.Mean, centre);
        var spread = new double[q * d];    // P Σₓ, q×d
        for (int a = 0; a < q; a++)
            for (int k = 0; k < d; k++)
            {
                double s = 0;
                for (int j = 0; j < d; j++) s += _meanMap[j * q + a] * x.Covariance[j * d + k];
                spread[a * d + k] = s;
            }
        double n = x.Count;
        var sums = new PlateMeanSums(new double[q], new double[q * d], new double[q * q]);
        for (int a = 0; a < q; a++)
        {
            sums.Means[a] = n * centre[a];
            for (int k = 0; k < d; k++) sums.MeansTimesData[a * d + k] = n * (centre[a] * x.Mean[k] + spread[a * d + k]);
            for (int b = 0; b <= a; b++)
            {
                double s = 0;
                for (int k = 0; k < d; k++) s += spread[a * d + k] * _meanMap[k * q + b];
                sums.MeanSquares[b * q + a] = sums.MeanSquares[a * q + b] = n * (centre[a] * centre[b] + s);
            }
        }
        foreach (var f in factors) f.EndPass(this, sums);
    }

    /// <summary>mₙ of each row of <paramref name="rows"/> from the last update of a plate over moments, row-major N×q.</summary>
    public double[] MeansOf(DataMatrix rows)
    {
        if (_moments is null) throw new InvalidOperationException($"{Name} keeps its rows' means: read Means");
        int q = Dimension;
        var means = new double[rows.Rows * q];
        RowBlocks.Sum(rows.Rows, (start, end) =>
        {
            for (int n = start; n < end; n++) MapInto(rows.Row(n), means.AsSpan(n * q, q));
            return 0;
        });
        return means;
    }

    /// <summary>P x + c into <paramref name="mean"/>.</summary>
    void MapInto(ReadOnlySpan<double> x, Span<double> mean)
    {
        int q = Dimension;
        _meanOffset.CopyTo(mean);
        for (int j = 0; j < x.Length; j++)
        {
            var p = _meanMap.AsSpan(j * q, q);
            for (int a = 0; a < q; a++) mean[a] += p[a] * x[j];
        }
    }
}
