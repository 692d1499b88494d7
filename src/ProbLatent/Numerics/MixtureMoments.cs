using System.Buffers;
using System.Numerics.Tensors;

namespace ProbLatent.Numerics;

/// <summary>
/// The responsibility-weighted sufficient statistics of a mixture over one block of points, the one implementation EM's
/// M steps (<see cref="MixtureScatter"/>) and the VMP gate factors gather: Nₖ = Σₙ rₙₖ, Σₙ rₙₖ (xₙ − cₖ) and
/// Σₙ rₙₖ (xₙ − cₖ)(xₙ − cₖ)ᵀ (its lower triangle, or its diagonal) about centres cₖ, or about the origin when no
/// centres are given. The block is read a component and a dimension at a time over contiguous columns, so every step is
/// one vectorised sum or dot product over the block's rows; the caller splits the data into blocks (and over cores).
/// </summary>
public static class MixtureMoments
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
    /// <see cref="AddColumns"/> for a block held row by row (rows×d, row-major), turned into columns in a pooled buffer first.
    /// </summary>
    public static void AddRows(ReadOnlySpan<double> block, int rows, int dimension,
        ReadOnlySpan<double> responsibilities, int components, ReadOnlySpan<double> centres,
        Span<double> counts, Span<double> sums, Span<double> second, Second kind)
    {
        int d = dimension;
        if (block.Length != rows * d)
            throw new ArgumentException($"MixtureMoments: {rows} rows of dimension {d} need {rows * d} values, not {block.Length}");
        var columns = ArrayPool<double>.Shared.Rent(rows * d);
        try
        {
            for (int n = 0; n < rows; n++)
                for (int j = 0; j < d; j++) columns[j * rows + n] = block[n * d + j];
            AddColumns(columns.AsSpan(0, rows * d), rows, 0, rows, d, responsibilities, components, centres, counts, sums, second, kind);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(columns);
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
