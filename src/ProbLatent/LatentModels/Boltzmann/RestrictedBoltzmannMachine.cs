using System.Numerics;
using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// A restricted Boltzmann machine over binary visible units v ∈ {0,1}ᵐ and hidden units h ∈ {0,1}ⁿ:
/// p(v, h) = exp(vᵀW h + bᵀv + cᵀh) / Z. Both conditionals factorise, p(hⱼ = 1 | v) = σ(cⱼ + vᵀWⱼ) and
/// p(vᵢ = 1 | h) = σ(bᵢ + Wᵢh), and summing h out gives the free energy F(v) = −bᵀv − Σⱼ softplus(cⱼ + vᵀWⱼ), so
/// log p(v) = −F(v) − log Z. Z is a sum over 2^min(m, n) states of the smaller layer: exact up to
/// <see cref="MaxExactUnits"/> units (<see cref="LogPartition"/>), estimated beyond by annealed importance sampling
/// (<see cref="EstimateLogPartition"/>).
/// </summary>
public sealed class RestrictedBoltzmannMachine : ILatentModel
{
    /// <summary>The largest smaller layer whose states exact enumeration visits (2²⁰ ≈ one million).</summary>
    public const int MaxExactUnits = 20;

    readonly double[] _weights;        // m×n, visible by hidden
    readonly double[] _visibleBiases;  // m
    readonly double[] _hiddenBiases;   // n
    readonly Lazy<double> _logPartition;

