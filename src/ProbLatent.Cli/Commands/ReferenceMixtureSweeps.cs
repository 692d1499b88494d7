using System.Numerics.Tensors;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// The per-iteration work of EM and VMP on a full-covariance Gaussian mixture as the library did it before its block
/// kernels (issue 15), kept as the reference that <c>bench em</c> and <c>bench vmp</c> measure their speedup against in the
/// same run, and that the tests check the block kernels' numbers against. No fit runs through it.
/// <list type="bullet">
/// <item>EM: the exact E step a row at a time (a Cholesky forward solve per component, a log-sum-exp of Math.Exp) into an
/// N×K table, then the M step's statistics in two more passes over the rows — Nₖ and Σ rₙₖxₙ, then the scatter about the
/// new means — on 512-row blocks over Parallel.For, a point at a time;</item>
/// <item>VMP: the Gaussian gate's log messages over the data held by columns, one vectorised call per component and
/// dimension, the Dirichlet's E[log πₖ] added, the plate's softmax with calls per row and a new buffer per block, and the
/// statistics from one vectorised sum or dot product per component and dimension.</item>
/// </list>
/// </summary>
public static class ReferenceMixtureSweeps
{
    const int BlockRows = 512;

    /// <summary>log 2π as the library writes it.</summary>
    const double Log2Pi = 1.8378770664093454835606594728112;

    /// <summary>What an EM iteration computes: log p(x), the responsibilities (N×K), Nₖ, the weighted means and the scatters about them (K×d×d).</summary>
    public sealed record EmStatistics(double LogLikelihood, double[] Responsibilities, double[] Counts, double[] Means, double[] Scatters);

    /// <summary>What a VMP sweep of the plate computes: Σ H[q(zₙ)], q(z) (N×K), Nₖ, Σ rₙₖxₙ and Σ rₙₖxₙxₙᵀ (K×d×d).</summary>
    public sealed record VmpStatistics(double Entropy, double[] Responsibilities, double[] Counts, double[] Sums, double[] Scatters);

    /// <summary>One EM iteration's E step and M-step statistics at the given parameters (covariances K×d×d), on rows x (N×d).</summary>
    public static EmStatistics EmIteration(double[] weights, double[] means, double[] covariances, int dimension, double[] x)
    {
        int k = weights.Length, d = dimension, rows = x.Length / d;
        var factors = Enumerable.Range(0, k).Select(c => Factor(covariances.AsSpan(c * d * d, d * d), d)).ToArray();
        var logNormalizers = new double[k];
        for (int c = 0; c < k; c++)
        {
            double logDet = 0;
            for (int i = 0; i < d; i++) logDet += Math.Log(factors[c][i * d + i]);
            logNormalizers[c] = -0.5 * (d * Log2Pi + 2 * logDet);
        }
        var logWeights = weights.Select(w => Math.Log(w)).ToArray();
        var responsibilities = new double[rows * k];
        double logLikelihood = Blocks(rows, (start, end) =>
        {
            var logJoint = new double[k];
            var residual = new double[d];
            double total = 0;
            for (int n = start; n < end; n++)
            {
                for (int c = 0; c < k; c++)
                {
                    for (int i = 0; i < d; i++) residual[i] = x[n * d + i] - means[c * d + i];
                    double quad = 0;
                    for (int i = 0; i < d; i++)
                    {
                        double s = residual[i];
                        for (int j = 0; j < i; j++) s -= factors[c][i * d + j] * residual[j];
                        residual[i] = s / factors[c][i * d + i];
                        quad += residual[i] * residual[i];
                    }
                    logJoint[c] = logNormalizers[c] - 0.5 * quad + logWeights[c];
                }
                double max = logJoint.Max(), sum = 0;
                foreach (var l in logJoint) sum += Math.Exp(l - max);
                double lse = max + Math.Log(sum);
                for (int c = 0; c < k; c++) responsibilities[n * k + c] = Math.Exp(logJoint[c] - lse);
                total += lse;
            }
            return total;
        });
        var counts = new double[k];
        for (int n = 0; n < rows; n++)
            for (int c = 0; c < k; c++) counts[c] += responsibilities[n * k + c];
        var sums = Accumulate(rows, k * d, (start, end, acc) =>
        {
            for (int n = start; n < end; n++)
                for (int c = 0; c < k; c++)
                    for (int i = 0; i < d; i++) acc[c * d + i] += responsibilities[n * k + c] * x[n * d + i];
        });
        var centres = new double[k * d];
        for (int i = 0; i < k * d; i++) centres[i] = sums[i] / counts[i / d];
        var scatters = Accumulate(rows, k * d * d, (start, end, acc) =>
        {
            for (int n = start; n < end; n++)
                for (int c = 0; c < k; c++)
                {
                    double w = responsibilities[n * k + c];
                    for (int a = 0; a < d; a++)
                    {
                        double wa = w * (x[n * d + a] - centres[c * d + a]);
                        for (int b = 0; b <= a; b++) acc[c * d * d + a * d + b] += wa * (x[n * d + b] - centres[c * d + b]);
                    }
                }
        });
        Mirror(scatters, k, d);
        return new EmStatistics(logLikelihood, responsibilities, counts, centres, scatters);
    }

