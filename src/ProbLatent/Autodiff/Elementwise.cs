using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using ProbLatent.Numerics;
using Tensor = ProbLatent.Numerics.Tensor;

namespace ProbLatent.Autodiff;

/// <summary>Elementwise kernels the operations share, and their split over both cores.</summary>
internal static class Elementwise
{
    public delegate void Map(ReadOnlySpan<float> input, Span<float> output);
    public delegate void Combine(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output);

    /// <summary>
    /// Elements are handed to the cores in units of this many, so every split leaves the same elements in vector
    /// loops and in scalar tails: results do not depend on which core took what.
    /// </summary>
    const int Unit = 64;

    /// <summary>Units per claim: a few microseconds of work for a transcendental function.</summary>
    const int UnitsPerClaim = 64;

    /// <summary>y = f(x) elementwise, on both cores.</summary>
    public static void Apply(Tensor x, Tensor y, Map map) =>
        WorkerPair.For(Units(x.Length), (x.Data, y.Data, x.Length, map),
            static (s, start, end) =>
            {
                var (from, length) = Range(start, end, s.Item3);
                s.map(s.Item1.AsSpan(from, length), s.Item2.AsSpan(from, length));
            }, UnitsPerClaim);

    /// <summary>
    /// Sends g ⊙ f′(v) into the gradient of <paramref name="target"/>: written if it is the first contribution, else added.
    /// </summary>
    public static void SendProduct<TDerivative>(Tensor g, Tensor v, Variable target) where TDerivative : IDerivative
    {
        var gradient = target.GradientFor(out bool overwrite);
        Product<TDerivative>(g, v, gradient, overwrite);
    }

    /// <summary>target = g ⊙ f′(v), or target += g ⊙ f′(v) unless <paramref name="overwrite"/>, elementwise on both cores.</summary>
    public static void Product<TDerivative>(Tensor g, Tensor v, Tensor target, bool overwrite = true) where TDerivative : IDerivative =>
        WorkerPair.For(Units(target.Length), (g.Data, v.Data, target.Data, target.Length, overwrite),
            static (s, start, end) =>
            {
                var (from, length) = Range(start, end, s.Item4);
                Product<TDerivative>(s.Item1.AsSpan(from, length), s.Item2.AsSpan(from, length), s.Item3.AsSpan(from, length), s.overwrite);
            }, UnitsPerClaim);

