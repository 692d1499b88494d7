using System.Numerics.Tensors;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Passes;

/// <summary>
/// A Bernoulli mixture gate on a pass: xₙ · (E[log pₖ] − E[log(1 − pₖ)]) + Σⱼ E[log(1 − pₖⱼ)] as every row's message, the
/// product of a block's ones with the log-odds (<see cref="BernoulliRows"/>), and Nₖ and Σ rₙₖxₙ (by pixel, d×K).
/// </summary>
/// <remarks>
/// With missing pixels (<see cref="TakesMissing"/>), a missing pixel is independent of its row's others given zₙ, so it drops
/// out of the product: the block's ones are read with each missing pixel at 0, and the row's message gives back its
/// pattern's Σ_{j missing} E[log(1 − pₖⱼ)], computed once per pattern of the block; the statistics gain
/// Σₙ rₙₖ over the rows that miss pixel j (by pixel, d×K), which the gate takes from Nₖ for that pixel's count. A block
/// without missing pixels takes the product alone, as without them.
/// </remarks>
internal sealed class BernoulliGateKernel : ITravellingKernel
{
    DataMatrix _data = null!;
    readonly MissingPixels? _missing;
    [ThreadStatic] static double[]? t_block;

    /// <param name="logOddsByColumn">E[log pₖⱼ] − E[log(1 − pₖⱼ)], d×K, as the block product reads them.</param>
    /// <param name="offsets">Σⱼ E[log(1 − pₖⱼ)], K.</param>
    /// <param name="logComplements">E[log(1 − pₖⱼ)], K×d, when the rows may miss pixels; null when none does (a shard's rows).</param>
    public BernoulliGateKernel(double[] logOddsByColumn, double[] offsets, double[]? logComplements = null)
    {
        LogOddsByColumn = logOddsByColumn;
        Offsets = offsets;
        if (logComplements is not null) _missing = new MissingPixels(logComplements, offsets.Length);
    }

    /// <summary>E[log pₖⱼ] − E[log(1 − pₖⱼ)], d×K, as the block product reads them.</summary>
    public double[] LogOddsByColumn { get; }

    /// <summary>Σⱼ E[log(1 − pₖⱼ)], K.</summary>
    public double[] Offsets { get; }

    /// <summary>Whether the rows may miss pixels, and the statistics hold Σₙ rₙₖ over the rows missing each (after Σ rₙₖxₙ).</summary>
    public bool TakesMissing => _missing is not null;

    int K => Offsets.Length;

    int D => LogOddsByColumn.Length / Offsets.Length;

    public int StatisticsLength => K * (1 + (TakesMissing ? 2 : 1) * D);

    public void BeginBlock(DataMatrix rows)
    {
        _data = rows;
        if (!rows.HasMissing) return;
        if (_missing is null) throw rows.MissingRefusal("a Bernoulli gate whose rows were said to hold every pixel");
        _missing.Begin(rows);
    }

    public void AddLogMessages(int start, int end, Span<double> logPotentials)
    {
        int rows = end - start, length = rows * K;
        if (t_block is null || t_block.Length < length) t_block = new double[length];
        var block = t_block.AsSpan(0, length);
        BernoulliRows.LogLikelihoods(Ones(start, end), LogOddsByColumn, Offsets, block);
        if (_data.HasMissing) _missing!.RemoveMissing(start, end, block);
        TensorPrimitives.Add(logPotentials[..length], block, logPotentials[..length]);
    }

    BinaryPattern Ones(int start, int end)
    {
        var values = _data.HasMissing ? _missing!.Filled : _data.Values;
        return BernoulliRows.Index(values.Slice(start * D, (end - start) * D), end - start, D, start);
    }

    /// <summary>Nₖ and Σ rₙₖxₙ (by pixel, d×K) over the block, each added in row order; with missing pixels, Σₙ rₙₖ over the rows missing each.</summary>
    public void Accumulate(int start, int end, ReadOnlySpan<double> probabilities, Span<double> statistics)
    {
        int k = K, d = D;
        var counts = statistics[..k];
        for (int n = 0; n < end - start; n++)
            for (int c = 0; c < k; c++) counts[c] += probabilities[n * k + c];
        BernoulliRows.AddWeightedSums(Ones(start, end), probabilities, k, statistics.Slice(k, k * d));
        if (_data.HasMissing) _missing!.AddMissingWeights(start, end, probabilities, statistics.Slice(k + k * d, k * d));
    }

    /// <summary>A block's missing pixels: its values with each at 0, and each pattern's Σ_{j missing} E[log(1 − pₖⱼ)].</summary>
    sealed class MissingPixels(double[] logComplements, int components)
    {
        DataMatrix? _block;
        MissingPatterns _patterns = null!;
        double[] _filled = [], _corrections = [];

        public ReadOnlySpan<double> Filled => _filled;

        /// <summary>Lays out the block; in memory the same matrix comes on every pass, so only the corrections, which change with q(p), are computed again.</summary>
        public void Begin(DataMatrix rows)
        {
            int k = components, d = rows.Columns;
            _patterns = rows.Missing!;
            if (!ReferenceEquals(rows, _block))
            {
                _block = rows;
                if (_filled.Length != rows.Values.Length) _filled = new double[rows.Values.Length];
                rows.CopyWithMissingAs(new double[d], _filled);
            }
            if (_corrections.Length != _patterns.Patterns.Count * k) _corrections = new double[_patterns.Patterns.Count * k];
            for (int p = 0; p < _patterns.Patterns.Count; p++)
                for (int c = 0; c < k; c++)
                {
                    double sum = 0;
                    foreach (int j in _patterns.Patterns[p].Missing) sum += logComplements[c * d + j];
                    _corrections[p * k + c] = sum;
                }
        }

        /// <summary>Takes each row's missing pixels' Σ E[log(1 − pₖⱼ)] out of its message.</summary>
        public void RemoveMissing(int start, int end, Span<double> block)
        {
            int k = components;
            for (int n = start; n < end; n++)
            {
                int p = _patterns.PatternOf(n);
                if (_patterns.Patterns[p].Missing.Length == 0) continue;
                for (int c = 0; c < k; c++) block[(n - start) * k + c] -= _corrections[p * k + c];
            }
        }

        /// <summary>weights[j·K + k] += Σ over the rows missing pixel j of rₙₖ, in row order.</summary>
        public void AddMissingWeights(int start, int end, ReadOnlySpan<double> probabilities, Span<double> weights) =>
            _patterns.AddMissingWeights(start, probabilities[..((end - start) * components)], components, weights, byColumn: true);
    }
}
