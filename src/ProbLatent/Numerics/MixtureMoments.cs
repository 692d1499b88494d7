using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace ProbLatent.Numerics;

/// <summary>
/// The responsibility-weighted sufficient statistics of a mixture over one block of points, the one implementation EM's
/// M steps (<see cref="MixtureScatter"/>) and the VMP gate factors gather: Nₖ = Σₙ rₙₖ, Σₙ rₙₖ (xₙ − cₖ) and
/// Σₙ rₙₖ (xₙ − cₖ)(xₙ − cₖ)ᵀ (its lower triangle, or its diagonal) about centres cₖ, or about the origin when no
/// centres are given. A block held column by column is read four points at a time across SIMD lanes (the fast form for a
/// few columns); a block held row by row is read a point at a time (the fast form for many). The caller splits the data into blocks (and over cores).
/// </summary>
internal static class MixtureMoments
{
    /// <summary>Which second moment to gather.</summary>
    public enum Second
    {
        None,

        /// <summary>Σₙ rₙₖ (xₙⱼ − cₖⱼ)², K×d.</summary>
        Diagonal,

        /// <summary>Σₙ rₙₖ (xₙ − cₖ)(xₙ − cₖ)ᵀ, K×d×d row-major, the lower triangle only (j ≤ i): the caller mirrors it.</summary>
        LowerTriangle,
    }

    /// <summary>
    /// Adds a block's statistics from its data held column by column: column j's rows are
    /// <paramref name="columns"/>[j·stride + offset …  + rows).
    /// </summary>
    /// <param name="responsibilities">The block's rₙₖ, rows×K row-major.</param>
    /// <param name="centres">cₖ, K×d; empty for moments about the origin.</param>
    /// <param name="counts">Nₖ (K) to add to, or empty; likewise <paramref name="sums"/> (K×d) and <paramref name="second"/>.</param>
    public static void AddColumns(ReadOnlySpan<double> columns, int stride, int offset, int rows, int dimension,
        ReadOnlySpan<double> responsibilities, int components, ReadOnlySpan<double> centres,
        Span<double> counts, Span<double> sums, Span<double> second, Second kind)
    {
        if (responsibilities.Length != rows * components)
            throw new ArgumentException($"MixtureMoments: {rows} rows of {components} components need {rows * components} responsibilities, not {responsibilities.Length}");
        AddColumns(columns, stride, offset, rows, dimension, responsibilities, components, 1, components, centres, counts, sums, second, kind);
    }

    /// <summary>
    /// <see cref="AddColumns(ReadOnlySpan{double}, int, int, int, int, ReadOnlySpan{double}, int, ReadOnlySpan{double}, Span{double}, Span{double}, Span{double}, Second)"/>
    /// with rₙₖ at <paramref name="responsibilities"/>[k·componentStride + n·rowStride]: row by row (1, K) or a component's
    /// rows together (B, 1), as the block E step holds them.
    /// </summary>
    /// <remarks>
    /// Four points at a time across SIMD lanes, every statistic of a component gathered in one sweep of the block; each lane
    /// sums its own points and the lanes are added last, in a fixed order, so the sums depend only on the block.
    /// </remarks>
    public static void AddColumns(ReadOnlySpan<double> columns, int stride, int offset, int rows, int dimension,
        ReadOnlySpan<double> responsibilities, int components, int componentStride, int rowStride, ReadOnlySpan<double> centres,
        Span<double> counts, Span<double> sums, Span<double> second, Second kind)
    {
        int d = dimension, k = components;
        if (!centres.IsEmpty && centres.Length != k * d)
            throw new ArgumentException($"MixtureMoments: {k} centres of dimension {d} need {k * d} values, not {centres.Length}");
        if (rows == 0) return;
        if ((d > 1 && offset + rows > stride) || (d - 1) * stride + offset + rows > columns.Length)
            throw new ArgumentException($"MixtureMoments: {rows} rows from {offset} do not fit columns of stride {stride} in {columns.Length} values");
        if ((k - 1) * componentStride + (rows - 1) * rowStride >= responsibilities.Length)
            throw new ArgumentException($"MixtureMoments: {rows} rows of {k} components do not fit {responsibilities.Length} responsibilities");
        bool centred = !centres.IsEmpty, wantCounts = !counts.IsEmpty, wantSums = !sums.IsEmpty;
        int moments = kind switch { Second.LowerTriangle => d * (d + 1) / 2, Second.Diagonal => d, _ => 0 };
        int length = 1 + d + moments;
        Span<Vector256<double>> accumulators = length <= 64 ? stackalloc Vector256<double>[length] : new Vector256<double>[length];
        Span<Vector256<double>> x = d <= 32 ? stackalloc Vector256<double>[d] : new Vector256<double>[d];
        Span<double> lane = stackalloc double[Lanes];
        for (int c = 0; c < k; c++)
        {
            accumulators.Clear();
            var r = responsibilities[(c * componentStride)..];
            for (int n = 0; n < rows; n += Lanes)
            {
                int lanes = Math.Min(Lanes, rows - n);
                // The last few rows ride in a vector padded with zero weight and zero values, which adds nothing.
                Vector256<double> w;
                if (lanes == Lanes && rowStride == 1) w = Vector256.Create(r.Slice(n, Lanes));
                else if (lanes == Lanes) w = Vector256.Create(r[n * rowStride], r[(n + 1) * rowStride], r[(n + 2) * rowStride], r[(n + 3) * rowStride]);
                else
                {
                    lane.Clear();
                    for (int l = 0; l < lanes; l++) lane[l] = r[(n + l) * rowStride];
                    w = Vector256.Create<double>(lane);
                }
                for (int j = 0; j < d; j++)
                {
                    var column = columns.Slice(j * stride + offset + n);
                    Vector256<double> xj;
                    if (lanes == Lanes) xj = Vector256.Create(column[..Lanes]);
                    else
                    {
                        lane.Clear();
                        column[..lanes].CopyTo(lane);
                        xj = Vector256.Create<double>(lane);
                    }
                    x[j] = centred ? xj - Vector256.Create(centres[c * d + j]) : xj;
                }
                accumulators[0] += w;
                int m = 1 + d;
                for (int i = 0; i < d; i++)
                {
                    var wx = w * x[i];
                    accumulators[1 + i] += wx;
                    if (kind == Second.Diagonal) accumulators[m + i] += wx * x[i];
                    else if (kind == Second.LowerTriangle)
                        for (int j = 0; j <= i; j++) accumulators[m++] += wx * x[j];
                }
            }
            if (wantCounts) counts[c] += SumOfLanes(accumulators[0]);
            if (wantSums)
                for (int i = 0; i < d; i++) sums[c * d + i] += SumOfLanes(accumulators[1 + i]);
            int t = 1 + d;
            if (kind == Second.Diagonal)
                for (int i = 0; i < d; i++) second[c * d + i] += SumOfLanes(accumulators[t + i]);
            else if (kind == Second.LowerTriangle)
                for (int i = 0; i < d; i++)
                    for (int j = 0; j <= i; j++) second[c * d * d + i * d + j] += SumOfLanes(accumulators[t++]);
        }
    }

