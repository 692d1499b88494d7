using System.Numerics;
using System.Runtime.CompilerServices;

namespace ProbLatent.Numerics;

/// <summary>
/// The two matrix products of a mixture of Bernoullis over a block of binary rows X (rows×d), in double precision:
/// the E step's log p(xₙ | k) = xₙ · ℓₖ + bₖ for K components at once (X·Lᵀ plus a constant per column, with log-odds
/// ℓₖⱼ = log μₖⱼ − log(1 − μₖⱼ) and bₖ = Σⱼ log(1 − μₖⱼ), or VMP's E[log μ] and E[log(1 − μ)] in their place), and the
/// M step's Σₙ rₙₖ xₙ (Rᵀ·X). Both read only the ones of X (<see cref="BinaryPattern"/>), so their work is the number of
/// ones times K rather than rows × d × K: on binarized MNIST about one pixel in seven is set.
/// </summary>
/// <remarks>
/// Both operands with K along the row are laid out d×K ("by column": row j holds pixel j's value for every component), so
/// each one selects one contiguous row of K values. The components are taken in chunks that stay in registers (and the
/// chunk of the operand it reads in cache) while the rows go by: the E step reads the log-odds rows a point's ones select,
/// the M step the responsibility rows of the points a pixel is on in (the pattern's columns), so neither writes more than
/// its result. A log-likelihood sums its pixels in increasing j, one rounding per term (so it differs from a vectorised
/// dot product by rounding only); a weighted sum adds its rows in increasing n, as <see cref="MixtureMoments.AddRows"/>
/// does, so it equals that one bit for bit. Single-precision GEMM
/// would be faster still but would move a log-likelihood of hundreds of nats in its seventh digit.
/// </remarks>
internal static class BernoulliRows
{
    // Accumulators of a chunk: eight vectors, so the adds of one selected row are independent.
    const int Unroll = 8;

    [ThreadStatic] static BinaryPattern? t_pattern;

    /// <summary>
    /// The ones of <paramref name="rows"/> rows of d values held row by row, in a pattern kept per thread (valid until the
    /// thread's next call). Throws naming the block's first row <paramref name="firstRow"/> when a value is not 0 or 1.
    /// </summary>
    public static BinaryPattern Index(ReadOnlySpan<double> values, int rows, int dimension, int firstRow)
    {
        var pattern = t_pattern ??= new BinaryPattern();
        if (!pattern.TryIndex(values, rows, dimension, maxDensity: 1))
            throw new ArgumentException($"a Bernoulli likelihood needs values of 0 or 1, but one of the block's rows {firstRow}…{firstRow + rows - 1} holds another");
        return pattern;
    }

    /// <summary>
    /// result[n·K + k] = Σ over the ones j of row n of <paramref name="byColumn"/>[j·K + k], plus <paramref name="offsets"/>[k]:
    /// log p(xₙ | k) for every row of <paramref name="x"/> and component.
    /// </summary>
    /// <param name="byColumn">The log-odds, d×K.</param>
    /// <param name="result">rows×K, overwritten.</param>
    public static void LogLikelihoods(BinaryPattern x, ReadOnlySpan<double> byColumn, ReadOnlySpan<double> offsets, Span<double> result)
    {
        int k = offsets.Length;
        Check(x, byColumn, k, result, "log-likelihoods");
        Gather(new Lists(x, ByColumn: false), x.Rows, byColumn, k, result, offsets, addendStride: 0);
    }

    /// <summary>
    /// sums[j·K + k] += Σ over the rows n whose pixel j is one of <paramref name="responsibilities"/>[n·K + k], in increasing
    /// n: Σₙ rₙₖ xₙ for the block, laid out d×K. The rows' sum is added to what <paramref name="sumsByColumn"/> held, so
    /// into zeros (a block's own accumulator) it is the row-by-row sum bit for bit.
    /// </summary>
    public static void AddWeightedSums(BinaryPattern x, ReadOnlySpan<double> responsibilities, int components, Span<double> sumsByColumn)
    {
        int k = components;
        Check(x, sumsByColumn, k, responsibilities, "weighted sums");
        x.IndexColumns();
        Gather(new Lists(x, ByColumn: true), x.Columns, responsibilities, k, sumsByColumn, sumsByColumn, addendStride: k);
    }

