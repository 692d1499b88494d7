using System.Numerics.Tensors;
using ProbLatent.Numerics;
using Tensor = ProbLatent.Numerics.Tensor;

namespace ProbLatent.Autodiff;

/// <summary>The log-densities and divergences a variational autoencoder's objective is made of, each row a data point.</summary>
internal sealed partial class Tape
{
    /// <summary>
    /// Σⱼ log Bernoulli(xⱼ | σ(lⱼ)) = Σⱼ xⱼ lⱼ − softplus(lⱼ) for each row, from logits l: rows × 1. The data x is a
    /// constant (no gradient flows to it).
    /// </summary>
    public Variable BernoulliLogLikelihood(Variable logits, Variable data)
    {
        CheckSameShape(logits, data, "BernoulliLogLikelihood");
        var y = Result(Scratch(logits.Rows, 1), logits.RequiresGradient);
        // x − σ(l) is kept for the backward pass; an evaluation has none and skips it.
        var residual = y.RequiresGradient ? Scratch(logits.Rows, logits.Columns) : Scratch(logits.Rows, 0);
        // Rows are independent: both cores take rows, each row's sums computed the same way whoever takes it.
        WorkerPair.For(logits.Rows, (l: logits.Value, x: data.Value, residual, y: y.Value), static (s, start, end) =>
        {
            for (int i = start; i < end; i++) s.y[i, 0] = BernoulliLogits.Row(s.l.Row(i), s.x.Row(i), s.residual.Row(i));
        }, minBatch: 4);
        OnBackward(y, dy =>
        {
            // d/dl = x − σ(l), scaled by each row's incoming gradient.
            var dl = logits.GradientFor(out bool overwrite);
            WorkerPair.For(logits.Rows, (residual, dy, dl, overwrite), static (s, start, end) =>
            {
                for (int i = start; i < end; i++)
                {
                    if (s.overwrite) TensorPrimitives.Multiply(s.residual.Row(i), s.dy[i, 0], s.dl.Row(i));
                    else TensorPrimitives.MultiplyAdd(s.residual.Row(i), s.dy[i, 0], s.dl.Row(i), s.dl.Row(i));
                }
            }, minBatch: 4);
        });
        return y;
    }