    const int Lanes = 4;

    static double SumOfLanes(Vector256<double> v) => (v[0] + v[1]) + (v[2] + v[3]);

    /// <summary>
    /// The statistics of the column form for a block held row by row (rows×d, row-major), a point at a time: each
    /// row's residual is weighted once per component (rows of zero weight skipped) and added with the row's own
    /// contiguous values, which for wide rows (hundreds of pixels) is faster than turning the block into columns.
    /// </summary>
    public static void AddRows(ReadOnlySpan<double> block, int rows, int dimension,
        ReadOnlySpan<double> responsibilities, int components, ReadOnlySpan<double> centres,
        Span<double> counts, Span<double> sums, Span<double> second, Second kind)
    {
        int d = dimension, k = components;
        if (block.Length != rows * d)
            throw new ArgumentException($"MixtureMoments: {rows} rows of dimension {d} need {rows * d} values, not {block.Length}");
        if (responsibilities.Length != rows * k)
            throw new ArgumentException($"MixtureMoments: {rows} rows of {k} components need {rows * k} responsibilities, not {responsibilities.Length}");
        if (!centres.IsEmpty && centres.Length != k * d)
            throw new ArgumentException($"MixtureMoments: {k} centres of dimension {d} need {k * d} values, not {centres.Length}");
        bool centred = !centres.IsEmpty, wantCounts = !counts.IsEmpty, wantSums = !sums.IsEmpty;
        var rented = centred ? ArrayPool<double>.Shared.Rent(d) : null;
        try
        {
            for (int n = 0; n < rows; n++)
            {
                var row = block.Slice(n * d, d);
                for (int c = 0; c < k; c++)
                {
                    double w = responsibilities[n * k + c];
                    if (w == 0) continue;
                    if (wantCounts) counts[c] += w;
                    var x = row;
                    if (centred)
                    {
                        var residual = rented.AsSpan(0, d);
                        for (int j = 0; j < d; j++) residual[j] = row[j] - centres[c * d + j];
                        x = residual;
                    }
                    if (kind == Second.None)
                    {
                        if (wantSums) TensorPrimitives.MultiplyAdd(x, w, sums.Slice(c * d, d), sums.Slice(c * d, d));
                        continue;
                    }
                    for (int a = 0; a < d; a++)
                    {
                        double wa = w * x[a];
                        if (wantSums) sums[c * d + a] += wa;
                        if (kind == Second.Diagonal) second[c * d + a] += wa * x[a];
                        else
                            for (int b = 0; b <= a; b++) second[c * d * d + a * d + b] += wa * x[b];
                    }
                }
            }
        }
        finally
        {
            if (rented is not null) ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>Mirrors the lower triangles <see cref="Second.LowerTriangle"/> gathers into the upper ones, for K d×d matrices.</summary>
    public static void MirrorLowerTriangles(Span<double> matrices, int components, int dimension)
    {
        int d = dimension, dd = d * d;
        for (int c = 0; c < components; c++)
            for (int a = 0; a < d; a++)
                for (int b = 0; b < a; b++) matrices[c * dd + b * d + a] = matrices[c * dd + a * d + b];
    }
}
