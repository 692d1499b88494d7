using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Nodes;

/// <summary>
/// q(cₙ, hₙ) = q(cₙ) q(hₙ | cₙ) for each of N points: a component cₙ ∈ {0..K−1} and, given it, a q-dimensional Gaussian
/// q(hₙ | cₙ = k) = N(mₙₖ, Sₖ), with one covariance Sₖ per component shared by its points — the structured posterior of a
/// mixture of factor analysers (Ghahramani and Beal 2000), not mean-field between c and h. An update is one VMP step for
/// the pair: each q(hₙ | cₙ = k) from its Gaussian messages (Sₖ⁻¹ = Σ message precisions, mₙₖ = Sₖ Σ precision-times-means),
/// which does not depend on q(c); then q(cₙ = k) ∝ exp(Σ_factors E_q(hₙ|k)[log f] + H[q(hₙ | k)]), the optimum over q(c)
/// given those, so together the step maximises the ELBO over q(c, h) with the parameters fixed. It runs as one parallel
/// pass over row blocks, in which every factor gathers its statistics of the new q.
/// </summary>
internal sealed class FactorMixturePlateNode(string name, int count, int components, int dimension) : Node(name)
{
    readonly Cholesky[] _precisionFactors = new Cholesky[components];
    readonly double[] _componentEntropies = new double[components];
    double _entropy;

    public int Count { get; } = count;
    public int Components { get; } = components;
    public int Dimension { get; } = dimension;

    /// <summary>Σ messages' precisions, K×q×q: Sₖ⁻¹.</summary>
    public double[] Precisions { get; } = new double[components * dimension * dimension];

    /// <summary>Sₖ, K×q×q.</summary>
    public double[] Covariances { get; } = new double[components * dimension * dimension];

    /// <summary>mₙₖ, N×K×q.</summary>
    public double[] Means { get; } = new double[count * components * dimension];

    /// <summary>rₙₖ = q(cₙ = k), N×K.</summary>
    public double[] Responsibilities { get; } = new double[count * components];

    public ReadOnlySpan<double> Covariance(int k) => Covariances.AsSpan(k * Dimension * Dimension, Dimension * Dimension);

    public override void Update(bool priorsOnly = false)
    {
        var factors = Senders<IFactorMixturePlateFactor>(false).ToArray();
        int q = Dimension, qq = q * q;
        Array.Clear(Precisions);
        foreach (var f in factors) f.BeginPass(this, Precisions);
        for (int k = 0; k < Components; k++)
        {
            var factor = Cholesky.Factor(Precisions.AsSpan(k * qq, qq), q, $"posterior precision of {Name} in component {k}");
            _precisionFactors[k] = factor;
            factor.Inverse().CopyTo(Covariances, k * qq);
            _componentEntropies[k] = 0.5 * (q * (1 + SpecialFunctions.Log2Pi) - factor.LogDeterminant());
        }
        Pass(factors);
    }

    /// <summary>H[q] = Σₙ H[q(cₙ)] + Σₙ Σₖ q(cₙ = k) H[q(hₙ | k)].</summary>
    public override double Entropy() => _entropy;

    void Pass(IFactorMixturePlateFactor[] factors)
    {
        int q = Dimension, k = Components;
        int offsets = 0;
        var layout = new int[factors.Length + 1];
        for (int f = 0; f < factors.Length; f++) layout[f + 1] = offsets += factors[f].StatisticsLength;
        // After the factors' statistics: the entropy of q(c), then the expected count of each component.
        var totals = RowBlocks.Accumulate(Count, offsets + 1 + k, (start, end, statistics) =>
        {
            int rows = end - start;
            var means = Means.AsSpan(start * k * q, rows * k * q);
            means.Clear();
            foreach (var f in factors) f.AddPrecisionMeans(this, start, end, means);
            for (int i = 0; i < rows * k; i++) _precisionFactors[i % k].SolveInPlace(means.Slice(i * q, q));
            var block = Responsibilities.AsSpan(start * k, rows * k);
            block.Clear();
            foreach (var f in factors) f.AddLogMessages(this, start, end, means, block);
            for (int i = 0; i < rows * k; i++) block[i] += _componentEntropies[i % k];
            statistics[offsets] = DiscretePlateNode.Softmax(block, k);
            for (int i = 0; i < rows * k; i++) statistics[offsets + 1 + i % k] += block[i];
            for (int f = 0; f < factors.Length; f++)
                factors[f].Accumulate(start, end, block, means, statistics.AsSpan(layout[f], factors[f].StatisticsLength));
        });
        double entropy = totals[offsets];
        for (int c = 0; c < k; c++) entropy += totals[offsets + 1 + c] * _componentEntropies[c];
        _entropy = entropy;
        for (int f = 0; f < factors.Length; f++) factors[f].EndPass(this, totals.AsSpan(layout[f], factors[f].StatisticsLength).ToArray());
    }
}
