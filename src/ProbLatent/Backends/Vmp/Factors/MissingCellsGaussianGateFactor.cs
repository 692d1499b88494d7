using ProbLatent.Backends.Vmp.Passes;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The full-covariance mixture gate on data with missing cells. The missing cells of row n are latent, with
/// q(zₙ, x_mn) = q(zₙ) q(x_mn | zₙ): given q(μₖ) and q(Λₖ), with A = E[Λₖ] and m = E[μₖ], the optimal
/// q(x_m | k) = N(m_m − A_mm⁻¹ A_mo (x_o − m_o), A_mm⁻¹), the same covariance for every row of a pattern. Then
/// <list type="bullet">
/// <item>to z: E[log N(xₙ | μₖ, Λₖ⁻¹)] + H[q(x_m | k)] = ½(E[log|Λₖ|] − log|A_mm|) − |o|/2 log 2π − ½ tr(A Σ_μ)
/// − ½ r_oᵀ (A_oo − A_om A_mm⁻¹ A_mo) r_o with r_o = x_o − m_o, which makes q(zₙ, x_mn) jointly optimal;</item>
/// <item>to μ and Λ: the conjugate messages of a latent Gaussian given c (<see cref="GaussianComponentStatistics"/>) from
/// Σₙ rₙₖ E[xₙ] and Σₙ rₙₖ E[xₙxₙᵀ] under q(x_m | k): each missing cell at its conditional mean, and Σ rₙₖ A_mm⁻¹ on the
/// missing block per pattern;</item>
/// <item>average log: the statistics' E[log p(xₙ | zₙ, μ, Λ)] plus Σₙₖ rₙₖ H[q(x_mn | k)], what this q contributes to the ELBO.</item>
/// </list>
/// Every update is still the exact maximiser over its factor of q, so the ELBO never decreases; it bounds log p(x_observed)
/// below the bound with x_m integrated out exactly by E_q[KL(q(x_m | z) ‖ p(x_m | x_o, z, θ))]. Before the first pass
/// (the start) each missing cell is at its column's observed mean with its observed variance.
/// </summary>
internal sealed class MissingCellsGaussianGateFactor : Factor, IDiscretePlateFactor, IPlateKernel
{
    /// <summary>Its rows are read here only: each row's pattern of missing cells is the matrix's.</summary>
    public IPlateKernel Kernel => this;

    readonly DataMatrix _data;
    readonly MissingPatterns _missing;
    readonly VectorGaussianArrayNode _means;
    readonly WishartArrayNode _precisions;
    readonly int _k, _d, _patterns;
    readonly GaussianComponentStatistics _statistics;
    Conditional[] _conditionals; // pattern-major, [p·K + k]: q(x_m | k) of the current pass, the start's before the first
    double _entropy;             // Σₙₖ rₙₖ H[q(x_mn | k)] of the last pass

    public MissingCellsGaussianGateFactor(string name, DataMatrix data, VectorGaussianArrayNode means, WishartArrayNode precisions) : base(name)
    {
        _data = data;
        _missing = data.Missing ?? throw new ArgumentException("the gate for missing cells needs a data set with some", nameof(data));
        _means = means;
        _precisions = precisions;
        _k = means.Count;
        _d = means.Dimension;
        _patterns = _missing.Patterns.Count;
        _statistics = new GaussianComponentStatistics(means, precisions);
        var (columnMeans, columnVariances) = SampleMoments.ColumnMoments(data);
        _conditionals = new Conditional[_patterns * _k];
        for (int p = 0; p < _patterns; p++)
        {
            var pattern = _missing.Patterns[p];
            int m = pattern.Missing.Length;
            var covariance = new double[m * m];
            double entropy = 0;
            for (int a = 0; a < m; a++)
            {
                double v = columnVariances[pattern.Missing[a]];
                covariance[a * m + a] = v;
                entropy += 0.5 * (1 + SpecialFunctions.Log2Pi + Math.Log(v));
            }
            var start = new Conditional(pattern.Missing.Select(j => columnMeans[j]).ToArray(), new double[pattern.Observed.Length], [], covariance, entropy, 0, []);
            for (int k = 0; k < _k; k++) _conditionals[p * _k + k] = start;
        }
    }