    /// <param name="weights">m×n row-major: the weight between visible unit i and hidden unit j at i·n + j.</param>
    /// <param name="visibleBiases">b, one per visible unit.</param>
    /// <param name="hiddenBiases">c, one per hidden unit.</param>
    public RestrictedBoltzmannMachine(double[] weights, double[] visibleBiases, double[] hiddenBiases)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(visibleBiases);
        ArgumentNullException.ThrowIfNull(hiddenBiases);
        if (visibleBiases.Length < 1 || hiddenBiases.Length < 1)
            throw new ArgumentException($"an RBM needs visible and hidden units, got {visibleBiases.Length} and {hiddenBiases.Length}");
        if (weights.Length != (long)visibleBiases.Length * hiddenBiases.Length)
            throw new ArgumentException(
                $"{visibleBiases.Length} visible and {hiddenBiases.Length} hidden units need {visibleBiases.Length}×{hiddenBiases.Length} weights, got {weights.Length}", nameof(weights));
        CheckFinite(weights, nameof(weights));
        CheckFinite(visibleBiases, nameof(visibleBiases));
        CheckFinite(hiddenBiases, nameof(hiddenBiases));
        _weights = weights;
        _visibleBiases = visibleBiases;
        _hiddenBiases = hiddenBiases;
        _logPartition = new Lazy<double>(() => ExactPartition.LogPartition(this));
    }

    public ModelFamily Family => ModelFamily.RestrictedBoltzmannMachine;
    public int Visible => _visibleBiases.Length;
    public int Hidden => _hiddenBiases.Length;
    public int DataDimension => Visible;
    public int ParameterCount => Visible * Hidden + Visible + Hidden;

    public IReadOnlyList<double> Weights => _weights;
    public IReadOnlyList<double> VisibleBiases => _visibleBiases;
    public IReadOnlyList<double> HiddenBiases => _hiddenBiases;

    /// <summary>W as m rows of n: the weights of visible unit <paramref name="i"/> to every hidden unit.</summary>
    public ReadOnlySpan<double> WeightsOf(int i) => _weights.AsSpan(i * Hidden, Hidden);

    /// <summary>Whether the smaller layer is small enough for <see cref="LogPartition"/> to enumerate.</summary>
    public bool HasExactPartition => Math.Min(Visible, Hidden) <= MaxExactUnits;

    /// <summary>
    /// log Z exactly, by enumerating the 2^min(m, n) states of the smaller layer with the other summed out in closed form;
    /// refused beyond <see cref="MaxExactUnits"/> units, where <see cref="EstimateLogPartition"/> estimates it.
    /// </summary>
    public double LogPartition => HasExactPartition ? _logPartition.Value : throw new ModelDefinitionException(
        $"the RBM's smaller layer has {Math.Min(Visible, Hidden)} units (visible {Visible}, hidden {Hidden}): its exact log Z sums 2^{Math.Min(Visible, Hidden)} states, " +
        $"beyond the limit of {MaxExactUnits} units; estimate it by annealed importance sampling, rbm.EstimateLogPartition(new AisOptions(), data), " +
        "and take log p(v) from rbm.LogLikelihoods(data, estimate)");

    /// <summary>F(v) = −bᵀv − Σⱼ softplus(cⱼ + vᵀWⱼ) for every row.</summary>
    public double[] FreeEnergies(DataMatrix data)
    {
        CheckData(data);
        var result = new double[data.Rows];
        WorkerPair.For(data.Rows, (this, data, result), static (s, start, end) =>
        {
            var inputs = new double[s.Item1.Hidden];
            for (int r = start; r < end; r++) s.result[r] = s.Item1.FreeEnergy(s.data.Row(r), inputs);
        }, minBatch: 8);
        return result;
    }

    /// <summary>log p(vₙ) = −F(vₙ) − log Z for every row, with the exact log Z (see <see cref="LogPartition"/>).</summary>
    public double[] PointLogLikelihoods(DataMatrix data)
    {
        double logZ = LogPartition;
        return Array.ConvertAll(FreeEnergies(data), f => -f - logZ);
    }

    /// <summary>log p(vₙ) = −F(vₙ) − log Ẑ with an AIS estimate of log Z; the total's standard error is N times the estimate's.</summary>
    public double[] LogLikelihoods(DataMatrix data, AisEstimate partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return Array.ConvertAll(FreeEnergies(data), f => -f - partition.LogPartition);
    }

    /// <summary>
    /// Estimates log Z by annealed importance sampling from the base-rate RBM (no weights, no hidden biases, visible
    /// biases the logits of <paramref name="baseRates"/>' column means, smoothed by one pseudo-count each way; all zero
    /// without data), through evenly spaced temperatures (Salakhutdinov and Murray 2008).
    /// </summary>
    public AisEstimate EstimateLogPartition(AisOptions? options = null, DataMatrix? baseRates = null, CancellationToken cancellation = default)
    {
        options ??= new AisOptions();
        options.Validate();
        var baseBiases = new double[Visible];
        if (baseRates is not null)
        {
            CheckData(baseRates);
            baseBiases = BaseRates.Logits(baseRates);
        }
        return AnnealedImportanceSampling.Run(BoltzmannKernel.Of(this), baseBiases, options, cancellation);
    }

    /// <summary>
    /// The pseudo-log-likelihood scikit-learn's BernoulliRBM.score_samples reports: for each row one visible unit i, drawn
    /// at random, is flipped to give ṽ, and the row scores m · log σ(F(ṽ) − F(v)), m times the log-probability of vᵢ given
    /// the other units. It needs no Z, so it serves to monitor training; its expectation is m times the mean conditional.
    /// </summary>
    public double[] PseudoLogLikelihoods(DataMatrix data, int seed = 0)
    {
        CheckData(data);
        var random = new Random(seed);
        var flipped = new int[data.Rows];
        for (int r = 0; r < flipped.Length; r++) flipped[r] = random.Next(Visible);
        var result = new double[data.Rows];
        WorkerPair.For(data.Rows, (this, data, flipped, result), static (s, start, end) =>
        {
            var rbm = s.Item1;
            var inputs = new double[rbm.Hidden];
            for (int r = start; r < end; r++)
            {
                // F(ṽ) − F(v) = Σⱼ [softplus(xⱼ) − softplus(xⱼ ± Wᵢⱼ)] ∓ bᵢ, with x = c + vᵀW and the sign that of the flip.
                var v = s.data.Row(r);
                rbm.HiddenInputs(v, inputs);
                int i = s.flipped[r];
                double sign = v[i] == 0 ? 1 : -1, difference = -sign * rbm._visibleBiases[i];
                var w = rbm.WeightsOf(i);
                for (int j = 0; j < inputs.Length; j++) difference += SpecialFunctions.Softplus(inputs[j]) - SpecialFunctions.Softplus(inputs[j] + sign * w[j]);
                s.result[r] = rbm.Visible * SpecialFunctions.LogSigmoid(difference);
            }
        }, minBatch: 8);
        return result;
    }

    /// <summary>p(hⱼ = 1 | vₙ) for every row and hidden unit, N×n row-major.</summary>
    public double[] HiddenProbabilities(DataMatrix data)
    {
        CheckData(data);
        var result = new double[(long)data.Rows * Hidden];
        WorkerPair.For(data.Rows, (this, data, result), static (s, start, end) =>
        {
            var rbm = s.Item1;
            for (int r = start; r < end; r++)
            {
                var p = s.result.AsSpan(r * rbm.Hidden, rbm.Hidden);
                rbm.HiddenInputs(s.data.Row(r), p);
                for (int j = 0; j < p.Length; j++) p[j] = SpecialFunctions.Sigmoid(p[j]);
            }
        }, minBatch: 8);
        return result;
    }

    /// <summary>p(vᵢ = 1 | hₙ) for rows of hidden states (each value in [0, 1]: probabilities give the mean-field image), N×m row-major.</summary>
    public double[] VisibleProbabilities(double[] hidden, int rows)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        if (hidden.Length != (long)rows * Hidden) throw new ArgumentException($"expected {rows}×{Hidden} hidden values, got {hidden.Length}", nameof(hidden));
        var result = new double[(long)rows * Visible];
        for (int r = 0; r < rows; r++)
        {
            var p = result.AsSpan(r * Visible, Visible);
            VisibleInputs(hidden.AsSpan(r * Hidden, Hidden), p);
            foreach (ref var a in p) a = SpecialFunctions.Sigmoid(a);
        }
        return result;
    }

    /// <summary>bᵢ + Wᵢh for every visible unit: the logits of p(v | h), which a deep belief net's layers below the top generate by.</summary>
    internal void VisibleInputs(ReadOnlySpan<double> h, Span<double> inputs)
    {
        for (int i = 0; i < Visible; i++)
        {
            double a = _visibleBiases[i];
            var w = WeightsOf(i);
            for (int j = 0; j < h.Length; j++) a += w[j] * h[j];
            inputs[i] = a;
        }
    }

    /// <summary>
    /// The exact posterior p(h | v), which factorises over the hidden units: the data is checked now, and its N×n
    /// probabilities (<see cref="HiddenProbabilities"/>) computed when first read.
    /// </summary>
    public IPosterior Posterior(DataMatrix data)
    {
        CheckData(data);
        return new FactorizedBooleanPosterior(() => HiddenProbabilities(data), data.Rows, Hidden);
    }

    /// <summary>
    /// The ELBO of a factorised q(h) = Πⱼ Bernoulli(qⱼ): E_q[log p(v, h)] = E_q[vᵀW h + bᵀv + cᵀh] − log Z, all of it the
    /// expected log-likelihood (an undirected model has no separate prior over h), and H[q]; with q = p(h | v) it is log p(v).
    /// Needs the exact log Z.
    /// </summary>
    public ElboTerms Elbo(DataMatrix data, IPosterior q)
    {
        CheckData(data);
        if (q is not FactorizedBooleanPosterior f || f.Count != data.Rows || f.Bits != Hidden)
            throw new ArgumentException($"the ELBO of an RBM needs a {data.Rows}×{Hidden} FactorizedBooleanPosterior, got {q}", nameof(q));
        double logZ = LogPartition, expected = 0;
        var inputs = new double[Hidden];
        for (int r = 0; r < data.Rows; r++)
        {
            var v = data.Row(r);
            HiddenInputs(v, inputs);
            for (int i = 0; i < Visible; i++) expected += _visibleBiases[i] * v[i];
            var p = f.Probabilities(r);
            for (int j = 0; j < Hidden; j++) expected += p[j] * inputs[j];
            expected -= logZ;
        }
        return new ElboTerms(expected, 0, f.Entropy());
    }

    /// <summary>Draws by Gibbs sampling with the default <see cref="GibbsOptions"/> and a seed from <paramref name="random"/>.</summary>
    public GeneratedData Generate(int count, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Sample(count, new GibbsOptions { Seed = random.Next() });
    }

    /// <summary>Draws <paramref name="count"/> visible states and the hidden states beside them from Gibbs chains.</summary>
    public GeneratedData Sample(int count, GibbsOptions options) => GibbsSampler.Run(this, count, options);

    /// <summary>cⱼ + vᵀWⱼ for every hidden unit, adding the rows of W where v is on (v is binary, mostly zeros, or the probabilities of a deep belief net's up-pass).</summary>
    internal void HiddenInputs(ReadOnlySpan<double> v, Span<double> inputs)
    {
        _hiddenBiases.CopyTo(inputs);
        int width = Vector<double>.Count;
        for (int i = 0; i < v.Length; i++)
        {
            if (v[i] == 0) continue;
            var w = WeightsOf(i);
            int j = 0;
            // The same product and sum per element as one at a time, a vector of them at once.
            for (; j + width <= inputs.Length; j += width)
                (new Vector<double>(inputs.Slice(j)) + v[i] * new Vector<double>(w.Slice(j))).CopyTo(inputs.Slice(j));
            for (; j < inputs.Length; j++) inputs[j] += v[i] * w[j];
        }
    }

    /// <summary>F(v), leaving cⱼ + vᵀWⱼ in <paramref name="inputs"/>; v may hold probabilities, as a deep belief net's up-pass gives them.</summary>
    internal double FreeEnergy(ReadOnlySpan<double> v, double[] inputs)
    {
        HiddenInputs(v, inputs);
        double free = 0;
        for (int i = 0; i < v.Length; i++) free -= _visibleBiases[i] * v[i];
        foreach (var x in inputs) free -= SpecialFunctions.Softplus(x);
        return free;
    }

    internal void CheckData(DataMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Columns != Visible)
            throw new DataException($"has {Counted.Of(data.Columns, "column")} but the RBM has {Counted.Of(Visible, "visible unit")}", data.Source);
        data.CheckBinary();
    }

    static void CheckFinite(double[] values, string name)
    {
        int bad = Array.FindIndex(values, v => !double.IsFinite(v));
        if (bad >= 0) throw new ArgumentException($"{name}[{bad}] is {values[bad]}, not finite", name);
    }

    public override string ToString() => $"RestrictedBoltzmannMachine({Visible} visible, {Hidden} hidden)";
}
