using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ProbLatent.Numerics;

/// <summary>
/// K Gaussian components in the form whose log densities a block of points gets at once, the one E-step formula of EM,
/// the exact evaluation and VMP's Gaussian gates:
/// <list type="bullet">
/// <item>full: aₖ − ½‖Tₖ(x − cₖ) − bₖ‖², Tₖ triangular — EM's Tₖ = Lₖ⁻¹ for Σₖ = LₖLₖᵀ about the means cₖ = μₖ; VMP's
/// Tₖ = Lₖᵀ for E[Λₖ] = LₖLₖᵀ about the origin with bₖ = Lₖᵀmₖ;</item>
/// <item>diagonal: aₖ − ½ Σⱼ λₖⱼ (xⱼ − cₖⱼ)², λ the precisions (EM's 1/σ², VMP's E[λ]).</item>
/// </list>
/// Points are taken four at a time across SIMD lanes from a block held column by column, and every lane does the
/// operations a lone point would, in the same order, so a point's value does not depend on its neighbours, its block or
/// where the block begins (a lone point rides in a padded vector). No multiply-add is fused, as none was in the gates.
/// </summary>
internal sealed class WhitenedGaussians
{
    const int Lanes = 4;

    /// <param name="upper">For full components, whether Tₖ is upper triangular (j ≥ i) rather than lower (j ≤ i).</param>
    /// <param name="centred">Whether the components have centres cₖ; without them x is taken as it is.</param>
    /// <param name="offsets">Whether the full components have offsets bₖ.</param>
    public WhitenedGaussians(int components, int dimension, bool full, bool upper = false, bool centred = true, bool offsets = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        if (offsets && !full) throw new ArgumentException("WhitenedGaussians: only full components take offsets");
        Components = components;
        Dimension = dimension;
        IsFull = full;
        IsUpper = upper;
        int d = dimension, k = components;
        Transforms = new double[full ? k * d * d : k * d];
        Centres = centred ? new double[k * d] : [];
        Offsets = offsets ? new double[k * d] : [];
        Constants = new double[k];
    }

    public int Components { get; }
    public int Dimension { get; }
    public bool IsFull { get; }
    public bool IsUpper { get; }

    /// <summary>Tₖ, K×d×d row-major (only its triangle is read), or the diagonal precisions λₖⱼ, K×d.</summary>
    public double[] Transforms { get; }

    /// <summary>cₖ, K×d; empty when the components are not centred.</summary>
    public double[] Centres { get; }

    /// <summary>bₖ, K×d; empty when there are none.</summary>
    public double[] Offsets { get; }

    /// <summary>aₖ, K.</summary>
    public double[] Constants { get; }

    /// <summary>
    /// Adds aₖ − ½ qₖ(xₙ) into <paramref name="potentials"/>[n·rowStride + k·componentStride] for rows 0…rows−1 of a block held
    /// column by column: column j's rows are <paramref name="columns"/>[j·stride + offset …  + rows).
    /// </summary>
    public void AddLogDensities(ReadOnlySpan<double> columns, int stride, int offset, int rows, Span<double> potentials, int rowStride, int componentStride)
    {
        int d = Dimension;
        if (rows == 0) return;
        if ((d > 1 && offset + rows > stride) || (d - 1) * stride + offset + rows > columns.Length)
            throw new ArgumentException($"WhitenedGaussians: {rows} rows from {offset} do not fit columns of stride {stride} in {columns.Length} values");
        Span<Vector256<double>> x = d <= 32 ? stackalloc Vector256<double>[d] : new Vector256<double>[d];
        Span<Vector256<double>> residual = d <= 32 ? stackalloc Vector256<double>[d] : new Vector256<double>[d];
        Span<double> tail = stackalloc double[Lanes];
        int full = rows - rows % Lanes;
        for (int n = 0; n < rows; n += Lanes)
        {
            int lanes = Math.Min(Lanes, rows - n);
            for (int j = 0; j < d; j++)
            {
                var column = columns.Slice(j * stride + offset + n);
                if (n < full) x[j] = Vector256.Create(column[..Lanes]);
                else
                {
                    // The last few rows ride in a padded vector, so they see the same operations as every other row.
                    tail.Clear();
                    column[..lanes].CopyTo(tail);
                    x[j] = Vector256.Create<double>(tail);
                }
            }
            for (int c = 0; c < Components; c++)
            {
                var value = Vector256.Create(Constants[c]) - Vector256.Create(0.5) * Quadratic(x, residual, c);
                int at = n * rowStride + c * componentStride;
                if (rowStride == 1 && lanes == Lanes)
                {
                    var target = potentials.Slice(at, Lanes);
                    (Vector256.Create<double>(target) + value).CopyTo(target);
                }
                else
                    for (int lane = 0; lane < lanes; lane++) potentials[at + lane * rowStride] += value[lane];
            }
        }
    }

    /// <summary>qₖ of four points: ‖Tₖ(x − cₖ) − bₖ‖², or Σⱼ λₖⱼ (xⱼ − cₖⱼ)².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    Vector256<double> Quadratic(ReadOnlySpan<Vector256<double>> x, Span<Vector256<double>> residual, int c)
    {
        int d = Dimension;
        var quad = Vector256<double>.Zero;
        bool centred = Centres.Length > 0;
        if (!IsFull)
        {
            for (int j = 0; j < d; j++)
            {
                var r = centred ? x[j] - Vector256.Create(Centres[c * d + j]) : x[j];
                quad = Vector256.Create(Transforms[c * d + j]) * r * r + quad;
            }
            return quad;
        }
        for (int j = 0; j < d; j++) residual[j] = centred ? x[j] - Vector256.Create(Centres[c * d + j]) : x[j];
        int dd = d * d;
        bool offsets = Offsets.Length > 0;
        for (int i = 0; i < d; i++)
        {
            var y = offsets ? Vector256.Create(-Offsets[c * d + i]) : Vector256<double>.Zero;
            int from = IsUpper ? i : 0, to = IsUpper ? d : i + 1;
            for (int j = from; j < to; j++) y = residual[j] * Vector256.Create(Transforms[c * dd + i * d + j]) + y;
            quad = y * y + quad;
        }
        return quad;
    }
}
