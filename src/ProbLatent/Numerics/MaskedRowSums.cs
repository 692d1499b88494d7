using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ProbLatent.Numerics;

/// <summary>
/// The last columns of a row, fewer than a kernel's block of vectors, summed over the rows a list selects the way a
/// whole block is: four accumulators in one pass over the list, under AVX masks, so lanes past the row's end are
/// neither read nor written (nor faulted on). A vector or a column at a time would make each sum one chain of
/// dependent adds as long as the list. Each lane is summed in the list's order, as the unmasked kernels sum it.
/// </summary>
internal static class MaskedRowSums
{
    public const int Width = 8;

    /// <summary>Whether the masked loads run here (AVX, and <see cref="System.Numerics.Vector{T}"/> of eight floats for the kernels around them).</summary>
    public static bool Supported => Avx.IsSupported && System.Numerics.Vector<float>.Count == Width;

    /// <summary>Four masks for the columns from <paramref name="from"/> on, lanes set below <paramref name="end"/>.</summary>
    public static (Vector256<float> M0, Vector256<float> M1, Vector256<float> M2, Vector256<float> M3) Masks(int from, int end)
    {
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) + Vector256.Create(from);
        var limit = Vector256.Create(end);
        return (Below(lanes, limit, 0), Below(lanes, limit, 1), Below(lanes, limit, 2), Below(lanes, limit, 3));
    }

    /// <summary>The mask of the lanes of the vector of columns from <paramref name="column"/> that are at or past <paramref name="from"/>.</summary>
    public static Vector256<float> From(int column, int from) =>
        Vector256.GreaterThanOrEqual(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) + Vector256.Create(column), Vector256.Create(from)).AsSingle();

    static Vector256<float> Below(Vector256<int> lanes, Vector256<int> limit, int vector) =>
        Vector256.LessThan(lanes + Vector256.Create(vector * Width), limit).AsSingle();

    /// <summary>Columns j… of Σ over the list of the rows of B (n columns), under the four masks; lanes outside them zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe (Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>) Sums(float* b, int* list, int count, int n, int j,
        (Vector256<float> M0, Vector256<float> M1, Vector256<float> M2, Vector256<float> M3) masks) =>
        Add(b, list, count, n, j, masks, default);

    /// <summary><paramref name="sums"/> plus columns j… of the rows of B that the list selects, added in the list's order, under the masks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe (Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>) Add(float* b, int* list, int count, int n, int j,
        (Vector256<float> M0, Vector256<float> M1, Vector256<float> M2, Vector256<float> M3) masks,
        (Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>) sums)
    {
        var (s0, s1, s2, s3) = sums;
        for (int t = 0; t < count; t++)
        {
            float* r = b + (nint)list[t] * n + j;
            s0 += Avx.MaskLoad(r, masks.M0);
            s1 += Avx.MaskLoad(r + Width, masks.M1);
            s2 += Avx.MaskLoad(r + 2 * Width, masks.M2);
            s3 += Avx.MaskLoad(r + 3 * Width, masks.M3);
        }
        return (s0, s1, s2, s3);
    }
}