    /// <summary>
    /// One VMP sweep of the plate under the expected parameters: E[Λₖ] (K×d×d), the means' posterior means mₖ and covariances
    /// (K×d×d), E[log|Λₖ|] and E[log πₖ], on the data held by columns (column j at j·N).
    /// </summary>
    public static VmpStatistics VmpPass(double[] precisions, double[] means, double[] meanCovariances, double[] logDeterminants, double[] expectedLogWeights,
        int dimension, double[] columns)
    {
        int k = expectedLogWeights.Length, d = dimension, dd = d * d, rows = columns.Length / d;
        var lower = new double[k * dd];
        var projected = new double[k * d];
        var constants = new double[k];
        for (int c = 0; c < k; c++)
        {
            Factor(precisions.AsSpan(c * dd, dd), d).CopyTo(lower, c * dd);
            for (int i = 0; i < d; i++)
            {
                double y = 0;
                for (int j = i; j < d; j++) y += lower[c * dd + j * d + i] * means[c * d + j];
                projected[c * d + i] = y;
            }
            double trace = 0;
            for (int i = 0; i < dd; i++) trace += precisions[c * dd + i] * meanCovariances[c * dd + i];
            constants[c] = 0.5 * (logDeterminants[c] - d * Log2Pi - trace);
        }
        var probabilities = new double[rows * k];
        int length = k * (1 + d + dd) + 1;
        var totals = Accumulate(rows, length, (start, end, statistics) =>
        {
            int count = end - start;
            var block = probabilities.AsSpan(start * k, count * k);
            var quad = new double[count];
            var y = new double[count];
            for (int c = 0; c < k; c++)
            {
                Array.Clear(quad);
                for (int i = 0; i < d; i++)
                {
                    y.AsSpan().Fill(-projected[c * d + i]);
                    for (int j = i; j < d; j++) TensorPrimitives.MultiplyAdd(columns.AsSpan(j * rows + start, count), lower[c * dd + j * d + i], y, y);
                    TensorPrimitives.MultiplyAdd(y, y, quad, quad);
                }
                for (int n = 0; n < count; n++) block[n * k + c] = constants[c] - 0.5 * quad[n];
            }
            for (int n = 0; n < count; n++)
                for (int c = 0; c < k; c++) block[n * k + c] += expectedLogWeights[c];
            statistics[length - 1] = Softmax(block, k);
            var r = new double[count];
            var rx = new double[count];
            for (int c = 0; c < k; c++)
            {
                for (int n = 0; n < count; n++) r[n] = block[n * k + c];
                statistics[c] += TensorPrimitives.Sum<double>(r);
                for (int i = 0; i < d; i++)
                {
                    var xi = columns.AsSpan(i * rows + start, count);
                    TensorPrimitives.Multiply(r, xi, rx);
                    statistics[k + c * d + i] += TensorPrimitives.Sum<double>(rx);
                    for (int j = 0; j <= i; j++)
                        statistics[k + k * d + c * dd + i * d + j] += TensorPrimitives.Dot<double>(rx, columns.AsSpan(j * rows + start, count));
                }
            }
        });
        var scatters = totals.AsSpan(k + k * d, k * dd).ToArray();
        Mirror(scatters, k, d);
        return new VmpStatistics(totals[length - 1], probabilities, totals[..k], totals[k..(k + k * d)], scatters);
    }

    /// <summary>The plate's softmax as it was: a max and a subtraction per row, the exponentials over the block, H from the same numbers.</summary>
    static double Softmax(Span<double> block, int k)
    {
        int rows = block.Length / k;
        var shifted = new double[block.Length];
        for (int n = 0; n < rows; n++)
        {
            var row = block.Slice(n * k, k);
            TensorPrimitives.Subtract(row, TensorPrimitives.Max(row), shifted.AsSpan(n * k, k));
        }
        TensorPrimitives.Max(shifted, -700, shifted);
        TensorPrimitives.Exp(shifted, block);
        double entropy = 0;
        for (int n = 0; n < rows; n++)
        {
            var row = block.Slice(n * k, k);
            double sum = TensorPrimitives.Sum(row), inverse = 1 / sum, expectedShift = 0;
            for (int s = 0; s < k; s++)
            {
                double p = row[s] *= inverse;
                if (p > 0) expectedShift += p * shifted[n * k + s];
            }
            entropy += Math.Log(sum) - expectedShift;
        }
        return entropy;
    }

    static double[] Factor(ReadOnlySpan<double> matrix, int d)
    {
        var l = new double[d * d];
        for (int j = 0; j < d; j++)
        {
            double s = matrix[j * d + j];
            for (int m = 0; m < j; m++) s -= l[j * d + m] * l[j * d + m];
            l[j * d + j] = Math.Sqrt(s);
            for (int i = j + 1; i < d; i++)
            {
                double t = matrix[i * d + j];
                for (int m = 0; m < j; m++) t -= l[i * d + m] * l[j * d + m];
                l[i * d + j] = t / l[j * d + j];
            }
        }
        return l;
    }

    static void Mirror(double[] matrices, int k, int d)
    {
        for (int c = 0; c < k; c++)
            for (int a = 0; a < d; a++)
                for (int b = 0; b < a; b++) matrices[c * d * d + b * d + a] = matrices[c * d * d + a * d + b];
    }

    static double Blocks(int rows, Func<int, int, double> body)
    {
        int blocks = (rows + BlockRows - 1) / BlockRows;
        var partial = new double[blocks];
        Parallel.For(0, blocks, b => partial[b] = body(b * BlockRows, Math.Min(rows, (b + 1) * BlockRows)));
        return partial.Sum();
    }

    static double[] Accumulate(int rows, int length, Action<int, int, double[]> body)
    {
        int blocks = (rows + BlockRows - 1) / BlockRows;
        var partial = new double[blocks][];
        Parallel.For(0, blocks, b =>
        {
            partial[b] = new double[length];
            body(b * BlockRows, Math.Min(rows, (b + 1) * BlockRows), partial[b]);
        });
        var total = new double[length];
        foreach (var p in partial)
            for (int i = 0; i < length; i++) total[i] += p[i];
        return total;
    }
}