    public override bool IsLikelihood => true;

    public int StatisticsLength => _k * (1 + _d + _d * _d) + _k * _patterns;

    /// <summary>The rows are the data this gate holds, in memory as one block.</summary>
    public void BeginBlock(DataMatrix rows) { }

    public void BeginPass(DiscretePlateNode plate)
    {
        var conditionals = new Conditional[_patterns * _k];
        for (int k = 0; k < _k; k++)
        {
            var precision = _precisions.Mean(k);
            double common = _precisions.MeanLogDeterminant[k] - GaussianComponentStatistics.Trace(precision, _means.Covariance(k));
            for (int p = 0; p < _patterns; p++) conditionals[p * _k + k] = Optimal(_missing.Patterns[p], k, precision, common);
        }
        _conditionals = conditionals;
    }

    /// <summary>q(x_m | k) for one pattern, and the terms of the message to z that depend only on the pattern.</summary>
    Conditional Optimal(MissingPatterns.Pattern pattern, int k, ReadOnlySpan<double> a, double common)
    {
        int d = _d, o = pattern.Observed.Length, m = pattern.Missing.Length;
        var mean = _means.Mean(k).ToArray();
        var block = new double[m * m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++) block[i * m + j] = a[pattern.Missing[i] * d + pattern.Missing[j]];
        var factor = m > 0 ? Cholesky.Factor(block, m, $"E[{_precisions.Name}[{k}]] over the missing columns {string.Join(", ", pattern.Missing)}") : null;
        // Row a of the regression is (A_mm⁻¹ A_m,o)'s row a: column i of A_mo solved through the factor, then transposed.
        var regression = new double[m * o];
        var column = new double[m];
        for (int i = 0; i < o; i++)
        {
            for (int b = 0; b < m; b++) column[b] = a[pattern.Missing[b] * d + pattern.Observed[i]];
            factor?.SolveInPlace(column);
            for (int b = 0; b < m; b++) regression[b * o + i] = column[b];
        }
        var schur = new double[o * o];
        for (int i = 0; i < o; i++)
            for (int j = 0; j < o; j++)
            {
                double v = a[pattern.Observed[i] * d + pattern.Observed[j]];
                for (int b = 0; b < m; b++) v -= a[pattern.Observed[i] * d + pattern.Missing[b]] * regression[b * o + j];
                schur[i * o + j] = v;
            }
        double logDeterminant = factor?.LogDeterminant() ?? 0;
        var lower = Cholesky.Factor(schur, o, $"E[{_precisions.Name}[{k}]]'s Schur complement over the observed columns {string.Join(", ", pattern.Observed)}").Lower.ToArray();
        return new Conditional(pattern.Missing.Select(j => mean[j]).ToArray(), pattern.Observed.Select(j => mean[j]).ToArray(), regression,
            factor?.Inverse() ?? [], 0.5 * m * (1 + SpecialFunctions.Log2Pi) - 0.5 * logDeterminant,
            0.5 * (common - logDeterminant - o * SpecialFunctions.Log2Pi), lower);
    }

    /// <summary>The log message to z: the pattern's constant less ½‖Lᵀ r_o‖², L the Cholesky factor of the Schur complement.</summary>
    public void AddLogMessages(int start, int end, Span<double> logPotentials)
    {
        Span<double> residual = _d <= 128 ? stackalloc double[_d] : new double[_d];
        for (int n = start; n < end; n++)
        {
            var x = _data.Row(n);
            int p = _missing.PatternOf(n);
            var observed = _missing.Patterns[p].Observed;
            int o = observed.Length;
            var row = logPotentials.Slice((n - start) * _k, _k);
            for (int k = 0; k < _k; k++)
            {
                var conditional = _conditionals[p * _k + k];
                for (int i = 0; i < o; i++) residual[i] = x[observed[i]] - conditional.ObservedMean[i];
                double quad = 0;
                for (int i = 0; i < o; i++)
                {
                    double y = 0;
                    for (int j = i; j < o; j++) y += conditional.SchurLower[j * o + i] * residual[j];
                    quad += y * y;
                }
                row[k] += conditional.Constant - 0.5 * quad;
            }
        }
    }