    /// <summary>The lists of rows of the source each row of the result sums: the pattern's rows, or its columns for the transpose.</summary>
    readonly record struct Lists(BinaryPattern Pattern, bool ByColumn)
    {
        public ReadOnlySpan<int> Of(int row) => ByColumn ? Pattern.OnesOfColumn(row) : Pattern.OnesOfRow(row);
    }

    /// <summary>
    /// result[i·K + c] = Σ over the list of row i of source[t·K + c], in list order, plus addend[i·stride + c] (the result
    /// itself may be the addend). Components in chunks, each chunk's sums in registers while every row goes by.
    /// </summary>
    static void Gather(Lists lists, int rows, ReadOnlySpan<double> source, int k, Span<double> result, ReadOnlySpan<double> addend, int addendStride)
    {
        if (k == 0) return;
        int w = Vector<double>.Count, c = 0;
        for (; c + Unroll * w <= k; c += Unroll * w) GatherChunk(lists, rows, source, k, c, result, addend, addendStride);
        for (; c + w <= k; c += w)
            for (int i = 0; i < rows; i++)
            {
                Vector<double> s = default;
                foreach (int t in lists.Of(i)) s += new Vector<double>(source.Slice(t * k + c, w));
                (s + new Vector<double>(addend.Slice(i * addendStride + c, w))).CopyTo(result.Slice(i * k + c, w));
            }
        for (; c < k; c++)
            for (int i = 0; i < rows; i++)
            {
                double s = 0;
                foreach (int t in lists.Of(i)) s += source[t * k + c];
                result[i * k + c] = s + addend[i * addendStride + c];
            }
    }

    /// <summary>Writes the K×d matrix <paramref name="source"/> as d×K into <paramref name="target"/>, or back with the sizes swapped.</summary>
    public static void Transpose(ReadOnlySpan<double> source, int rows, int columns, Span<double> target)
    {
        if (source.Length != rows * columns || target.Length != rows * columns)
            throw new ArgumentException($"BernoulliRows: a {rows}×{columns} transpose needs {rows * columns} values each way, not {source.Length} and {target.Length}");
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++) target[j * rows + i] = source[i * columns + j];
    }

    static void Check(BinaryPattern x, ReadOnlySpan<double> byColumn, int k, ReadOnlySpan<double> perRow, string what)
    {
        if (byColumn.Length != x.Columns * k)
            throw new ArgumentException($"BernoulliRows {what}: {x.Columns} pixels of {k} components need {x.Columns * k} values by column, not {byColumn.Length}");
        if (perRow.Length != x.Rows * k)
            throw new ArgumentException($"BernoulliRows {what}: {x.Rows} rows of {k} components need {x.Rows * k} values, not {perRow.Length}");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void GatherChunk(Lists lists, int rows, ReadOnlySpan<double> source, int k, int c, Span<double> result,
        ReadOnlySpan<double> addend, int addendStride)
    {
        int w = Vector<double>.Count;
        fixed (double* ps = source, pa = addend, pr = result)
            for (int i = 0; i < rows; i++)
            {
                Vector<double> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
                foreach (int t in lists.Of(i))
                {
                    double* r = ps + (nint)t * k + c;
                    s0 += Vector.Load(r);
                    s1 += Vector.Load(r + w);
                    s2 += Vector.Load(r + 2 * w);
                    s3 += Vector.Load(r + 3 * w);
                    s4 += Vector.Load(r + 4 * w);
                    s5 += Vector.Load(r + 5 * w);
                    s6 += Vector.Load(r + 6 * w);
                    s7 += Vector.Load(r + 7 * w);
                }
                double* a = pa + (nint)i * addendStride + c, o = pr + (nint)i * k + c;
                (s0 + Vector.Load(a)).Store(o);
                (s1 + Vector.Load(a + w)).Store(o + w);
                (s2 + Vector.Load(a + 2 * w)).Store(o + 2 * w);
                (s3 + Vector.Load(a + 3 * w)).Store(o + 3 * w);
                (s4 + Vector.Load(a + 4 * w)).Store(o + 4 * w);
                (s5 + Vector.Load(a + 5 * w)).Store(o + 5 * w);
                (s6 + Vector.Load(a + 6 * w)).Store(o + 6 * w);
                (s7 + Vector.Load(a + 7 * w)).Store(o + 7 * w);
            }
    }
}
