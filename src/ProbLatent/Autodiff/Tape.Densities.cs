using System.Numerics.Tensors;
using ProbLatent.Numerics;
using Tensor = ProbLatent.Numerics.Tensor;

namespace ProbLatent.Autodiff;

/// <summary>The log-densities and divergences a variational autoencoder's objective is made of, each row a data point.</summary>
public sealed partial class Tape
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
        int d = x.Columns;
        var y = Result(Scratch(x.Rows, 1), x.RequiresGradient || mean.RequiresGradient || logVariance.RequiresGradient);
        for (int i = 0; i < x.Rows; i++)
        {
            double s = 0;
            for (int j = 0; j < d; j++)
            {
                float v = LogVariance(logVariance, i, j, perRow), r = x.Value[i, j] - mean.Value[i, j];
                s += (float)SpecialFunctions.Log2Pi + v + r * r * MathF.Exp(-v);
            }
            y.Value[i, 0] = (float)(-0.5 * s);
        }
        OnBackward(y, dy =>
        {
            for (int i = 0; i < x.Rows; i++)
            {
                float g = dy[i, 0];
                for (int j = 0; j < d; j++)
                {
                    float v = LogVariance(logVariance, i, j, perRow), precision = MathF.Exp(-v), r = x.Value[i, j] - mean.Value[i, j];
                    if (x.RequiresGradient) x.Gradient[i, j] -= g * r * precision;
                    if (mean.RequiresGradient) mean.Gradient[i, j] += g * r * precision;
                    if (logVariance.RequiresGradient)
                    {
                        float dv = -0.5f * g * (1f - r * r * precision);
                        if (perRow) logVariance.Gradient[i, j] += dv;
                        else logVariance.Gradient[0, logVariance.Columns == 1 ? 0 : j] += dv;
                    }
                }
            }
        });
        return y;
    }

    static float LogVariance(Variable logVariance, int i, int j, bool perRow) =>
        perRow ? logVariance.Value[i, j] : logVariance.Value[0, logVariance.Columns == 1 ? 0 : j];

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
        // Responsibilities r[n, c] = p(c | zₙ), kept for the backward step.
        var responsibilities = Scratch(z.Rows, c);
        for (int n = 0; n < z.Rows; n++)
        {
            var a = responsibilities.Row(n);
            for (int k = 0; k < c; k++)
            {
                double s = 0;
                for (int j = 0; j < d; j++)
                {
                    float v = logVariances.Value[k, j], r = z.Value[n, j] - means.Value[k, j];
                    s += (float)SpecialFunctions.Log2Pi + v + r * r * MathF.Exp(-v);
                }
                a[k] = logWeights[0, k] - (float)(0.5 * s);
            }
            y.Value[n, 0] = (float)LogSumExp.Normalize(a);
        }
        OnBackward(y, dy =>
        {
            for (int n = 0; n < z.Rows; n++)
            {
                float g = dy[n, 0];
                for (int k = 0; k < c; k++)
                {
                    float gr = g * responsibilities[n, k];
                    if (logits.RequiresGradient) logits.Gradient[0, k] += gr - g * MathF.Exp(logWeights[0, k]);
                    for (int j = 0; j < d; j++)
                    {
                        float v = logVariances.Value[k, j], precision = MathF.Exp(-v), r = z.Value[n, j] - means.Value[k, j];
                        if (z.RequiresGradient) z.Gradient[n, j] -= gr * r * precision;
                        if (means.RequiresGradient) means.Gradient[k, j] += gr * r * precision;
                        if (logVariances.RequiresGradient) logVariances.Gradient[k, j] -= 0.5f * gr * (1f - r * r * precision);
                    }
                }
            }
        });
        return y;
    }
}