    /// <summary>Nₖ, Σ rₙₖ E[xₙ | k], Σ rₙₖ E[xₙ | k] E[xₙ | k]ᵀ and Σ rₙₖ per pattern, over the block.</summary>
    public void Accumulate(int start, int end, ReadOnlySpan<double> probabilities, Span<double> statistics)
    {
        int d = _d, k = _k;
        var counts = statistics[..k];
        var sums = statistics.Slice(k, k * d);
        var scatters = statistics.Slice(k + k * d, k * d * d);
        var patternWeights = statistics.Slice(k + k * d + k * d * d, k * _patterns);
        Span<double> filled = d <= 128 ? stackalloc double[d] : new double[d];
        for (int n = start; n < end; n++)
        {
            var x = _data.Row(n);
            int p = _missing.PatternOf(n);
            var r = probabilities.Slice((n - start) * k, k);
            for (int c = 0; c < k; c++)
            {
                double w = r[c];
                if (w == 0) continue;
                Fill(x, p, _conditionals[p * k + c], filled);
                counts[c] += w;
                patternWeights[c * _patterns + p] += w;
                for (int i = 0; i < d; i++)
                {
                    double wx = w * filled[i];
                    sums[c * d + i] += wx;
                    for (int j = 0; j < d; j++) scatters[(c * d + i) * d + j] += wx * filled[j];
                }
            }
        }
    }

    /// <summary>Row x with each missing cell at its mean under <paramref name="conditional"/>: base − R (x_o − m_o).</summary>
    void Fill(ReadOnlySpan<double> x, int pattern, Conditional conditional, Span<double> filled)
    {
        var (observed, missing) = (_missing.Patterns[pattern].Observed, _missing.Patterns[pattern].Missing);
        int o = observed.Length;
        x.CopyTo(filled);
        for (int b = 0; b < missing.Length; b++)
        {
            double v = conditional.MissingMean[b];
            if (conditional.Regression.Length > 0)
                for (int i = 0; i < o; i++) v -= conditional.Regression[b * o + i] * (x[observed[i]] - conditional.ObservedMean[i]);
            filled[missing[b]] = v;
        }
    }

    public void EndPass(double[] statistics)
    {
        int d = _d, k = _k;
        statistics.AsSpan(0, k).CopyTo(_statistics.Counts);
        statistics.AsSpan(k, k * d).CopyTo(_statistics.Sums);
        statistics.AsSpan(k + k * d, k * d * d).CopyTo(_statistics.Scatters);
        var patternWeights = statistics.AsSpan(k + k * d + k * d * d, k * _patterns);
        double entropy = 0;
        for (int c = 0; c < k; c++)
            for (int p = 0; p < _patterns; p++)
            {
                double w = patternWeights[c * _patterns + p];
                if (w == 0) continue;
                var conditional = _conditionals[p * k + c];
                var missing = _missing.Patterns[p].Missing;
                int m = missing.Length;
                for (int a = 0; a < m; a++)
                    for (int b = 0; b < m; b++) _statistics.Scatters[(c * d + missing[a]) * d + missing[b]] += w * conditional.Covariance[a * m + b];
                entropy += w * conditional.Entropy;
            }
        _entropy = entropy;
    }

    public override void SendTo(Node argument) => _statistics.SendTo(argument, this);

    public override double AverageLog() => _statistics.AverageLog() + _entropy;

    /// <summary>
    /// q(x_m | k) for one pattern: x_m's mean is <see cref="MissingMean"/> − R (x_o − <see cref="ObservedMean"/>), its
    /// covariance <see cref="Covariance"/> and entropy <see cref="Entropy"/>; the message to z's constant and the Cholesky
    /// factor of the Schur complement (none at the start, which sends no message).
    /// </summary>
    sealed record Conditional(double[] MissingMean, double[] ObservedMean, double[] Regression, double[] Covariance, double Entropy, double Constant,
        double[] SchurLower);
}
