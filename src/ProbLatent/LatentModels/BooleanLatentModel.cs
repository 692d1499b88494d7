using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// A one-layer sigmoid belief net: zᵢ ~ Bernoulli(ρᵢ) for i = 1..n, and x | z ~ Πⱼ Bernoulli(σ(W z + b)ⱼ).
/// Exact inference enumerates the 2ⁿ states; the activations W z + b of every state are computed once here.
/// </summary>
public sealed class BooleanLatentModel : DiscreteLatentModel
{
    /// <summary>The most boolean latents exact enumeration accepts (2²⁰ ≈ one million states).</summary>
    public const int MaxExactBits = 20;

    /// <summary>The most state×dimension activations held in memory (256 MB of doubles).</summary>
    const long MaxActivations = 1L << 25;

    readonly double[] _weights;        // d×n
    readonly double[] _bias;           // d
    readonly double[] _priors;         // n
    readonly double[] _stateLogPriors; // 2ⁿ
    readonly double[] _activations;    // 2ⁿ×d: W z_s + b
    readonly double[] _stateOffsets;   // 2ⁿ: −Σⱼ softplus(a_sj)

    /// <param name="weights">d×n row-major loading matrix W.</param>
    /// <param name="bias">d offsets b.</param>
    /// <param name="priors">n prior probabilities ρᵢ = p(zᵢ = 1), strictly inside (0, 1).</param>
    public BooleanLatentModel(double[] weights, double[] bias, double[] priors)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        ArgumentNullException.ThrowIfNull(priors);
        int n = priors.Length, d = bias.Length;
        if (n < 1) throw new ArgumentException("there must be at least one boolean latent", nameof(priors));
        if (n > MaxExactBits)
            throw new BackendNotSupportedException("exact",
                $"{n} boolean latents have 2^{n} states; exact enumeration is limited to n ≤ {MaxExactBits}");
        if (d < 1) throw new ArgumentException("the data dimension must be at least 1", nameof(bias));
        if (weights.Length != d * n) throw new ArgumentException($"expected {d}×{n} weights, got {weights.Length}", nameof(weights));
        long states = 1L << n;
        if (states * d > MaxActivations)
            throw new BackendNotSupportedException("exact",
                $"2^{n} states × {d} dimensions is too large to enumerate in memory (limit {MaxActivations} activations); use fewer boolean latents");
        foreach (var v in weights.Concat(bias))
            if (!double.IsFinite(v)) throw new ArgumentException("weights and biases must be finite", nameof(weights));
        foreach (var p in priors)
            if (!(p > 0 && p < 1)) throw new ArgumentException($"prior probability {p} must lie strictly between 0 and 1", nameof(priors));

        _weights = weights;
        _bias = bias;
        _priors = priors;
        Bits = n;
        Dimension = d;
        int s = (int)states;
        _stateLogPriors = new double[s];
        _activations = new double[s * d];
        _stateOffsets = new double[s];
        for (int state = 0; state < s; state++)
        {
            double logPrior = 0;
            for (int i = 0; i < n; i++) logPrior += (state >> i & 1) != 0 ? Math.Log(priors[i]) : Math.Log(1 - priors[i]);
            _stateLogPriors[state] = logPrior;
            double offset = 0;
            for (int j = 0; j < d; j++)
            {
                double a = bias[j];
                for (int i = 0; i < n; i++) if ((state >> i & 1) != 0) a += weights[j * n + i];
                _activations[state * d + j] = a;
                offset -= SpecialFunctions.Softplus(a);
            }
            _stateOffsets[state] = offset;
        }
    }

    /// <summary>n, the number of boolean latents.</summary>
    public int Bits { get; }
    public int Dimension { get; }

    /// <summary>W, d×n row-major.</summary>
    public IReadOnlyList<double> Weights => _weights;
    public IReadOnlyList<double> Bias => _bias;
    public IReadOnlyList<double> Priors => _priors;

    protected override bool BinaryData => true;

    public override ModelFamily Family => ModelFamily.BooleanLatent;
    public override int DataDimension => Dimension;
    public override int StateCount => 1 << Bits;
    public override ReadOnlySpan<double> StateLogPriors => _stateLogPriors;
    public override int ParameterCount => Dimension * Bits + Dimension + Bits;

    /// <summary>log p(x | s) = Σⱼ xⱼ aⱼ − softplus(aⱼ), since log σ(a) = a − softplus(a) and log(1 − σ(a)) = −softplus(a).</summary>
    protected internal override void StateLogLikelihoods(ReadOnlySpan<double> x, Span<double> result)
    {
        int d = Dimension;
        for (int s = 0; s < result.Length; s++)
            result[s] = System.Numerics.Tensors.TensorPrimitives.Dot(x, _activations.AsSpan(s * d, d)) + _stateOffsets[s];
    }

    protected override DiscretePosterior CreatePosterior(double[] probabilities, int count) => new BooleanPosterior(probabilities, count, Bits);

    public override GeneratedData Generate(int count, Random random)
    {
        int d = Dimension, n = Bits;
        var x = new double[count * d];
        var z = new double[count * n];
        for (int row = 0; row < count; row++)
        {
            int state = 0;
            for (int i = 0; i < n; i++)
                if (random.NextDouble() < _priors[i])
                {
                    state |= 1 << i;
                    z[row * n + i] = 1;
                }
            for (int j = 0; j < d; j++)
                x[row * d + j] = random.NextDouble() < SpecialFunctions.Sigmoid(_activations[state * d + j]) ? 1 : 0;
        }
        return new GeneratedData(new DataMatrix(x, count, d, source: "sample"), new DataMatrix(z, count, n, GeneratedData.LatentNames(n), "sample"));
    }
}
