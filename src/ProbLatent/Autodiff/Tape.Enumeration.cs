using System.Numerics.Tensors;
using ProbLatent.Numerics;
using Tensor = ProbLatent.Numerics.Tensor;

namespace ProbLatent.Autodiff;

/// <summary>
/// The operations that sum a categorical latent out of an objective exactly: each data row's K components laid out as
/// K consecutive rows, a Gaussian KL to the component each row stands for, and the sum over the components weighted by q(c).
/// </summary>
internal sealed partial class Tape
{
    /// <summary>
    /// The same values read as <paramref name="rows"/> × <paramref name="columns"/> (row-major order is kept): a row of K
    /// heads of width q becomes K rows of width q.
    /// </summary>
    public Variable Reshape(Variable x, int rows, int columns)
    {
        if ((long)rows * columns != x.Value.Length)
            throw new ArgumentException($"Reshape: {x.Rows}×{x.Columns} cannot be read as {rows}×{columns}");
        var y = Result(Scratch(rows, columns), x.RequiresGradient);
        x.Value.Span.CopyTo(y.Value.Span);
        OnBackward(y, dy => AddInto(dy, x));
        return y;
    }

    /// <summary>The mean of each consecutive group of <paramref name="groupSize"/> rows of a column: one row per group.</summary>
    public Variable GroupMeans(Variable x, int groupSize)
    {
        if (x.Columns != 1 || groupSize < 1 || x.Rows % groupSize != 0)
            throw new ArgumentException($"GroupMeans: {x.Rows}×{x.Columns} does not split into groups of {groupSize} rows of a column");
        if (groupSize == 1) return x;
        int groups = x.Rows / groupSize;
        var y = Result(Scratch(groups, 1), x.RequiresGradient);
        for (int g = 0; g < groups; g++) y.Value[g, 0] = TensorPrimitives.Sum(x.Value.Span.Slice(g * groupSize, groupSize)) / groupSize;
        OnBackward(y, dy =>
        {
            var grad = x.Gradient.Span;
            for (int r = 0; r < grad.Length; r++) grad[r] += dy[r / groupSize, 0] / groupSize;
        });
        return y;
    }

    /// <summary>
    /// The component row r stands for when each data row's K components are K consecutive groups of
    /// <paramref name="groupSize"/> rows (the layout the enumerated objective draws its z in): (r / groupSize) mod K.
    /// </summary>
    public static int ComponentOf(int row, int components, int groupSize) => row / groupSize % components;

    /// <summary>
    /// Each row r of z (R × q) as the input of a linear decoder that reads the component c = <see cref="ComponentOf"/>(r)
    /// too: [onehot(c) ⊗ zᵣ, onehot(c)], R × K(q + 1), so that one product with the rows [W₁ᵀ; …; W_Kᵀ; μ₁ᵀ; …; μ_Kᵀ]
    /// gives W_c zᵣ + μ_c for every row at once. The gradient sends each row's block c back to zᵣ.
    /// </summary>
    public Variable SpreadByComponent(Variable z, int components, int groupSize)
    {
        int rows = z.Rows, q = z.Columns, k = components;
        if (k < 1 || groupSize < 1 || rows % (k * groupSize) != 0)
            throw new ArgumentException($"SpreadByComponent: {rows} rows do not split into groups of {groupSize} rows for each of {k} components");
        var y = Result(Zeros(rows, k * (q + 1)), z.RequiresGradient);
        for (int r = 0; r < rows; r++)
        {
            int c = ComponentOf(r, k, groupSize);
            z.Value.Row(r).CopyTo(y.Value.Row(r).Slice(c * q, q));
            y.Value[r, k * q + c] = 1f;
        }
        OnBackward(y, dy =>
        {
            var gradient = z.Gradient;
            for (int r = 0; r < rows; r++)
            {
                int c = ComponentOf(r, k, groupSize);
                TensorPrimitives.Add(gradient.Row(r), dy.Row(r).Slice(c * q, q), gradient.Row(r));
            }
        });
        return y;
    }

