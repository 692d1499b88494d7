using System.Runtime.Intrinsics;

namespace ProbLatent.Numerics;

/// <summary>
/// The exact E step of a Gaussian mixture over rows held row by row, a block of points at a time: each block is laid out
/// column by column, its log densities come from <see cref="WhitenedGaussians"/>, its responsibilities
/// rₙₖ = πₖNₖ(xₙ) / Σⱼ πⱼNⱼ(xₙ) from a log-sum-exp across SIMD lanes, and its sufficient statistics from
/// <see cref="MixtureMoments"/>, while the block is in cache — one pass over the data for the posterior, log p(x) and an
/// M step's statistics. EM's iterations, its streamed blocks and the exact evaluation all run through it.
/// </summary>
internal static class GaussianEStep
{
    /// <summary>Rows laid out together: a block's columns and responsibilities stay in the first-level cache.</summary>
    public const int BlockRows = 256;

    const int Lanes = 4;

    /// <summary>
    /// How far below its point's best a component's log density is taken into account: below it the responsibility is 0
    /// (under 10⁻³⁰⁴ in exact arithmetic), and the vectorised exponential stays in the range where every lane is computed alike.
    /// </summary>
    const double LowestShift = -700;

    [ThreadStatic] static double[]? t_columns, t_potentials;

    /// <summary>What a block adds to an M step's statistics (see <see cref="MixtureSums"/>); spans left empty are not gathered.</summary>
    public ref struct Moments
    {
        public Span<double> Counts, Sums, ResidualSums, Second;
        public ReadOnlySpan<double> Centres;
        public MixtureMoments.Second Kind;
    }

    /// <summary>
    /// The E step of rows [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="values"/> (N×d row-major): writes
    /// their responsibilities ((end − start)×K row-major) and log p(xₙ) where those spans are not empty, adds their
    /// statistics into <paramref name="moments"/>, and returns Σₙ log p(xₙ), summed in row order.
    /// </summary>
    public static double Run(WhitenedGaussians components, ReadOnlySpan<double> logWeights, ReadOnlySpan<double> values, int start, int end,
        Span<double> probabilities, Span<double> pointLogLikelihoods, Moments moments)
    {
        int k = components.Components, d = components.Dimension;
        if (logWeights.Length != k) throw new ArgumentException($"GaussianEStep: {k} components need {k} log weights, not {logWeights.Length}");
        var columns = Columns(d);
        var potentials = t_potentials ??= new double[BlockRows * Math.Max(k, 8)];
        if (potentials.Length < BlockRows * k) potentials = t_potentials = new double[BlockRows * k];
        Span<double> lse = stackalloc double[Lanes];
        double total = 0;
        for (int from = start; from < end; from += BlockRows)
        {
            int rows = Math.Min(BlockRows, end - from);
            Transpose(values, from, rows, d, columns);
            var p = potentials.AsSpan(0, k * BlockRows);
            p.Clear();
            components.AddLogDensities(columns, BlockRows, 0, rows, p, 1, BlockRows);
            for (int n = 0; n < rows; n += Lanes)
            {
                Normalize(p, n, k, logWeights).CopyTo(lse);
                int lanes = Math.Min(Lanes, rows - n);
                for (int l = 0; l < lanes; l++)
                {
                    total += lse[l];
                    if (!pointLogLikelihoods.IsEmpty) pointLogLikelihoods[from - start + n + l] = lse[l];
                }
            }
            if (!probabilities.IsEmpty)
                for (int n = 0; n < rows; n++)
                    for (int c = 0; c < k; c++) probabilities[(from - start + n) * k + c] = p[c * BlockRows + n];
            if (!moments.Counts.IsEmpty || !moments.Sums.IsEmpty)
                MixtureMoments.AddColumns(columns, BlockRows, 0, rows, d, p, k, BlockRows, 1, [], moments.Counts, moments.Sums, [], MixtureMoments.Second.None);
            if (moments.Kind != MixtureMoments.Second.None)
                MixtureMoments.AddColumns(columns, BlockRows, 0, rows, d, p, k, BlockRows, 1, moments.Centres, [], moments.ResidualSums, moments.Second, moments.Kind);
        }
        return total;
    }

    /// <summary>
    /// log Nₖ(xₙ) of rows [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="values"/> (N×d row-major) for
    /// every component into <paramref name="table"/> ((end − start)×K row-major), a block of rows laid out by columns at a time:
    /// the values <see cref="Run"/> starts its responsibilities from, for a chain whose weights are not the mixture's.
    /// </summary>
    public static void LogDensities(WhitenedGaussians components, ReadOnlySpan<double> values, int start, int end, Span<double> table)
    {
        int k = components.Components, d = components.Dimension;
        var columns = Columns(d);
        for (int from = start; from < end; from += BlockRows)
        {
            int rows = Math.Min(BlockRows, end - from);
            Transpose(values, from, rows, d, columns);
            var target = table.Slice((from - start) * k, rows * k);
            target.Clear();
            components.AddLogDensities(columns, BlockRows, 0, rows, target, k, 1);
        }
    }

    /// <summary>This thread's buffer for a block's columns.</summary>
    static double[] Columns(int d)
    {
        var columns = t_columns ??= new double[BlockRows * Math.Max(d, 8)];
        if (columns.Length < BlockRows * d) columns = t_columns = new double[BlockRows * d];
        return columns;
    }

    /// <summary>Rows [from, from + rows) of the row-major values into <paramref name="columns"/>, column j at j·<see cref="BlockRows"/>.</summary>
    static void Transpose(ReadOnlySpan<double> values, int from, int rows, int d, double[] columns)
    {
        var block = values.Slice(from * d, rows * d);
        for (int n = 0; n < rows; n++)
            for (int j = 0; j < d; j++) columns[j * BlockRows + n] = block[n * d + j];
    }

    /// <summary>
    /// Turns four points' log densities (component c's at potentials[c·B + n …]) into responsibilities in place, the log
    /// weights added first, and returns their log p(x) = m + log Σₖ e^(lₖ − m), m the largest lₖ.
    /// </summary>
    static Vector256<double> Normalize(Span<double> potentials, int n, int k, ReadOnlySpan<double> logWeights)
    {
        var max = Vector256.Create(double.NegativeInfinity);
        for (int c = 0; c < k; c++)
        {
            var slot = potentials.Slice(c * BlockRows + n, Lanes);
            var l = Vector256.Create<double>(slot) + Vector256.Create(logWeights[c]);
            l.CopyTo(slot);
            max = Vector256.Max(max, l);
        }
        var floor = Vector256.Create(LowestShift);
        var sum = Vector256<double>.Zero;
        for (int c = 0; c < k; c++)
        {
            var slot = potentials.Slice(c * BlockRows + n, Lanes);
            var shift = Vector256.Create<double>(slot) - max;
            var e = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(shift, floor), Vector256.Exp(Vector256.Max(shift, floor)), Vector256<double>.Zero);
            e.CopyTo(slot);
            sum += e;
        }
        for (int c = 0; c < k; c++)
        {
            var slot = potentials.Slice(c * BlockRows + n, Lanes);
            (Vector256.Create<double>(slot) / sum).CopyTo(slot);
        }
        return max + Vector256.Log(sum);
    }
}
