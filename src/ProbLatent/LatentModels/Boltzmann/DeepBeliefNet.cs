using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// A deep belief net (Hinton, Osindero and Teh 2006) over binary data v = h₀ and boolean layers h₁ … h_L, held as the
/// stack of restricted Boltzmann machines greedy training leaves, bottom first: machine k joins h_{k−1} (its visible
/// units) with h_k (its hidden units). The top machine is the net's undirected top pair, p(h_{L−1}, h_L); each machine
/// below it is a directed sigmoid layer, p(h_{k−1} | h_k) = σ(W_k h_k + b_k), and its hidden biases give the recognition
/// pass q(h_k | h_{k−1}) = σ(c_k + h_{k−1}ᵀW_k) with the weights tied. A net of one machine is that machine.
/// </summary>
/// <remarks>
/// log p(v) sums every layer's states: <see cref="PointLogLikelihoods"/> enumerates them on tiny nets only;
/// <see cref="LowerBound"/> is the variational bound of the recognition pass at any size, and never a log-likelihood.
/// </remarks>
public sealed class DeepBeliefNet : ILatentModel
{
    /// <summary>The most bits, summed over the layers below the top, whose joint states exact enumeration visits.</summary>
    public const int MaxExactBits = 20;

    readonly RestrictedBoltzmannMachine[] _layers;

