using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// A restricted Boltzmann machine's parameters in float32 and its two conditionals as products on the SIMD GEMM, for the
/// Gibbs chains of training, annealed importance sampling and sampling: p(h = 1 | v) = σ(β (v W + c)) and
/// p(v = 1 | h) = σ(β (h Wᵀ + b) + (1 − β) b_A), where β = 1 and no base biases b_A give the machine itself and β &lt; 1
/// one of AIS's intermediate distributions. The elementwise passes run on both cores; draws are addressed by
/// <see cref="CounterUniforms"/>, so a chain is the same whoever computes it.
/// </summary>
internal sealed class BoltzmannKernel
{
    /// <param name="weights">m×n row-major, visible unit by hidden unit; used in place, not copied (until an update adopts its next weights).</param>
    public BoltzmannKernel(int visible, int hidden, float[] weights, float[] visibleBiases, float[] hiddenBiases)
    {
        Visible = visible;
        Hidden = hidden;
        Weights = weights;
        VisibleBiases = visibleBiases;
        HiddenBiases = hiddenBiases;
    }

    public static BoltzmannKernel Of(RestrictedBoltzmannMachine rbm) => new(rbm.Visible, rbm.Hidden,
        ToFloat(rbm.Weights), ToFloat(rbm.VisibleBiases), ToFloat(rbm.HiddenBiases));

    public int Visible { get; }
    public int Hidden { get; }
    public float[] Weights { get; private set; }
    public float[] VisibleBiases { get; }
    public float[] HiddenBiases { get; }

    /// <summary>p = σ(β (v W + c)) for <paramref name="rows"/> rows of visible states into rows of hidden probabilities, and their <paramref name="draw"/> if given.</summary>
    public void HiddenProbabilities(float[] v, int rows, float[] p, float beta = 1, BernoulliDraw? draw = null)
    {
        Gemm.Multiply(rows, Hidden, Visible, v, Visible, false, Weights, Hidden, false, p, Hidden);
        Activate(p, rows, Hidden, HiddenBiases, beta, null, draw);
    }

    /// <summary>
    /// p(h = 1 | v) = σ(v W + c) for rows of binary visible states known by where their ones are: each row of v W the sum
    /// of the rows of W its ones select, equal to <see cref="HiddenProbabilities(float[], int, float[], float, BernoulliDraw?)"/> bit for bit while fewer than 1024
    /// visible units keep the GEMM from cutting its inner dimension into blocks (<see cref="BinaryProduct"/>).
    /// </summary>
    public void HiddenProbabilities(BinaryPattern v, Tensor p, BernoulliDraw? draw = null)
    {
        BinaryProduct.Multiply(v, WeightTensor, p);
        Activate(p.Data, p.Rows, Hidden, HiddenBiases, 1, null, draw);
    }

    /// <summary>W as the m×n tensor <see cref="BinaryProduct"/> reads.</summary>
    public Tensor WeightTensor => _weightTensor ??= new Tensor(Weights, Visible, Hidden);
    Tensor? _weightTensor, _nextTensor;
    float[]? _next;

    /// <summary>A second array of W's shape, into which an update writes the weights it would make, leaving W as it is until <see cref="AdoptNextWeights"/>.</summary>
    public float[] NextWeights => _next ??= new float[Weights.Length];

    /// <summary>Makes <see cref="NextWeights"/> the weights, and the weights before it the next array to write.</summary>
    public void AdoptNextWeights()
    {
        (Weights, _next) = (NextWeights, Weights);
        (_weightTensor, _nextTensor) = (_nextTensor, _weightTensor);
    }

    /// <summary>Whether <see cref="HiddenProbabilities(BinaryPattern, Tensor, BernoulliDraw?)"/> gives what the GEMM gives, to the bit.</summary>
    public bool SumsOnesExactly => Visible < BinaryProduct.ExactInnerLimit;

    /// <summary>p = σ(β (h Wᵀ + b) + (1 − β) b_A) for rows of hidden states into rows of visible probabilities, and their <paramref name="draw"/> if given.</summary>
    public void VisibleProbabilities(float[] h, int rows, float[] p, float beta = 1, float[]? baseBiases = null, BernoulliDraw? draw = null)
    {
        Gemm.Multiply(rows, Visible, Hidden, h, Hidden, false, Weights, Hidden, true, p, Visible);
        Activate(p, rows, Visible, VisibleBiases, beta, baseBiases, draw);
    }