    /// <summary>
    /// The row of <paramref name="perComponent"/> (K × m) for the component each of <paramref name="rows"/> rows stands
    /// for (<see cref="ComponentOf"/>), each spread over <paramref name="columns"/> columns when m = 1: rows × columns.
    /// A per-component noise log-variance as the per-row one a Gaussian density reads. Gradients go back to the K rows.
    /// </summary>
    public Variable SelectComponentRows(Variable perComponent, int rows, int groupSize, int columns)
    {
        int k = perComponent.Rows, m = perComponent.Columns;
        if (rows % (k * groupSize) != 0 || (m != columns && m != 1))
            throw new ArgumentException($"SelectComponentRows: {k}×{m} for {rows} rows of {columns} in groups of {groupSize}");
        var y = Result(Scratch(rows, columns), perComponent.RequiresGradient);
        for (int r = 0; r < rows; r++)
        {
            var source = perComponent.Value.Row(ComponentOf(r, k, groupSize));
            if (m == columns) source.CopyTo(y.Value.Row(r));
            else y.Value.Row(r).Fill(source[0]);
        }
        OnBackward(y, dy =>
        {
            var gradient = perComponent.Gradient;
            for (int r = 0; r < rows; r++)
            {
                int c = ComponentOf(r, k, groupSize);
                if (m == columns) TensorPrimitives.Add(gradient.Row(c), dy.Row(r), gradient.Row(c));
                else gradient[c, 0] += TensorPrimitives.Sum(dy.Row(r));
            }
        });
        return y;
    }

    /// <summary>
    /// KL(N(mᵣ, diag e^vᵣ) ‖ N(μₖ, diag e^wₖ)) for each row r, against component k = r mod K of the K × D
    /// <paramref name="priorMeans"/> and <paramref name="priorLogVariances"/>: ½ Σⱼ (wⱼ − vⱼ + (e^vⱼ + (mⱼ − μⱼ)²) e^−wⱼ − 1),
    /// rows × 1. Gradients go to both Gaussians.
    /// </summary>
    public Variable KlToComponents(Variable mean, Variable logVariance, Variable priorMeans, Variable priorLogVariances)
    {
        CheckSameShape(mean, logVariance, "KlToComponents");
        CheckSameShape(priorMeans, priorLogVariances, "KlToComponents");
        int k = priorMeans.Rows, d = mean.Columns;
        if (priorMeans.Columns != d || mean.Rows % k != 0)
            throw new ArgumentException($"KlToComponents: {mean.Rows}×{d} rows against {k}×{priorMeans.Columns} components");
        var y = Result(Scratch(mean.Rows, 1), mean.RequiresGradient || logVariance.RequiresGradient || priorMeans.RequiresGradient || priorLogVariances.RequiresGradient);
        var variance = Scratch(mean.Rows, d);
        TensorPrimitives.Exp(logVariance.Value.Span, variance.Span);
        var precision = Scratch(k, d);
        ExpNegated(priorLogVariances.Value.Span, precision.Span);
        for (int r = 0; r < mean.Rows; r++)
        {
            ReadOnlySpan<float> m = mean.Value.Row(r), v = logVariance.Value.Row(r), e = variance.Row(r);
            ReadOnlySpan<float> mu = priorMeans.Value.Row(r % k), w = priorLogVariances.Value.Row(r % k), p = precision.Row(r % k);
            double sum = 0;
            for (int j = 0; j < d; j++)
            {
                float diff = m[j] - mu[j];
                sum += w[j] - v[j] + (e[j] + diff * diff) * p[j] - 1f;
            }
            y.Value[r, 0] = (float)(0.5 * sum);
        }
        OnBackward(y, dy =>
        {
            Tensor? gm = mean.RequiresGradient ? mean.Gradient : null, gv = logVariance.RequiresGradient ? logVariance.Gradient : null;
            Tensor? gmu = priorMeans.RequiresGradient ? priorMeans.Gradient : null, gw = priorLogVariances.RequiresGradient ? priorLogVariances.Gradient : null;
            for (int r = 0; r < mean.Rows; r++)
            {
                float g = dy[r, 0];
                int c = r % k;
                ReadOnlySpan<float> m = mean.Value.Row(r), e = variance.Row(r), mu = priorMeans.Value.Row(c), p = precision.Row(c);
                for (int j = 0; j < d; j++)
                {
                    float diff = m[j] - mu[j], dm = g * diff * p[j];
                    if (gm is not null) gm[r, j] += dm;
                    if (gmu is not null) gmu[c, j] -= dm;
                    if (gv is not null) gv[r, j] += 0.5f * g * (e[j] * p[j] - 1f);
                    if (gw is not null) gw[c, j] += 0.5f * g * (1f - (e[j] + diff * diff) * p[j]);
                }
            }
        });
        return y;
    }

