using ProbLatent.Distributions;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Nodes;

/// <summary>
/// q(zₙ) = N(mₙ, S) for each of N points of dimension q, with one covariance S shared by all points: every factor
/// of the plate sends the same precision to each row (<see cref="IVectorGaussianPlateFactor"/>), so
/// S⁻¹ = Σ messages' precisions and mₙ = S Σ messages' precision-times-means of row n. The means are an N×q
/// array; an update is one parallel pass over row blocks that computes each row's mean and lets every factor
/// gather its statistics of the new q in the same pass.
/// </summary>
internal sealed class VectorGaussianPlateNode(string name, int count, int dimension) : Node(name)
{
    Cholesky? _precisionFactor;

    public int Count { get; } = count;
    public int Dimension { get; } = dimension;

    /// <summary>Σ messages' precisions, q×q: S⁻¹.</summary>
    public double[] Precision { get; } = new double[dimension * dimension];

    /// <summary>S, q×q, shared by every point.</summary>
    public double[] Covariance { get; } = new double[dimension * dimension];

    /// <summary>mₙ, row-major N×q.</summary>
    public double[] Means { get; } = new double[count * dimension];

    public ReadOnlySpan<double> Mean(int n) => Means.AsSpan(n * Dimension, Dimension);

    public override void Update(bool priorsOnly = false)
    {
        var factors = Senders<IVectorGaussianPlateFactor>(false).ToArray();
        Array.Clear(Precision);
        foreach (var f in factors) f.BeginPass(this, Precision);
        var factor = Cholesky.Factor(Precision, Dimension, $"posterior precision of {Name}");
        factor.Inverse().CopyTo(Covariance, 0);
        _precisionFactor = factor;
        Pass(factors, factor);
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
}