    /// <summary>
    /// Σⱼ log N(xⱼ | mⱼ, exp vⱼ) for each row: rows × 1. The mean has x's shape; the log-variance v has x's shape, or is
    /// one row (a variance per dimension shared by all rows), or 1×1 (one variance for everything).
    /// </summary>
    public Variable GaussianLogDensity(Variable x, Variable mean, Variable logVariance)
    {
        CheckSameShape(x, mean, "GaussianLogDensity");
        bool perRow = logVariance.Rows == x.Rows && logVariance.Columns == x.Columns;
        bool shared = logVariance.Rows == 1 && (logVariance.Columns == x.Columns || logVariance.Columns == 1);
        if (!perRow && !shared)
            throw new ArgumentException($"GaussianLogDensity: log-variance {logVariance.Rows}×{logVariance.Columns} for data {x.Rows}×{x.Columns}");
        int n = x.Rows, d = x.Columns;
        var y = Result(Scratch(n, 1), x.RequiresGradient || mean.RequiresGradient || logVariance.RequiresGradient);
        // v and exp(−v) as a row per row of x, or as one row that every row reads: each exponential is taken once, and
        // kept for the backward step.
        var v = perRow || logVariance.Columns == d ? logVariance.Value : Filled(Scratch(1, d), logVariance.Value[0, 0]);
        var precision = Scratch(v.Rows, d);
        if (!perRow) ExpNegated(v.Span, precision.Span);
        int minBatch = Math.Max(1, RowElementsPerClaim / Math.Max(d, 1));
        WorkerPair.For(n, (x: x.Value, m: mean.Value, v, precision, y: y.Value, perRow), static (s, start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                int k = s.perRow ? i : 0;
                ReadOnlySpan<float> xr = s.x.Row(i), mr = s.m.Row(i), vr = s.v.Row(k);
                var pr = s.precision.Row(k);
                if (s.perRow) ExpNegated(vr, pr);
                double sum = 0;
                for (int j = 0; j < xr.Length; j++)
                {
                    float r = xr[j] - mr[j];
                    sum += (float)SpecialFunctions.Log2Pi + vr[j] + r * r * pr[j];
                }
                s.y[i, 0] = (float)(-0.5 * sum);
            }
        }, minBatch);
        OnBackward(y, dy =>
        {
            // Rows on both cores; a shared log-variance's terms are summed afterwards, row after row, as one row of
            // the gradient cannot take them from both cores at once.
            var dv = !logVariance.RequiresGradient ? null : perRow ? logVariance.Gradient : Scratch(n, d);
            var gradients = (gx: x.RequiresGradient ? x.Gradient : null, gm: mean.RequiresGradient ? mean.Gradient : null, dv);
            WorkerPair.For(n, (x: x.Value, m: mean.Value, precision, dy, gradients, perRow), static (s, start, end) =>
            {
                var (gx, gm, dv) = s.gradients;
                for (int i = start; i < end; i++)
                {
                    float g = s.dy[i, 0];
                    ReadOnlySpan<float> xr = s.x.Row(i), mr = s.m.Row(i), pr = s.precision.Row(s.perRow ? i : 0);
                    Span<float> gxr = gx is null ? default : gx.Row(i), gmr = gm is null ? default : gm.Row(i), dvr = dv is null ? default : dv.Row(i);
                    for (int j = 0; j < xr.Length; j++)
                    {
                        float r = xr[j] - mr[j], p = pr[j];
                        if (gx is not null) gxr[j] -= g * r * p;
                        if (gm is not null) gmr[j] += g * r * p;
                        if (dv is null) continue;
                        float t = -0.5f * g * (1f - r * r * p);
                        if (s.perRow) dvr[j] += t;
                        else dvr[j] = t;
                    }
                }
            }, minBatch);
            if (dv is null || perRow) return;
            if (logVariance.Columns == d) Elementwise.ColumnSums(dv, logVariance.Gradient, overwrite: false);
            else
            {
                float total = logVariance.Gradient[0, 0];
                foreach (var t in dv.Span) total += t;
                logVariance.Gradient[0, 0] = total;
            }
        });
        return y;
    }

    /// <summary>Elements per claim when the densities share rows between the cores: a few microseconds of work.</summary>
    const int RowElementsPerClaim = 2048;

    static Tensor Filled(Tensor t, float value)
    {
        t.Span.Fill(value);
        return t;
    }

    static void ExpNegated(ReadOnlySpan<float> v, Span<float> result)
    {
        for (int j = 0; j < v.Length; j++) result[j] = MathF.Exp(-v[j]);
    }

    /// <summary>Σⱼ log N(zⱼ | 0, 1) for each row: rows × 1.</summary>
    public Variable StandardNormalLogDensity(Variable z)
    {
        var y = Result(Scratch(z.Rows, 1), z.RequiresGradient);
        for (int i = 0; i < z.Rows; i++)
            y.Value[i, 0] = -0.5f * (z.Columns * (float)SpecialFunctions.Log2Pi + TensorPrimitives.SumOfSquares(z.Value.Row(i)));
        OnBackward(y, dy =>
        {
            for (int i = 0; i < z.Rows; i++) TensorPrimitives.MultiplyAdd(z.Value.Row(i), -dy[i, 0], z.Gradient.Row(i), z.Gradient.Row(i));
        });
        return y;
    }

    /// <summary>KL(N(m, diag eᵛ) ‖ N(0, I)) = ½ Σⱼ (eᵛʲ + mⱼ² − 1 − vⱼ) for each row: rows × 1.</summary>
    public Variable KlToStandardNormal(Variable mean, Variable logVariance)
    {
        CheckSameShape(mean, logVariance, "KlToStandardNormal");
        var y = Result(Scratch(mean.Rows, 1), mean.RequiresGradient || logVariance.RequiresGradient);
        var e = Scratch(mean.Rows, mean.Columns);
        TensorPrimitives.Exp(logVariance.Value.Span, e.Span);
        for (int i = 0; i < mean.Rows; i++)
            y.Value[i, 0] = 0.5f * (TensorPrimitives.Sum(e.Row(i)) + TensorPrimitives.SumOfSquares(mean.Value.Row(i))
                                    - mean.Columns - TensorPrimitives.Sum(logVariance.Value.Row(i)));
        OnBackward(y, dy =>
        {
            for (int i = 0; i < mean.Rows; i++)
            {
                float g = dy[i, 0];
                if (mean.RequiresGradient) TensorPrimitives.MultiplyAdd(mean.Value.Row(i), g, mean.Gradient.Row(i), mean.Gradient.Row(i));
                if (logVariance.RequiresGradient)
                {
                    var row = logVariance.Gradient.Row(i);
                    var er = e.Row(i);
                    for (int j = 0; j < row.Length; j++) row[j] += 0.5f * g * (er[j] - 1f);
                }
            }
        });
        return y;
    }

    /// <summary>z = m + exp(v / 2) ⊙ ε: the reparameterization trick, with the noise ε given as a constant.</summary>
    public Variable Reparameterize(Variable mean, Variable logVariance, Tensor noise)
    {
        CheckSameShape(mean, logVariance, "Reparameterize");
        if (noise.Rows != mean.Rows || noise.Columns != mean.Columns)
            throw new ArgumentException($"Reparameterize: noise {noise.Rows}×{noise.Columns} for mean {mean.Rows}×{mean.Columns}");
        var y = Result(Scratch(mean.Rows, mean.Columns), mean.RequiresGradient || logVariance.RequiresGradient);
        var sd = Scratch(mean.Rows, mean.Columns);
        TensorPrimitives.Multiply(logVariance.Value.Span, 0.5f, sd.Span);
        TensorPrimitives.Exp(sd.Span, sd.Span);
        TensorPrimitives.MultiplyAdd(sd.Span, noise.Span, mean.Value.Span, y.Value.Span);
        OnBackward(y, dy =>
        {
            if (mean.RequiresGradient) AddInto(dy, mean);
            if (logVariance.RequiresGradient)
            {
                // dz/dv = ½ σ ε.
                var g = Scratch(mean.Rows, mean.Columns);
                TensorPrimitives.Multiply(dy.Span, sd.Span, g.Span);
                TensorPrimitives.Multiply(g.Span, noise.Span, g.Span);
                TensorPrimitives.Multiply(g.Span, 0.5f, g.Span);
                AddInto(g, logVariance);
            }
        });
        return y;
    }

    /// <summary>
    /// log Σ_c π_c N(z | μ_c, diag exp v_c) for each row of z (rows × 1), with π = softmax(logits) (1 × C), means and
    /// log-variances C × D: a learned mixture-of-Gaussians prior. Gradients go to z and to every mixture parameter.
    /// </summary>
    public Variable MixtureLogDensity(Variable z, Variable logits, Variable means, Variable logVariances)
    {
        int c = logits.Columns, d = z.Columns;
        if (logits.Rows != 1 || means.Rows != c || means.Columns != d || logVariances.Rows != c || logVariances.Columns != d)
            throw new ArgumentException($"MixtureLogDensity: logits {logits.Rows}×{logits.Columns}, means {means.Rows}×{means.Columns}, " +
                                        $"log-variances {logVariances.Rows}×{logVariances.Columns} for z {z.Rows}×{d}");
        var y = Result(Scratch(z.Rows, 1), z.RequiresGradient || logits.RequiresGradient || means.RequiresGradient || logVariances.RequiresGradient);
        var logWeights = Scratch(1, c);
        float lseLogits = (float)LogSumExp.Of(logits.Value.Span);
        TensorPrimitives.Subtract(logits.Value.Span, lseLogits, logWeights.Span);
        // Each component's exp(−v), once per call rather than once per row, kept for the backward step.
        var precisions = Scratch(c, d);
        ExpNegated(logVariances.Value.Span, precisions.Span);
        // Responsibilities r[n, c] = p(c | zₙ), kept for the backward step.
        var responsibilities = Scratch(z.Rows, c);
        int minBatch = Math.Max(1, RowElementsPerClaim / Math.Max(c * d, 1));
        WorkerPair.For(z.Rows, (z: z.Value, means: means.Value, v: logVariances.Value, precisions, logWeights, responsibilities, y: y.Value),
            static (s, start, end) =>
            {
                for (int n = start; n < end; n++)
                {
                    var a = s.responsibilities.Row(n);
                    var zr = s.z.Row(n);
                    for (int k = 0; k < a.Length; k++)
                    {
                        ReadOnlySpan<float> mr = s.means.Row(k), vr = s.v.Row(k), pr = s.precisions.Row(k);
                        double sum = 0;
                        for (int j = 0; j < zr.Length; j++)
                        {
                            float r = zr[j] - mr[j];
                            sum += (float)SpecialFunctions.Log2Pi + vr[j] + r * r * pr[j];
                        }
                        a[k] = s.logWeights[0, k] - (float)(0.5 * sum);
                    }
                    s.y[n, 0] = (float)LogSumExp.Normalize(a);
                }
            }, minBatch);
        OnBackward(y, dy =>
        {
            // z's gradient takes every component's term, in component order, row by row; each component's parameters
            // take every row's term, in row order: rows share the cores in one pass, components in the other.
            if (z.RequiresGradient)
                WorkerPair.For(z.Rows, (z: z.Value, means: means.Value, precisions, responsibilities, dy, gz: z.Gradient), static (s, start, end) =>
                {
                    for (int n = start; n < end; n++)
                    {
                        float g = s.dy[n, 0];
                        ReadOnlySpan<float> zr = s.z.Row(n);
                        var gzr = s.gz.Row(n);
                        for (int k = 0; k < s.means.Rows; k++)
                        {
                            float gr = g * s.responsibilities[n, k];
                            ReadOnlySpan<float> mr = s.means.Row(k), pr = s.precisions.Row(k);
                            for (int j = 0; j < zr.Length; j++) gzr[j] -= gr * (zr[j] - mr[j]) * pr[j];
                        }
                    }
                }, minBatch);
            if (!logits.RequiresGradient && !means.RequiresGradient && !logVariances.RequiresGradient) return;
            var gradients = (gl: logits.RequiresGradient ? logits.Gradient : null, gm: means.RequiresGradient ? means.Gradient : null,
                             gv: logVariances.RequiresGradient ? logVariances.Gradient : null);
            WorkerPair.For(c, (z: z.Value, means: means.Value, precisions, logWeights, responsibilities, dy, gradients), static (s, start, end) =>
            {
                var (gl, gm, gv) = s.gradients;
                for (int k = start; k < end; k++)
                {
                    float weight = MathF.Exp(s.logWeights[0, k]);
                    ReadOnlySpan<float> mr = s.means.Row(k), pr = s.precisions.Row(k);
                    Span<float> gmr = gm is null ? default : gm.Row(k), gvr = gv is null ? default : gv.Row(k);
                    for (int n = 0; n < s.z.Rows; n++)
                    {
                        float g = s.dy[n, 0], gr = g * s.responsibilities[n, k];
                        if (gl is not null) gl[0, k] += gr - g * weight;
                        ReadOnlySpan<float> zr = s.z.Row(n);
                        for (int j = 0; j < zr.Length; j++)
                        {
                            float p = pr[j], r = zr[j] - mr[j];
                            if (gm is not null) gmr[j] += gr * r * p;
                            if (gv is not null) gvr[j] -= 0.5f * gr * (1f - r * r * p);
                        }
                    }
                }
            }, minBatch: 1);
        });
        return y;
    }
}
