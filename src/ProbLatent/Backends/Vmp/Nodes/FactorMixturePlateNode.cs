using ProbLatent.Data;
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
/// <para>
/// On data with missing cells the message precision depends on which cells a row observes, so the covariance is one per
/// pattern of missing cells and component, S_pk (<see cref="Patterns"/> of them; one without missing cells): the factors
/// add a precision per pattern and component, and each row is solved through its pattern's factor. A plate of one
/// component is the Gaussian plate of PPCA or factor analysis with missing cells, whose q(c) is 1.
/// </para>
/// </summary>
internal sealed class FactorMixturePlateNode : Node
{
    readonly MissingPatterns? _missing;
    readonly Cholesky[] _precisionFactors;
    readonly double[] _componentEntropies;
    double _entropy;

    public FactorMixturePlateNode(string name, int count, int components, int dimension, MissingPatterns? missing = null) : base(name)
    {
        Count = count;
        Components = components;
        Dimension = dimension;
        _missing = missing;
        Patterns = missing?.Patterns.Count ?? 1;
        _precisionFactors = new Cholesky[Patterns * components];
        _componentEntropies = new double[Patterns * components];
        Precisions = new double[Patterns * components * dimension * dimension];
        Covariances = new double[Patterns * components * dimension * dimension];
        Means = new double[count * components * dimension];
        Responsibilities = new double[count * components];
    }

    public int Count { get; }
    public int Components { get; }
    public int Dimension { get; }

    /// <summary>The patterns of missing cells the covariances are kept for: 1 without missing cells.</summary>
    public int Patterns { get; }

    /// <summary>The data's missing cells, by pattern; null without.</summary>
    public MissingPatterns? Missing => _missing;

    /// <summary>Σ messages' precisions, P×K×q×q: S_pk⁻¹.</summary>
    public double[] Precisions { get; }

    /// <summary>S_pk, P×K×q×q.</summary>
    public double[] Covariances { get; }

    /// <summary>mₙₖ, N×K×q.</summary>
    public double[] Means { get; }

    /// <summary>rₙₖ = q(cₙ = k), N×K.</summary>
    public double[] Responsibilities { get; }

    /// <summary>The index of row n's pattern of missing cells (0 without missing cells).</summary>
    public int PatternOf(int n) => _missing?.PatternOf(n) ?? 0;

    /// <summary>Sₖ of data without missing cells.</summary>
    public ReadOnlySpan<double> Covariance(int k) => _missing is null
        ? Covariance(0, k)
        : throw new InvalidOperationException($"{Name} keeps a covariance per pattern of missing cells: ask for the pattern's");

    /// <summary>S_pk, the covariance of q(hₙ | cₙ = k) for the rows of pattern p.</summary>
    public ReadOnlySpan<double> Covariance(int pattern, int k) =>
        Covariances.AsSpan((pattern * Components + k) * Dimension * Dimension, Dimension * Dimension);

    public override void Update(bool priorsOnly = false)
    {
        var factors = Senders<IFactorMixturePlateFactor>(false).ToArray();
        int q = Dimension, qq = q * q;
        Array.Clear(Precisions);
        foreach (var f in factors) f.BeginPass(this, Precisions);
        for (int i = 0; i < Patterns * Components; i++)
        {
            string where = _missing is null ? $"component {i}" : $"component {i % Components} of missing pattern {i / Components}";
            var factor = Cholesky.Factor(Precisions.AsSpan(i * qq, qq), q, $"posterior precision of {Name} in {where}");
            _precisionFactors[i] = factor;
            factor.Inverse().CopyTo(Covariances, i * qq);
            _componentEntropies[i] = 0.5 * (q * (1 + SpecialFunctions.Log2Pi) - factor.LogDeterminant());
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
        // After the factors' statistics: the entropy of q(c) (with missing cells, plus each row's Σₖ rₙₖ H[q(hₙ | k)]), then
        // the expected count of each component.
        var totals = RowBlocks.Accumulate(Count, offsets + 1 + k, (start, end, statistics) =>
        {
            int rows = end - start;
            var means = Means.AsSpan(start * k * q, rows * k * q);
            means.Clear();
            foreach (var f in factors) f.AddPrecisionMeans(this, start, end, means);
            for (int i = 0; i < rows * k; i++) _precisionFactors[Slot(start, i)].SolveInPlace(means.Slice(i * q, q));
            var block = Responsibilities.AsSpan(start * k, rows * k);
            block.Clear();
            foreach (var f in factors) f.AddLogMessages(this, start, end, means, block);
            for (int i = 0; i < rows * k; i++) block[i] += _componentEntropies[Slot(start, i)];
            statistics[offsets] = DiscretePlateNode.Softmax(block, k);
            for (int i = 0; i < rows * k; i++) statistics[offsets + 1 + i % k] += block[i];
            if (_missing is not null)
                for (int i = 0; i < rows * k; i++) statistics[offsets] += block[i] * _componentEntropies[Slot(start, i)];
            for (int f = 0; f < factors.Length; f++)
                factors[f].Accumulate(start, end, block, means, statistics.AsSpan(layout[f], factors[f].StatisticsLength));
        });
        double entropy = totals[offsets];
        if (_missing is null)
            for (int c = 0; c < k; c++) entropy += totals[offsets + 1 + c] * _componentEntropies[c];
        _entropy = entropy;
        for (int f = 0; f < factors.Length; f++) factors[f].EndPass(this, totals.AsSpan(layout[f], factors[f].StatisticsLength).ToArray());
    }

    /// <summary>The factor of the (row, component) pair i of the block from <paramref name="start"/>: its row's pattern's, its component's.</summary>
    int Slot(int start, int i) => _missing is null ? i % Components : _missing.PatternOf(start + i / Components) * Components + i % Components;
}