    /// <param name="layers">The machines bottom first; each one's visible units are the hidden units of the one below.</param>
    public DeepBeliefNet(IReadOnlyList<RestrictedBoltzmannMachine> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0) throw new ArgumentException("a deep belief net needs at least one layer (a restricted Boltzmann machine)", nameof(layers));
        for (int k = 0; k < layers.Count; k++)
        {
            if (layers[k] is null) throw new ArgumentNullException(nameof(layers), $"layer {k + 1} is null");
            if (k > 0 && layers[k].Visible != layers[k - 1].Hidden)
                throw new ArgumentException(
                    $"layer {k + 1} has {Counted.Of(layers[k].Visible, "visible unit")} but layer {k} below it has {Counted.Of(layers[k - 1].Hidden, "hidden unit")}; " +
                    "each layer's visible units are the hidden units of the one below", nameof(layers));
        }
        _layers = layers.ToArray();
    }

    public ModelFamily Family => ModelFamily.DeepBeliefNet;

    /// <summary>The machines bottom first: layer 1 reads the data, the last is the top pair.</summary>
    public IReadOnlyList<RestrictedBoltzmannMachine> Layers => _layers;

    /// <summary>The undirected top pair, p(h_{L−1}, h_L).</summary>
    public RestrictedBoltzmannMachine Top => _layers[^1];

    public int Visible => _layers[0].Visible;
    public int DataDimension => Visible;

    /// <summary>The hidden units of each layer, bottom first.</summary>
    public IReadOnlyList<int> HiddenSizes => Array.ConvertAll(_layers, l => l.Hidden);

    /// <summary>
    /// The generative model's parameters: the top machine's, and each directed layer's weights and visible biases (the
    /// hidden biases below the top serve the recognition pass only).
    /// </summary>
    public int ParameterCount => Top.ParameterCount + _layers[..^1].Sum(l => l.Visible * l.Hidden + l.Visible);

    /// <summary>
    /// The up-pass: p(h_k = 1 | h_{k−1}) for every layer, each from the probabilities of the one below (the inputs greedy
    /// training gave it), bottom first, each N×n_k row-major.
    /// </summary>
    public double[][] UpPass(DataMatrix data)
    {
        CheckData(data);
        var result = new double[_layers.Length][];
        double[] below = data.Values.ToArray();
        for (int k = 0; k < _layers.Length; k++) below = result[k] = UpProbabilities(_layers[k], below, data.Rows);
        return result;
    }

    /// <summary>p(h = 1 | x) = σ(c + xᵀW) of one machine for rows of its visible units, N×n.</summary>
    internal static double[] UpProbabilities(RestrictedBoltzmannMachine machine, double[] visible, int rows)
    {
        var result = new double[(long)rows * machine.Hidden];
        WorkerPair.For(rows, (machine, visible, result), static (s, start, end) =>
        {
            int m = s.machine.Visible, n = s.machine.Hidden;
            for (int r = start; r < end; r++)
            {
                var p = s.result.AsSpan(r * n, n);
                s.machine.HiddenInputs(s.visible.AsSpan(r * m, m), p);
                foreach (ref var x in p) x = SpecialFunctions.Sigmoid(x);
            }
        }, minBatch: 8);
        return result;
    }

    /// <summary>The up-pass (<see cref="UpPass"/>) of every layer as the net's q(h | v): its means are each layer's probabilities, bottom first.</summary>
    public IPosterior Posterior(DataMatrix data)
    {
        CheckData(data);
        return new DeepBeliefPosterior(() => UpPass(data), data.Rows, HiddenSizes);
    }

    /// <summary>
    /// The variational lower bound on log p(v) of the recognition pass q(h₁, …, h_{L−1} | v) = Πₖ q(h_k | h_{k−1}), by
    /// Monte Carlo over q, with log Z of the top machine exact or by AIS (<see cref="DeepBeliefBoundOptions"/>).
    /// </summary>
    public DeepBeliefBound LowerBound(DataMatrix data, DeepBeliefBoundOptions? options = null, CancellationToken cancellation = default)
    {
        options ??= new DeepBeliefBoundOptions();
        options.Validate();
        CheckData(data);
        return DeepBeliefBoundEstimator.Run(this, data, options, cancellation);
    }

    /// <summary>
    /// log p(vₙ) exactly, by enumerating the joint states of the layers below the top (at most <see cref="MaxExactBits"/>
    /// bits in all) with the top machine's exact log Z; refused beyond, where <see cref="LowerBound"/> bounds it.
    /// </summary>
    public double[] PointLogLikelihoods(DataMatrix data)
    {
        CheckExact();
        CheckData(data);
        return DeepBeliefEnumeration.LogLikelihoods(this, data);
    }

    /// <summary>
    /// The ELBO of a factorised q(h₁) over the lowest layer against the net's exact prior over it, the layers above summed
    /// out by enumeration: E_q[log p(v | h₁)] + E_q[log p(h₁)] + H[q]. With q = p(h₁ | v) it is log p(v); enumerates as
    /// <see cref="PointLogLikelihoods"/> does. A net of one layer is its machine, whose ELBO this is.
    /// </summary>
    public ElboTerms Elbo(DataMatrix data, IPosterior q)
    {
        if (_layers.Length == 1) return Top.Elbo(data, q);
        CheckExact();
        CheckData(data);
        if (q is not FactorizedBooleanPosterior f || f.Count != data.Rows || f.Bits != _layers[0].Hidden)
            throw new ArgumentException($"the ELBO of a deep belief net is over its lowest layer: it needs a {data.Rows}×{_layers[0].Hidden} FactorizedBooleanPosterior, got {q}", nameof(q));
        return DeepBeliefEnumeration.Elbo(this, data, f);
    }

    /// <summary>Draws with the default <see cref="GibbsOptions"/> and a seed from <paramref name="random"/>.</summary>
    public GeneratedData Generate(int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Sample(count, new GibbsOptions { Seed = random.Next() });
    }

    /// <summary>
    /// Draws <paramref name="count"/> points: (h_{L−1}, h_L) from Gibbs chains in the top machine, then an ancestral pass
    /// down, each h_{k−1} drawn from σ(W_k h_k + b_k). The latents are every layer's states, bottom first (h1_1, …, h2_1, …).
    /// </summary>
    public GeneratedData Sample(int count, GibbsOptions options)
    {
        var top = GibbsSampler.Run(Top, count, options);
        var states = new double[_layers.Length][];
        states[^1] = top.Latents.Values.ToArray();
        double[] generated = top.Data.Values.ToArray();
        for (int k = _layers.Length - 2; k >= 0; k--)
        {
            states[k] = generated;
            generated = _layers[k].VisibleProbabilities(generated, count);
            for (long i = 0; i < generated.Length; i++)
                generated[i] = CounterUniforms.Uniform((ulong)options.Seed, ulong.MaxValue - (ulong)k, i) < generated[i] ? 1 : 0;
        }
        var latent = new double[(long)count * _layers.Sum(l => l.Hidden)];
        for (int r = 0, offset = 0; r < count; r++)
            foreach (var (layer, k) in _layers.Select((l, k) => (l, k)))
            {
                states[k].AsSpan(r * layer.Hidden, layer.Hidden).CopyTo(latent.AsSpan(offset));
                offset += layer.Hidden;
            }
        return new GeneratedData(new DataMatrix(generated, count, Visible, null, "deep belief net samples"),
            new DataMatrix(latent, count, latent.Length / count, DeepBeliefPosterior.ColumnNames(HiddenSizes), "deep belief net samples' hidden units"));
    }

    /// <summary>log p(x | h) of a directed layer: Σᵢ xᵢaᵢ − softplus(aᵢ) with a = b + W h, the logits in <paramref name="logits"/>.</summary>
    internal static double LogGenerated(RestrictedBoltzmannMachine layer, ReadOnlySpan<double> x, ReadOnlySpan<double> h, Span<double> logits)
    {
        layer.VisibleInputs(h, logits);
        double sum = 0;
        for (int i = 0; i < x.Length; i++) sum += x[i] * logits[i] - SpecialFunctions.Softplus(logits[i]);
        return sum;
    }

    /// <summary>Σⱼ H[Bernoulli(pⱼ)] of a factorised layer.</summary>
    internal static double Entropy(ReadOnlySpan<double> p)
    {
        double h = 0;
        foreach (var x in p) h -= SpecialFunctions.XLogY(x, x) + SpecialFunctions.XLogY(1 - x, 1 - x);
        return h;
    }

    /// <summary>
    /// Whether <see cref="PointLogLikelihoods"/> can enumerate: at most <see cref="MaxExactBits"/> bits below the top and a
    /// top machine whose log Z is exact.
    /// </summary>
    public bool IsEnumerable => _layers[..^1].Sum(l => l.Hidden) <= MaxExactBits && Top.HasExactPartition;

    void CheckExact()
    {
        int below = _layers[..^1].Sum(l => l.Hidden);
        if (below > MaxExactBits)
            throw new ModelDefinitionException(
                $"the deep belief net's layers below the top have {below} hidden units ({string.Join(" + ", _layers[..^1].Select(l => l.Hidden))}): exact log p(v) sums 2^{below} joint states, " +
                $"beyond the limit of {MaxExactBits}; bound it instead with net.LowerBound(data)");
        _ = Top.LogPartition;   // refuses, pointing to AIS, when the top machine's log Z cannot be enumerated
    }

    internal void CheckData(DataMatrix data) => _layers[0].CheckData(data);

    public override string ToString() => $"DeepBeliefNet({Visible} visible; hidden {string.Join(", ", HiddenSizes)})";
}
