using System.Numerics;
using System.Runtime.CompilerServices;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Contrastive;

/// <summary>
/// The contrastive trainer's update by momentum and weight decay, vectorised and on both cores: the velocities of the
/// biases and weights from the minibatch's gradients, whether the update would leave every weight finite (it is
/// applied only if so), and the update itself. Each element is computed as one at a time would compute it.
/// </summary>
internal static class MomentumUpdate
{
    /// <summary>velocity = momentum · velocity + rate · Σᵣ (a − b)ᵣ over the first <paramref name="rows"/> rows, column by column, the rows added in order.</summary>
    public static void BiasVelocity(float[] a, float[] b, int rows, float[] velocity, float momentum, float rate)
    {
        int columns = velocity.Length, w = Vector<float>.Count, j = 0;
        for (; j + w <= columns; j += w)
        {
            var g = Vector<float>.Zero;
            for (int r = 0; r < rows; r++) g += new Vector<float>(a, r * columns + j) - new Vector<float>(b, r * columns + j);
            (momentum * new Vector<float>(velocity, j) + rate * g).CopyTo(velocity, j);
        }
        for (; j < columns; j++)
        {
            float g = 0;
            for (int r = 0; r < rows; r++) g += a[r * columns + j] - b[r * columns + j];
            velocity[j] = momentum * velocity[j] + rate * g;
        }
    }

    /// <summary>
    /// velocity = momentum · velocity + rate · gradient − shrink · weights for every weight, by rows of <paramref name="columns"/>
    /// on both cores; whether every weight + velocity is finite (<paramref name="nonFinite"/>, one flag either core may set).
    /// </summary>
    public static bool WeightVelocity(float[] weights, float[] gradient, float[] velocity, int columns, float momentum, float rate, float shrink, bool[] nonFinite)
    {
        nonFinite[0] = false;
        WorkerPair.For(weights.Length / columns, (weights, gradient, velocity, columns, momentum, rate, shrink, nonFinite), static (s, start, end) =>
        {
            int w = Vector<float>.Count, last = end * s.columns, i = start * s.columns;
            var ok = Vector<float>.Zero;
            for (; i + w <= last; i += w)
            {
                var weight = new Vector<float>(s.weights, i);
                var v = s.momentum * new Vector<float>(s.velocity, i) + s.rate * new Vector<float>(s.gradient, i) - s.shrink * weight;
                v.CopyTo(s.velocity, i);
                var sum = weight + v;
                ok |= sum - sum; // 0 where finite, NaN where not
            }
            bool finite = Vector.EqualsAll(ok, Vector<float>.Zero);
            for (; i < last; i++)
            {
                float v = s.momentum * s.velocity[i] + s.rate * s.gradient[i] - s.shrink * s.weights[i];
                s.velocity[i] = v;
                finite &= float.IsFinite(s.weights[i] + v);
            }
            if (!finite) s.nonFinite[0] = true;
        }, minBatch: 16);
        return !nonFinite[0];
    }

