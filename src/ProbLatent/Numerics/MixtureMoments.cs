using System.Buffers;
using System.Numerics.Tensors;

namespace ProbLatent.Numerics;

/// <summary>
/// The responsibility-weighted sufficient statistics of a mixture over one block of points, the one implementation EM's
/// M steps (<see cref="MixtureScatter"/>) and the VMP gate factors gather: Nₖ = Σₙ rₙₖ, Σₙ rₙₖ (xₙ − cₖ) and
/// Σₙ rₙₖ (xₙ − cₖ)(xₙ − cₖ)ᵀ (its lower triangle, or its diagonal) about centres cₖ, or about the origin when no
/// centres are given. A block held column by column is read a component and a dimension at a time, so every step is one
/// vectorised sum or dot product over its rows (the fast form for a few columns); a block held row by row is read a
/// point at a time (the fast form for many). The caller splits the data into blocks (and over cores).
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
        int d = dimension, k = components;
        if (responsibilities.Length != rows * k)
            throw new ArgumentException($"MixtureMoments: {rows} rows of {k} components need {rows * k} responsibilities, not {responsibilities.Length}");
        if (!centres.IsEmpty && centres.Length != k * d)
            throw new ArgumentException($"MixtureMoments: {k} centres of dimension {d} need {k * d} values, not {centres.Length}");
        bool centred = !centres.IsEmpty;
        var rented = ArrayPool<double>.Shared.Rent(2 * rows + (centred ? d * rows : 0));
        try
        {
            var r = rented.AsSpan(0, rows);
            var rx = rented.AsSpan(rows, rows);
            var residuals = centred ? rented.AsSpan(2 * rows, d * rows) : default;
            for (int c = 0; c < k; c++)
            {
                for (int n = 0; n < rows; n++) r[n] = responsibilities[n * k + c];
                if (!counts.IsEmpty) counts[c] += TensorPrimitives.Sum<double>(r);
                if (centred)
                    for (int j = 0; j < d; j++)
                        TensorPrimitives.Subtract(columns.Slice(j * stride + offset, rows), centres[c * d + j], residuals.Slice(j * rows, rows));
                for (int i = 0; i < d; i++)
                {
                    var xi = centred ? residuals.Slice(i * rows, rows) : columns.Slice(i * stride + offset, rows);
                    TensorPrimitives.Multiply(r, xi, rx);
                    if (!sums.IsEmpty) sums[c * d + i] += TensorPrimitives.Sum<double>(rx);
                    if (kind == Second.Diagonal) second[c * d + i] += TensorPrimitives.Dot<double>(rx, xi);
                    else if (kind == Second.LowerTriangle)
                        for (int j = 0; j <= i; j++)
                        {
                            var xj = centred ? residuals.Slice(j * rows, rows) : columns.Slice(j * stride + offset, rows);
                            second[c * d * d + i * d + j] += TensorPrimitives.Dot<double>(rx, xj);
                        }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// <see cref="AddColumns"/>'s statistics for a block held row by row (rows×d, row-major), a point at a time: each
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
