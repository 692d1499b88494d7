using System.Numerics.Tensors;
using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// A sigmoid belief net of boolean latents: the top layer h_L ~ Πᵢ Bernoulli(ρᵢ), each layer below it given the one above
/// by a <see cref="SigmoidLayer"/>, and x | h₁ ~ Πⱼ Bernoulli(σ(W h₁ + b)ⱼ). One layer (z ∈ {0,1}ⁿ → x) is the
/// <see cref="ModelFamily.BooleanLatent"/> family; two or more (h₂ → h₁ → x, …) a <see cref="ModelFamily.SigmoidBeliefNet"/>.
/// </summary>
/// <remarks>
/// Exact inference enumerates the joint states without visiting them one by one: x depends on the layers above h₁ only
/// through h₁, so log p(x) = log Σᵤ p(h₁ = u) p(x | u) with the prior marginal p(h₁) summed out once per parameter set,
/// and the posterior is q(h₁ | x) times the data-free conditionals p(h_{k+1} | h_k) (a <see cref="BeliefNetPosterior"/>).
/// A point costs its nonzero pixels times 2^n₁ additions: the decoder's activations are held pixel by pixel over the states.
/// </remarks>
public sealed class BooleanLatentModel : DiscreteLatentModel
{
    /// <summary>The most boolean latents, over all layers, exact enumeration accepts (2²⁰ ≈ one million joint states).</summary>
    public const int MaxExactBits = 20;

    /// <summary>The most state×dimension activations held in memory (256 MB of doubles).</summary>
    const long MaxActivations = 1L << 25;

    readonly double[] _priors;            // the top layer's p(hᵢ = 1)
    readonly SigmoidLayer[] _layers;      // top down; the last generates x
    readonly int[] _bits;                 // latent layers, top first
    readonly Lazy<Enumeration> _enumeration;

    /// <summary>The tables exact inference sums over, made on first use: a net too large to enumerate never makes them.</summary>
    /// <param name="PixelActivations">d×2^n₁: the decoder's activation of pixel j at each state of h₁.</param>
    /// <param name="StateOffsets">2^n₁: −Σⱼ softplus(a_uj).</param>
    /// <param name="LayerLogPriors">Bottom first: the prior marginal log p(h_k = u).</param>
    /// <param name="Downward">Bottom first: [k] is log p(h_{k+1} = u | h_{k+2} = s), 2^n_{k+2} rows of 2^n_{k+1}.</param>
    /// <param name="Upward">Bottom first: [k] is p(h_{k+2} = s | h_{k+1} = u), 2^n_{k+1} rows of 2^n_{k+2}.</param>
    sealed record Enumeration(double[] PixelActivations, double[] StateOffsets, double[][] LayerLogPriors, double[][] Downward, double[][] Upward);

    /// <summary>One layer of n boolean latents z with priors ρ and x ~ Bernoulli(σ(W z + b)).</summary>
    /// <param name="weights">d×n row-major loading matrix W.</param>
    /// <param name="bias">d offsets b.</param>
    /// <param name="priors">n prior probabilities ρᵢ = p(zᵢ = 1), strictly inside (0, 1).</param>
    public BooleanLatentModel(double[] weights, double[] bias, double[] priors)
        : this(priors, [new SigmoidLayer(weights, bias, priors?.Length ?? throw new ArgumentNullException(nameof(priors)))])
    {
    }

    /// <summary>A belief net of the top layer's priors and the layers below it, top down; the last layer generates the data.</summary>
    /// <param name="priors">The top layer's prior probabilities, strictly inside (0, 1).</param>
    /// <param name="layers">Each layer reads the one above it (the first reads the top layer); the last one's outputs are the data.</param>
    public BooleanLatentModel(double[] priors, IReadOnlyList<SigmoidLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(priors);
        ArgumentNullException.ThrowIfNull(layers);
        if (priors.Length < 1) throw new ArgumentException("there must be at least one boolean latent", nameof(priors));
        if (layers.Count < 1) throw new ArgumentException("a belief net needs a layer that generates the data", nameof(layers));
        var bits = new int[layers.Count];
        bits[0] = priors.Length;
        for (int k = 0; k < layers.Count; k++)
        {
            var layer = layers[k] ?? throw new ArgumentNullException(nameof(layers));
            if (layer.Inputs != bits[k])
                throw new ArgumentException($"layer {k + 1} reads {layer.Inputs} bits but the latent layer above it has {bits[k]}", nameof(layers));
            if (k + 1 < layers.Count) bits[k + 1] = layer.Outputs;
        }
        foreach (var p in priors)
            if (!(p > 0 && p < 1)) throw new ArgumentException($"prior probability {p} must lie strictly between 0 and 1", nameof(priors));

        _priors = priors;
        _layers = layers.ToArray();
        _bits = bits;
        Dimension = layers[^1].Outputs;
        IsEnumerable = Bits <= MaxExactBits && (1L << _bits[^1]) * Dimension <= MaxActivations;
        _enumeration = new(() =>
        {
            var (marginals, downward, upward) = Marginals(TopLogPriors(_priors), _layers);
            var (pixels, offsets) = Decoder(_layers[^1]);
            return new Enumeration(pixels, offsets, marginals, downward, upward);
        });
    }