    /// <summary>
    /// values = σ(β (values + bias) + (1 − β) base) in place, row by row, eight at a time where the sigmoid is vectorised;
    /// with a <paramref name="draw"/>, each worker then draws its rows while they are in cache — the draws of
    /// <see cref="Sample"/> to the bit, since a unit's uniform depends on its index alone — and indexes their ones if asked.
    /// </summary>
    static void Activate(float[] values, int rows, int columns, float[] bias, float beta, float[]? baseBias, BernoulliDraw? draw) =>
        WorkerPair.For(rows, (values, columns, bias, beta, baseBias, draw), static (s, start, end) =>
            ActivateRows(s.values, s.columns, s.bias, s.beta, s.baseBias, s.draw, start, end), minBatch: 16);

    // Optimised from the first call: a training run's first epoch would otherwise start on unoptimised code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void ActivateRows(float[] values, int columns, float[] bias, float beta, float[]? baseBias, BernoulliDraw? draw, int start, int end)
    {
        float rest = 1 - beta;
        for (int r = start; r < end; r++)
        {
            var row = values.AsSpan(r * columns, columns);
            int j = 0;
            if (SingleExp.IsVectorized)
                for (; j + 8 <= row.Length; j += 8)
                {
                    var x = Vector256.Create(beta) * (Vector256.Create<float>(row.Slice(j)) + Vector256.Create<float>(bias.AsSpan(j)));
                    if (baseBias is not null) x += Vector256.Create(rest) * Vector256.Create<float>(baseBias.AsSpan(j));
                    SingleExp.Sigmoid(x).CopyTo(row.Slice(j));
                }
            for (; j < row.Length; j++)
            {
                float x = beta * (row[j] + bias[j]);
                if (baseBias is not null) x += rest * baseBias[j];
                row[j] = SingleExp.Sigmoid(x);
            }
        }
        if (draw is not { } d) return;
        CounterUniforms.Bernoulli(values, d.Sample, start * columns, end * columns, d.Seed, d.Stream);
        d.Ones?.IndexRows(d.Sample, start, end);
    }

    /// <summary>
    /// Starts chains at independent draws from Πᵢ Bernoulli(σ(biasesᵢ)), the machine without weights: each row of
    /// <paramref name="v"/> (every chain's visible state) from the uniforms of (seed, stream).
    /// </summary>
    public static void StartChains(float[] v, float[] biases, ulong seed, ulong stream)
    {
        int m = biases.Length;
        for (int c = 0; c < v.Length / m; c++)
            for (int i = 0; i < m; i++) v[c * m + i] = 1f / (1f + MathF.Exp(-biases[i]));
        Sample(v, v, v.Length, seed, stream);
    }

    /// <summary>
    /// Draws each unit: sample[i] = 1 when the uniform of (seed, stream, i) is below p[i], else 0, for the first
    /// <paramref name="count"/> values.
    /// </summary>
    public static void Sample(float[] p, float[] sample, int count, ulong seed, ulong stream) =>
        WorkerPair.For(count, (p, sample, seed, stream), static (s, start, end) =>
            CounterUniforms.Bernoulli(s.p, s.sample, start, end, s.seed, s.stream), minBatch: 4096);

    static float[] ToFloat(IReadOnlyList<double> values)
    {
        var result = new float[values.Count];
        for (int i = 0; i < result.Length; i++) result[i] = (float)values[i];
        return result;
    }
}

/// <summary>
/// Bernoulli draws of probabilities into <paramref name="Sample"/>, from the uniforms of (<paramref name="Seed"/>, <paramref name="Stream"/>)
/// (<see cref="BoltzmannKernel.Sample"/>); with <paramref name="Ones"/> (begun for the sample's shape, <see cref="BinaryPattern.BeginRows"/>),
/// each worker indexes the rows it drew.
/// </summary>
internal readonly record struct BernoulliDraw(float[] Sample, ulong Seed, ulong Stream, BinaryPattern? Ones = null);