    public static int FirstNonFinite(float[] values, float[] steps)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i] + steps[i])) return i;
        return -1;
    }

    /// <summary>values += steps, by rows of <paramref name="columns"/> on both cores.</summary>
    public static void AddInPlace(float[] values, float[] steps, int columns) =>
        WorkerPair.For(values.Length / columns, (values, steps, columns), static (s, start, end) =>
        {
            var v = s.values.AsSpan(start * s.columns, (end - start) * s.columns);
            var d = s.steps.AsSpan(start * s.columns, (end - start) * s.columns);
            int w = Vector<float>.Count, i = 0;
            for (; i + w <= v.Length; i += w) (new Vector<float>(v.Slice(i)) + new Vector<float>(d.Slice(i))).CopyTo(v.Slice(i));
            for (; i < v.Length; i++) v[i] += d[i];
        }, minBatch: 16);

    /// <summary>
    /// <see cref="WeightVelocity(float[], float[], float[], int, float, float, float, bool[])"/> with the gradient
    /// Aᵀ·P + Bᵀ·Q of two binary matrices (the data and the sampled vₖ, by their patterns) and P, Q (p(h | v₀) and
    /// −p(h | vₖ)) taken row by row of W as it goes, never stored: each element of Aᵀ·P summed in the order of its
    /// column's ones, then Bᵀ·Q's, then the two added, as <see cref="BinaryProduct.MultiplyTransposed"/> would give
    /// them into a gradient, so the velocity is the same bit for bit.
    /// </summary>
    public static bool WeightVelocity(BinaryPattern a, Tensor p, BinaryPattern b, Tensor q, float[] weights, float[] velocity,
        float momentum, float rate, float shrink, bool[] nonFinite)
    {
        a.IndexColumns();
        b.IndexColumns();
        nonFinite[0] = false;
        WorkerPair.For(a.Columns, (a, p, b, q, weights, velocity, momentum, rate, shrink, nonFinite), static (s, start, end) =>
        {
            bool finite = true;
            for (int i = start; i < end; i++)
                finite &= FusedRow(s.a.OnesOfColumn(i), s.p.Data, s.b.OnesOfColumn(i), s.q.Data, s.weights.AsSpan(i * s.p.Columns, s.p.Columns),
                    s.velocity.AsSpan(i * s.p.Columns, s.p.Columns), s.momentum, s.rate, s.shrink);
            if (!finite) s.nonFinite[0] = true;
        }, minBatch: 4);
        return !nonFinite[0];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe bool FusedRow(ReadOnlySpan<int> aOnes, float[] p, ReadOnlySpan<int> bOnes, float[] q, Span<float> weights, Span<float> velocity,
        float momentum, float rate, float shrink)
    {
        int n = weights.Length, w = Vector<float>.Count, j = 0;
        var ok = Vector<float>.Zero;
        bool finite = true;
        fixed (float* pp = p, pq = q, pw = weights, pv = velocity)
        fixed (int* la = aOnes, lb = bOnes)
        {
            int ca = aOnes.Length, cb = bOnes.Length;
            for (; j + 4 * w <= n; j += 4 * w)
            {
                Vector<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
                for (int t = 0; t < ca; t++)
                {
                    float* r = pp + (nint)la[t] * n + j;
                    a0 += Vector.Load(r);
                    a1 += Vector.Load(r + w);
                    a2 += Vector.Load(r + 2 * w);
                    a3 += Vector.Load(r + 3 * w);
                }
                for (int t = 0; t < cb; t++)
                {
                    float* r = pq + (nint)lb[t] * n + j;
                    b0 += Vector.Load(r);
                    b1 += Vector.Load(r + w);
                    b2 += Vector.Load(r + 2 * w);
                    b3 += Vector.Load(r + 3 * w);
                }
                ok |= Step(pw + j, pv + j, a0 + b0, momentum, rate, shrink);
                ok |= Step(pw + j + w, pv + j + w, a1 + b1, momentum, rate, shrink);
                ok |= Step(pw + j + 2 * w, pv + j + 2 * w, a2 + b2, momentum, rate, shrink);
                ok |= Step(pw + j + 3 * w, pv + j + 3 * w, a3 + b3, momentum, rate, shrink);
            }
            for (; j + w <= n; j += w)
            {
                Vector<float> sa = default, sb = default;
                for (int t = 0; t < ca; t++) sa += Vector.Load(pp + (nint)la[t] * n + j);
                for (int t = 0; t < cb; t++) sb += Vector.Load(pq + (nint)lb[t] * n + j);
                ok |= Step(pw + j, pv + j, sa + sb, momentum, rate, shrink);
            }
            for (; j < n; j++)
            {
                float sa = 0, sb = 0;
                for (int t = 0; t < ca; t++) sa += pp[(nint)la[t] * n + j];
                for (int t = 0; t < cb; t++) sb += pq[(nint)lb[t] * n + j];
                float v = momentum * pv[j] + rate * (sa + sb) - shrink * pw[j];
                pv[j] = v;
                finite &= float.IsFinite(pw[j] + v);
            }
        }
        return finite && Vector.EqualsAll(ok, Vector<float>.Zero);
    }

    /// <summary>velocity = momentum · velocity + rate · gradient − shrink · weights for one vector; 0 where weight + velocity is finite, NaN where not.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static unsafe Vector<float> Step(float* weights, float* velocity, Vector<float> gradient, float momentum, float rate, float shrink)
    {
        var weight = Vector.Load(weights);
        var v = momentum * Vector.Load(velocity) + rate * gradient - shrink * weight;
        v.Store(velocity);
        var sum = weight + v;
        return sum - sum;
    }

}