    /// <summary>
    /// The net with an amortized encoder q(h₁ | x) q(h₂ | h₁) … beside it (a score-function fit's), for a net too large to
    /// enumerate: one encoder factor per latent layer, from the data up.
    /// </summary>
    public BooleanLatentModel(double[] priors, IReadOnlyList<SigmoidLayer> layers, BeliefNetEncoder encoder) : this(priors, layers)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var fromDataUp = _bits.Reverse().ToArray();
        if (encoder.Dimension != Dimension || !encoder.LayerBits.SequenceEqual(fromDataUp))
            throw new ArgumentException(
                $"the encoder maps {encoder.Dimension} dimensions to factors of {string.Join(", ", encoder.LayerBits)} bits from the data up; " +
                $"the net has {Dimension} dimensions and latent layers of {string.Join(", ", fromDataUp)} bits from the data up", nameof(encoder));
        Encoder = encoder;
    }

    /// <summary>The amortized q(h | x) a score-function fit trained beside the net; null for a net from EM or given parameters.</summary>
    public BeliefNetEncoder? Encoder { get; }

    /// <summary>
    /// Whether exact inference can enumerate the net: at most <see cref="MaxExactBits"/> bits over all layers, and the
    /// decoder's activations over the states of h₁ within memory. A larger net evaluates by
    /// <see cref="BeliefNetImportance"/> with its <see cref="Encoder"/> as the proposal.
    /// </summary>
    public bool IsEnumerable { get; }

    Enumeration Enumerated => IsEnumerable ? _enumeration.Value : throw NotEnumerable();

    BackendNotSupportedException NotEnumerable()
    {
        int total = Bits, n = _bits[^1];
        string estimate = Encoder is null ? "" : "; estimate log p(x) by importance sampling with its encoder, BeliefNetImportance.Estimate(net, data)";
        return total > MaxExactBits
            ? new BackendNotSupportedException("exact",
                $"{total} boolean latents have 2^{total}{(total < 63 ? $" = {1L << total}" : "")} joint states; exact enumeration is limited to n ≤ {MaxExactBits}{estimate}")
            : new BackendNotSupportedException("exact",
                $"2^{n} states × {Dimension} dimensions is too large to enumerate in memory (limit {MaxActivations} activations); use fewer boolean latents{estimate}");
    }

    /// <summary>log p(h_L = s) for every state of the top layer, each a sum over its bits in increasing order.</summary>
    static double[] TopLogPriors(double[] priors)
    {
        int n = priors.Length;
        var logPriors = new double[1 << n];
        for (int state = 0; state < logPriors.Length; state++)
        {
            double logPrior = 0;
            for (int i = 0; i < n; i++) logPrior += (state >> i & 1) != 0 ? Math.Log(priors[i]) : Math.Log(1 - priors[i]);
            logPriors[state] = logPrior;
        }
        return logPriors;
    }

    /// <summary>
    /// From the top down: each latent layer's prior marginal, its conditional given the layer above, and that layer's
    /// conditional given it (Bayes' rule), which is the posterior's, since x reads only the bottom layer.
    /// </summary>
    static (double[][] Marginals, double[][] Downward, double[][] Upward) Marginals(double[] top, SigmoidLayer[] layers)
    {
        int latentLayers = layers.Length;
        var marginals = new double[latentLayers][];
        var downward = new double[latentLayers - 1][];
        var upward = new double[latentLayers - 1][];
        marginals[latentLayers - 1] = top;
        for (int k = latentLayers - 2; k >= 0; k--)
        {
            var layer = layers[latentLayers - 2 - k];
            var conditional = layer.ConditionalLogProbabilities();
            var above = marginals[k + 1];
            int upperStates = above.Length, lowerStates = 1 << layer.Outputs;
            var below = new double[lowerStates];
            var posterior = new double[(long)lowerStates * upperStates];
            for (int u = 0; u < lowerStates; u++)
            {
                var row = posterior.AsSpan(u * upperStates, upperStates);
                for (int s = 0; s < upperStates; s++) row[s] = above[s] + conditional[s * lowerStates + u];
                below[u] = LogSumExp.Normalize(row);
            }
            marginals[k] = below;
            downward[k] = conditional;
            upward[k] = posterior;
        }
        return (marginals, downward, upward);
    }

    /// <summary>The decoder's activations pixel by pixel over the states, and each state's −Σⱼ softplus(a_uj).</summary>
    static (double[] PixelActivations, double[] Offsets) Decoder(SigmoidLayer decoder)
    {
        int d = decoder.Outputs, states = 1 << decoder.Inputs;
        var activations = decoder.Activations();
        var pixels = new double[states * d];
        var offsets = new double[states];
        for (int s = 0; s < states; s++)
        {
            double offset = 0;
            for (int j = 0; j < d; j++)
            {
                double a = activations[s * d + j];
                pixels[j * states + s] = a;
                offset -= SpecialFunctions.Softplus(a);
            }
            offsets[s] = offset;
        }
        return (pixels, offsets);
    }

    /// <summary>All boolean latents, over every layer.</summary>
    public int Bits => _bits.Sum();
    public int Dimension { get; }

    /// <summary>The bits of each latent layer, top first (the order a model declares them).</summary>
    public IReadOnlyList<int> LayerBits => _bits;

    /// <summary>The layers, top down: the first reads the top latent layer, the last generates x.</summary>
    public IReadOnlyList<SigmoidLayer> Layers => _layers;

    /// <summary>The decoder's W, d×n₁ row-major.</summary>
    public IReadOnlyList<double> Weights => _layers[^1].Weights;
    public IReadOnlyList<double> Bias => _layers[^1].Bias;

    /// <summary>The top layer's prior probabilities.</summary>
    public IReadOnlyList<double> Priors => _priors;

    protected override bool BinaryData => true;

    public override ModelFamily Family => _layers.Length == 1 ? ModelFamily.BooleanLatent : ModelFamily.SigmoidBeliefNet;
    public override int DataDimension => Dimension;

    /// <summary>The states of h₁, the layer the data reads; the layers above are summed out of <see cref="StateLogPriors"/>.</summary>
    public override int StateCount => IsEnumerable ? 1 << _bits[^1] : throw NotEnumerable();

    /// <summary>log p(h₁ = u), the prior marginal of the layer the data reads.</summary>
    public override ReadOnlySpan<double> StateLogPriors => Enumerated.LayerLogPriors[0];

    public override int ParameterCount => _priors.Length + _layers.Sum(l => l.Outputs * (l.Inputs + 1));

    /// <summary>The column names of the latents, top layer first: z1…zn for one layer, h2_1…, h1_1… for several.</summary>
    public IReadOnlyList<string> LatentNames => BeliefNetPosterior.ColumnNames(_bits);

    /// <summary>
    /// log p(x | u) = Σⱼ xⱼ aⱼ(u) − softplus(aⱼ(u)) for every state u of h₁, since log σ(a) = a − softplus(a) and
    /// log(1 − σ(a)) = −softplus(a): the offsets plus, for each nonzero pixel, its activations over the states.
    /// </summary>
    protected internal override void StateLogLikelihoods(ReadOnlySpan<double> x, Span<double> result)
    {
        int states = result.Length;
        var tables = Enumerated;
        tables.StateOffsets.CopyTo(result);
        for (int j = 0; j < x.Length; j++)
        {
            double v = x[j];
            if (v == 0) continue;
            var column = tables.PixelActivations.AsSpan(j * states, states);
            if (v == 1) TensorPrimitives.Add(result, column, result);
            else TensorPrimitives.MultiplyAdd(column, v, result, result);
        }
    }

    /// <summary>
    /// The exact posterior of a net that can be enumerated; otherwise its encoder's q(h = 1 | x) per unit, the
    /// amortized approximation a score-function fit trained: for several layers each unit's marginal under q, top layer
    /// first (<see cref="BeliefNetEncoderMarginals"/>).
    /// </summary>
    public override IPosterior Posterior(DataMatrix data)
    {
        if (IsEnumerable || Encoder is not { } encoder) return base.Posterior(data);
        CheckDimension(data);
        data.CheckBinary();
        if (_layers.Length == 1) return new FactorizedBooleanPosterior(() => encoder.Probabilities(data), data.Rows, encoder.Bits);
        return new FactorizedBooleanPosterior(() => BeliefNetEncoderMarginals.TopFirst(encoder, data), data.Rows, Bits);
    }

    protected override IPosterior CreatePosterior(double[] probabilities, int count)
    {
        var bottom = new BooleanPosterior(probabilities, count, _bits[^1]);
        return _layers.Length == 1 ? bottom : new BeliefNetPosterior(bottom, Enumerated.Upward);
    }

    /// <summary>
    /// The ELBO of q: for one layer any <see cref="BooleanPosterior"/>; for several a <see cref="BeliefNetPosterior"/>, whose
    /// expected log-prior and entropy need only how often q visits each state of each layer.
    /// </summary>
    public override ElboTerms Elbo(DataMatrix data, IPosterior q)
    {
        if (_layers.Length == 1) return base.Elbo(data, q);
        CheckData(data);
        if (q is not BeliefNetPosterior posterior || posterior.Count != data.Rows || !posterior.LayerBits.SequenceEqual(_bits))
            throw new ArgumentException(
                $"q must be a belief net posterior over {data.Rows} points with layers of {string.Join(", ", _bits)} bits", nameof(q));
        int states = StateCount;
        double likelihood = RowBlocks.Sum(data.Rows, (start, end) =>
        {
            var logLik = new double[states];
            double sum = 0;
            for (int n = start; n < end; n++)
            {
                StateLogLikelihoods(data.Row(n), logLik);
                var qn = posterior.Bottom.Row(n);
                for (int u = 0; u < states; u++)
                    if (qn[u] != 0) sum += qn[u] * logLik[u]; // 0·log 0 = 0, even where a state is impossible
            }
            return sum;
        });
        return new ElboTerms(likelihood, ExpectedLogPrior(posterior), posterior.Entropy());
    }

    /// <summary>Σₙ E_q[log p(h)]: each conditional's expected log-probability, weighted by q's state counts, and the top prior's.</summary>
    double ExpectedLogPrior(BeliefNetPosterior q)
    {
        var counts = q.StateCounts();
        var tables = Enumerated;
        double sum = 0;
        for (int k = 0; k < tables.Downward.Length; k++)
        {
            var conditional = q.Conditional(k + 1);
            var logProbabilities = tables.Downward[k];
            int lower = counts[k].Length, upper = counts[k + 1].Length;
            for (int u = 0; u < lower; u++)
            {
                if (counts[k][u] == 0) continue;
                double row = 0;
                for (int s = 0; s < upper; s++)
                    if (conditional[u * upper + s] != 0) row += conditional[u * upper + s] * logProbabilities[s * lower + u];
                sum += counts[k][u] * row;
            }
        }
        var top = tables.LayerLogPriors[^1];
        for (int s = 0; s < top.Length; s++)
            if (counts[^1][s] != 0) sum += counts[^1][s] * top[s];
        return sum;
    }

    /// <summary>Ancestral sampling: the top layer's bits from their priors, then each layer given the one above, then x.</summary>
    public override GeneratedData Generate(int count, Random random)
    {
        int d = Dimension, width = Bits, top = _bits[0];
        var x = new double[count * d];
        var z = new double[count * width];
        for (int row = 0; row < count; row++)
        {
            var latents = z.AsSpan(row * width, width);
            int state = 0;
            for (int i = 0; i < top; i++)
                if (random.NextDouble() < _priors[i])
                {
                    state |= 1 << i;
                    latents[i] = 1;
                }
            int offset = top;
            for (int k = 0; k < _layers.Length - 1; k++)
            {
                state = _layers[k].Draw(state, random, latents.Slice(offset, _bits[k + 1]));
                offset += _bits[k + 1];
            }
            _layers[^1].Draw(state, random, x.AsSpan(row * d, d));
        }
        return new GeneratedData(new DataMatrix(x, count, d, source: "sample"), new DataMatrix(z, count, width, LatentNames.ToArray(), "sample"));
    }
}