    /// <summary>
    /// The exact sum over a categorical c with K states, per data row b: Σ_c q(c) (t_bc − log q(c) + log π_c) with q =
    /// softmax(<paramref name="logits"/>ᵦ) (B × K) and π = softmax(<paramref name="priorLogits"/>) (1 × K), where the
    /// (B·K) × 1 <paramref name="terms"/> hold t_bc in row b·K + c: each component's ELBO, less KL(q(c) ‖ π). B × 1.
    /// </summary>
    /// <remarks>
    /// The gradients are d/dt_bc = q(c), d/dlogit_bc = q(c) (f_bc − F_b) with f_bc = t_bc − log q(c) + log π_c and F_b
    /// their q-weighted sum, and d/dprior-logit_c = Σ_b (q_b(c) − π_c).
    /// </remarks>
    public Variable SumOverComponents(Variable logits, Variable terms, Variable priorLogits)
    {
        int b = logits.Rows, k = logits.Columns;
        if (terms.Rows != b * k || terms.Columns != 1 || priorLogits.Rows != 1 || priorLogits.Columns != k)
            throw new ArgumentException($"SumOverComponents: logits {b}×{k}, terms {terms.Rows}×{terms.Columns}, prior logits {priorLogits.Rows}×{priorLogits.Columns}");
        var y = Result(Scratch(b, 1), logits.RequiresGradient || terms.RequiresGradient || priorLogits.RequiresGradient);
        var logPi = Scratch(1, k);
        TensorPrimitives.Subtract(priorLogits.Value.Span, (float)LogSumExp.Of(priorLogits.Value.Span), logPi.Span);
        // q(c) and f_bc, kept for the backward step.
        var q = Scratch(b, k);
        var f = Scratch(b, k);
        for (int i = 0; i < b; i++)
        {
            var logQ = f.Row(i);
            TensorPrimitives.Subtract(logits.Value.Row(i), (float)LogSumExp.Of(logits.Value.Row(i)), logQ);
            var qr = q.Row(i);
            double total = 0;
            for (int c = 0; c < k; c++)
            {
                qr[c] = MathF.Exp(logQ[c]);
                logQ[c] = terms.Value[i * k + c, 0] - logQ[c] + logPi[0, c];
                total += (double)qr[c] * logQ[c];
            }
            y.Value[i, 0] = (float)total;
        }
        OnBackward(y, dy =>
        {
            Tensor? gt = terms.RequiresGradient ? terms.Gradient : null, gl = logits.RequiresGradient ? logits.Gradient : null;
            Tensor? gp = priorLogits.RequiresGradient ? priorLogits.Gradient : null;
            for (int i = 0; i < b; i++)
            {
                float g = dy[i, 0], total = y.Value[i, 0];
                for (int c = 0; c < k; c++)
                {
                    float qc = q[i, c];
                    if (gt is not null) gt[i * k + c, 0] += g * qc;
                    if (gl is not null) gl[i, c] += g * qc * (f[i, c] - total);
                    if (gp is not null) gp[0, c] += g * (qc - MathF.Exp(logPi[0, c]));
                }
            }
        });
        return y;
    }
}