    /// <summary>y = f(y + b) in place (y + b without <paramref name="activation"/>), b a row added to every row of y; rows shared between the cores.</summary>
    public static void AddBiasThen(Tensor y, Tensor bias, Map? activation) =>
        WorkerPair.For(y.Rows, (y, bias, activation), static (s, start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                var row = s.y.Row(i);
                TensorPrimitives.Add(row, s.bias.Span, row);
                s.activation?.Invoke(row, row);
            }
        }, minBatch: Math.Max(1, Unit * UnitsPerClaim / Math.Max(y.Columns, 1)));

    /// <summary>
    /// target = Σᵢ (row i of <paramref name="source"/>), or target += that sum unless <paramref name="overwrite"/>: each
    /// element summed over the rows in order, columns shared between the cores.
    /// </summary>
    public static void ColumnSums(Tensor source, Tensor target, bool overwrite)
    {
        if (source.Rows == 0)
        {
            if (overwrite) target.Clear();
            return;
        }
        WorkerPair.For(Units(source.Columns), (source, target, overwrite), static (s, start, end) =>
        {
            var (from, length) = Range(start, end, s.source.Columns);
            var sum = s.target.Span.Slice(from, length);
            int first = 0;
            if (s.overwrite) s.source.Row(first++).Slice(from, length).CopyTo(sum);
            for (int i = first; i < s.source.Rows; i++) TensorPrimitives.Add(sum, s.source.Row(i).Slice(from, length), sum);
        }, minBatch: Math.Max(1, UnitsPerClaim / source.Rows));
    }

    static int Units(int length) => (length + Unit - 1) / Unit;

    static (int From, int Length) Range(int startUnit, int endUnit, int length)
    {
        int from = startUnit * Unit;
        return (from, Math.Min(endUnit * Unit, length) - from);
    }

    /// <summary>
    /// target = g ⊙ f′(v), or target += g ⊙ f′(v), vectorised: the shape of every activation's backward step. The
    /// derivative is a type parameter so the JIT inlines it into the loop.
    /// </summary>
    static void Product<TDerivative>(ReadOnlySpan<float> g, ReadOnlySpan<float> v, Span<float> target, bool overwrite)
        where TDerivative : IDerivative
    {
        int n = target.Length, w = Vector<float>.Count;
        var gv = MemoryMarshal.Cast<float, Vector<float>>(g);
        var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
        var tv = MemoryMarshal.Cast<float, Vector<float>>(target);
        if (overwrite)
        {
            for (int k = 0; k < n / w; k++) tv[k] = gv[k] * TDerivative.Of(vv[k]);
            for (int i = n / w * w; i < n; i++) target[i] = g[i] * TDerivative.Of(v[i]);
        }
        else
        {
            for (int k = 0; k < n / w; k++) tv[k] += gv[k] * TDerivative.Of(vv[k]);
            for (int i = n / w * w; i < n; i++) target[i] += g[i] * TDerivative.Of(v[i]);
        }
    }

    public static void Relu(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Max(x, 0f, y);

    /// <summary>log(1 + eˣ) = max(x, 0) + log(1 + e^−|x|): never overflows, and exact to float precision at both ends.</summary>
    public static void Softplus(ReadOnlySpan<float> x, Span<float> y)
    {
        TensorPrimitives.Abs(x, y);
        TensorPrimitives.Negate(y, y);
        TensorPrimitives.Exp(y, y);
        TensorPrimitives.Add(y, 1f, y);
        TensorPrimitives.Log(y, y);
        int n = x.Length, w = Vector<float>.Count;
        var xv = MemoryMarshal.Cast<float, Vector<float>>(x);
        var yv = MemoryMarshal.Cast<float, Vector<float>>(y);
        for (int k = 0; k < n / w; k++) yv[k] += Vector.Max(xv[k], Vector<float>.Zero);
        for (int i = n / w * w; i < n; i++) y[i] += MathF.Max(x[i], 0f);
    }
}

/// <summary>An activation's derivative, written in terms of what its backward step has at hand (its output or its input).</summary>
internal interface IDerivative
{
    static abstract float Of(float v);
    static abstract Vector<float> Of(Vector<float> v);
}

/// <summary>tanh′ = 1 − tanh², from the output.</summary>
internal readonly struct TanhDerivative : IDerivative
{
    public static float Of(float t) => 1f - t * t;
    public static Vector<float> Of(Vector<float> t) => Vector<float>.One - t * t;
}

/// <summary>σ′ = σ(1 − σ), from the output.</summary>
internal readonly struct SigmoidDerivative : IDerivative
{
    public static float Of(float s) => s * (1f - s);
    public static Vector<float> Of(Vector<float> s) => s * (Vector<float>.One - s);
}

/// <summary>σ, softplus′, from the input: e^−|x| is at most 1, so no exponential overflows at either end.</summary>
internal readonly struct SoftplusDerivative : IDerivative
{
    public static float Of(float x)
    {
        float e = MathF.Exp(-MathF.Abs(x)), r = 1f / (1f + e);
        return x >= 0 ? r : e * r;
    }

    public static Vector<float> Of(Vector<float> x)
    {
        var e = Vector.Exp(-Vector.Abs(x));
        var r = Vector<float>.One / (Vector<float>.One + e);
        return Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, Vector<float>.Zero), r, e * r);
    }
}

/// <summary>
/// The step function, from the output: max(x, 0) &gt; 0 exactly when x &gt; 0, so the dense layer's fused step, which
/// keeps only the output, sends the same gradient as a separate ReLU.
/// </summary>
internal readonly struct ReluDerivative : IDerivative
{
    public static float Of(float v) => v > 0 ? 1f : 0f;
    public static Vector<float> Of(Vector<float> v) =>
        Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<float>.Zero), Vector<float>.One, Vector<float>.Zero);
}
