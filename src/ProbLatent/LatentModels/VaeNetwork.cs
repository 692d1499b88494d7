using ProbLatent.Autodiff;
using ProbLatent.Modeling;
using ProbLatent.Neural;

namespace ProbLatent.LatentModels;

/// <summary>
/// The parameters of a variational autoencoder and the pieces of its objective on a tape: the encoder q(z | x) (a
/// trunk and two heads, mean and log-variance; one head, the code, for a point-mass guide), the decoder p(x | z), the
/// observation noise and the prior p(z).
/// </summary>
internal sealed class VaeNetwork
{
    readonly Dense[] _encoderHidden;
    readonly Dense _meanHead;
    readonly Dense? _logVarianceHead;
    // A mixture guide's q(c | x): the logits of the components, on the trunk the per-component heads share.
    readonly Dense? _componentHead;
    readonly Mlp _decoder;
    readonly Parameter? _noiseLogVariance;
    readonly Parameter? _priorLogits, _priorMeans, _priorLogVariances;
    // Continuous data reaches the encoder standardised, (x − shift) · scale, with both fixed from the training data:
    // amortised inference then works the same in any units. Saved with the model; not trained.
    readonly Parameter? _inputShift, _inputScale;

    public VaeNetwork(VaeArchitecture architecture)
    {
        Architecture = architecture;
        int d = architecture.DataDimension, q = architecture.LatentDimension;
        var widths = new[] { d }.Concat(architecture.EncoderHidden).ToArray();
        _encoderHidden = Enumerable.Range(0, widths.Length - 1).Select(i => new Dense($"encoder.{i}", widths[i], widths[i + 1])).ToArray();
        if (architecture.PointMassGuide) _meanHead = new Dense("encoder.code", widths[^1], q);
        else
        {
            // A mixture guide's heads give q(z | x, c) for every c at once: K·q outputs read as K rows of q.
            int heads = architecture.GuideComponents * q;
            _meanHead = new Dense("encoder.mean", widths[^1], heads);
            _logVarianceHead = new Dense("encoder.log_variance", widths[^1], heads);
            if (architecture.MixtureGuide) _componentHead = new Dense("encoder.component_logits", widths[^1], architecture.PriorComponents);
        }
        // A per-component linear decoder is one map of [onehot(c) ⊗ z, onehot(c)]: its weight rows are W₁ᵀ … W_Kᵀ, then
        // μ₁ … μ_K (less the bias, which all components share), so one product serves every component's rows.
        _decoder = new Mlp("decoder", [architecture.DecoderInputs, .. architecture.DecoderHidden, d], Of(architecture.DecoderActivation));
        int noiseRows = architecture.NoiseRows;
        if (architecture.Noise == ObservationNoise.LearnedIsotropic) _noiseLogVariance = new Parameter("noise.log_variance", noiseRows, 1);
        if (architecture.Noise == ObservationNoise.LearnedDiagonal) _noiseLogVariance = new Parameter("noise.log_variance", noiseRows, d);
        if (architecture.PriorComponents > 0)
        {
            int c = architecture.PriorComponents;
            _priorLogits = new Parameter("prior.logits", 1, c);
            _priorMeans = new Parameter("prior.means", c, q);
            _priorLogVariances = new Parameter("prior.log_variances", c, q);
        }
        if (architecture.Noise != ObservationNoise.Bernoulli)
        {
            _inputShift = new Parameter("encoder.input_shift", 1, d);
            _inputScale = new Parameter("encoder.input_scale", 1, d);
            _inputScale.Value.Span.Fill(1f);
        }
        // A mixture of factor analysers keeps z | c at N(0, I): its prior means and log-variances stay at zero, untrained.
        var prior = architecture.ComponentDecoder ? new[] { _priorLogits } : new[] { _priorLogits, _priorMeans, _priorLogVariances };
        Trainable = _encoderHidden.SelectMany(l => l.Parameters)
            .Concat(_meanHead.Parameters).Concat(_logVarianceHead?.Parameters ?? []).Concat(_componentHead?.Parameters ?? []).Concat(_decoder.Parameters)
            .Concat(new[] { _noiseLogVariance }.Concat(prior).OfType<Parameter>())
            .ToArray();
        Parameters = Trainable.Concat(new[] { _inputShift, _inputScale }.OfType<Parameter>()).ToArray();
    }

    public VaeArchitecture Architecture { get; }
    /// <summary>Everything the model holds, in the order it is saved.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>What the optimizer updates: all but the encoder's fixed input standardisation.</summary>
    public IReadOnlyList<Parameter> Trainable { get; }
    public int LatentDimension => Architecture.LatentDimension;
    public bool HasAnalyticKl => Architecture.PriorComponents == 0;
    public bool IsMixtureGuide => Architecture.MixtureGuide;
    public int Components => Architecture.PriorComponents;

    /// <summary>
    /// Seeded Glorot/He weights, zero biases; unit noise variance; mixture components spread as N(0, I) draws (a mixture
    /// of factor analysers' p(z | c) stays N(0, I)).
    /// </summary>
    public void Initialize(Random random)
    {
        foreach (var layer in _encoderHidden) layer.Initialize(Of(Architecture.EncoderActivation), random);
        _meanHead.Initialize(Nonlinearity.Identity, random);
        _logVarianceHead?.Initialize(Nonlinearity.Identity, random);
        _componentHead?.Initialize(Nonlinearity.Identity, random);
        _decoder.Initialize(random);
        _noiseLogVariance?.Value.Clear();
        if (_priorMeans is not null)
        {
            _priorLogits!.Value.Clear();
            _priorLogVariances!.Value.Clear();
            var means = _priorMeans.Value.Span;
            if (Architecture.ComponentDecoder) means.Clear();
            else for (int i = 0; i < means.Length; i++) means[i] = (float)Numerics.RandomExtensions.NextGaussian(random);
        }
    }

    /// <summary>
    /// Fits the network to the data's scale before training, for continuous data: the encoder's input
    /// standardisation, the decoder's output bias at the column means, and a learned noise variance at the column
    /// variances. Data in its own units (minutes, dollars) then starts with an ELBO of the right order, not one so far
    /// off that the first steps overshoot. Binary data under a Bernoulli decoder is left as it is. A per-component decoder
    /// (a mixture of factor analysers) starts each component's mean at a distinct data row drawn by <paramref name="random"/>,
    /// as EM's random start does: components that start alike would get alike gradients and separate slowly.
    /// </summary>
    public void InitializeFromData(Data.FloatMatrix data, Random? random = null)
    {
        if (Architecture.Noise == ObservationNoise.Bernoulli) return;
        int d = data.Columns;
        var (mean, variance) = Numerics.SampleMoments.ColumnMoments(data);
        for (int j = 0; j < d; j++) variance[j] = Math.Max(variance[j], 1e-6);
        for (int j = 0; j < d; j++)
        {
            _inputShift!.Value[0, j] = (float)mean[j];
            _inputScale!.Value[0, j] = (float)(1 / Math.Sqrt(variance[j]));
        }
        var bias = _decoder.Layers[^1].Bias.Value;
        for (int j = 0; j < d; j++) bias[0, j] = (float)mean[j];
        for (int r = 0; r < Architecture.NoiseRows; r++)
            if (Architecture.Noise == ObservationNoise.LearnedDiagonal)
                for (int j = 0; j < d; j++) _noiseLogVariance!.Value[r, j] = (float)Math.Log(variance[j]);
            else if (Architecture.Noise == ObservationNoise.LearnedIsotropic)
                _noiseLogVariance!.Value[r, 0] = (float)Math.Log(variance.Average());
        if (Architecture.ComponentDecoder) StartComponentMeans(data, mean, random ?? throw new ArgumentNullException(nameof(random), "a per-component decoder draws its starting means"));
    }

    /// <summary>Each component's mean row of the decoder (added to the shared bias, the column means) at a distinct random data row.</summary>
    void StartComponentMeans(Data.FloatMatrix data, double[] columnMeans, Random random)
    {
        int k = Components, q = LatentDimension, d = data.Columns;
        var rows = Enumerable.Range(0, data.Rows).ToArray();
        random.Shuffle(rows);
        var weight = _decoder.Layers[^1].Weight.Value;
        for (int c = 0; c < k; c++)
        {
            var x = data.Values.Slice(rows[c % rows.Length] * d, d);
            for (int j = 0; j < d; j++) weight[k * q + c, j] = (float)(x[j] - columnMeans[j]);
        }
    }

    /// <summary>q(z | x): the mean and log-variance of a diagonal Gaussian for each row.</summary>
    /// <exception cref="InvalidOperationException">The guide is a point mass, which has no variance: see <see cref="Code"/>.</exception>
    public (Variable Mean, Variable LogVariance) Encode(Tape tape, Variable x)
    {
        if (_logVarianceHead is null)
            throw new InvalidOperationException("a point-mass guide has no q(z | x) to draw from, only its code z = f(x)");
        if (_componentHead is not null)
            throw new InvalidOperationException("a mixture guide's q(z | x) is a mixture over c: see EncodeMixture");
        var trunk = Trunk(tape, x);
        return (_meanHead.Forward(tape, trunk), _logVarianceHead.Forward(tape, trunk));
    }

    /// <summary>
    /// A mixture guide's q(c | x) q(z | x, c) for the B rows of x: the logits of q(c | x), B × K, and the mean and
    /// log-variance of q(z | x, c), (B·K) × q, row b·K + c for row b and component c.
    /// </summary>
    public (Variable Logits, Variable Mean, Variable LogVariance) EncodeMixture(Tape tape, Variable x)
    {
        if (_componentHead is null) throw new InvalidOperationException("this guide has no categorical: see Encode");
        var trunk = Trunk(tape, x);
        int rows = x.Rows * Components;
        return (_componentHead.Forward(tape, trunk),
            tape.Reshape(_meanHead.Forward(tape, trunk), rows, LatentDimension),
            tape.Reshape(_logVarianceHead!.Forward(tape, trunk), rows, LatentDimension));
    }

    /// <summary>The learned prior's logits (1 × K), means and log-variances (K × q), on the tape.</summary>
    public (Variable Logits, Variable Means, Variable LogVariances) PriorComponents(Tape tape) =>
        (tape.Parameter(_priorLogits!), tape.Parameter(_priorMeans!), tape.Parameter(_priorLogVariances!));

    /// <summary>The encoder's location of each row: a point-mass guide's code z = f(x), or a Gaussian guide's mean.</summary>
    public Variable Code(Tape tape, Variable x) => _meanHead.Forward(tape, Trunk(tape, x));

    /// <summary>The data, standardised when it is continuous, through the encoder's hidden layers.</summary>
    Variable Trunk(Tape tape, Variable x)
    {
        if (_inputShift is not null)
        {
            var standardised = tape.Scratch(x.Rows, x.Columns);
            for (int i = 0; i < x.Rows; i++)
            {
                var row = standardised.Row(i);
                System.Numerics.Tensors.TensorPrimitives.Subtract(x.Value.Row(i), _inputShift.Value.Span, row);
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, _inputScale!.Value.Span, row);
            }
            x = tape.Constant(standardised);
        }
        foreach (var layer in _encoderHidden) x = layer.Forward(tape, x, Of(Architecture.EncoderActivation));
        return x;
    }

    /// <summary>The tape's function for the description's activation.</summary>
    static Nonlinearity Of(Activation activation) => activation switch
    {
        Activation.Tanh => Nonlinearity.Tanh,
        Activation.Relu => Nonlinearity.Relu,
        Activation.Softplus => Nonlinearity.Softplus,
        Activation.Sigmoid => Nonlinearity.Sigmoid,
        Activation.Identity => Nonlinearity.Identity,
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "unknown activation"),
    };

    /// <summary>The decoder's output for each row of z: Bernoulli logits or Gaussian means.</summary>
    /// <exception cref="InvalidOperationException">The decoder reads c as well (<see cref="VaeArchitecture.ComponentDecoder"/>).</exception>
    public Variable Decode(Tape tape, Variable z) => Architecture.ComponentDecoder ? throw ReadsComponent() : _decoder.Forward(tape, z);

    static InvalidOperationException ReadsComponent() => new(
        "this decoder reads the component c as well as z (a mixture of factor analysers): its fit's Parameters, a MixtureOfFactorAnalysers, " +
        "give the exact density, posterior and draws");

    /// <summary>
    /// log p(x | z, c) for each row of z drawn in the enumerated layout (row (b·K + c)·S + s holds point b's s-th draw from
    /// component c), with <paramref name="x"/> repeated to match: the decoder reads c where it is per component (a mixture of
    /// factor analysers, its mean W_c z + μ_c and its noise Ψ_c), and z alone otherwise.
    /// </summary>
    public Variable EnumeratedLogLikelihood(Tape tape, Variable z, Variable x, int samples)
    {
        if (!Architecture.ComponentDecoder) return LogLikelihood(tape, Decode(tape, z), x);
        var output = _decoder.Forward(tape, tape.SpreadByComponent(z, Components, samples));
        var logVariance = tape.SelectComponentRows(tape.Parameter(_noiseLogVariance!), z.Rows, samples, Architecture.DataDimension);
        return tape.GaussianLogDensity(x, output, logVariance);
    }

    /// <summary>log p(x | z) for each row, from the decoder's output.</summary>
    public Variable LogLikelihood(Tape tape, Variable output, Variable x) => Architecture.ComponentDecoder ? throw ReadsComponent() : Architecture.Noise switch
    {
        ObservationNoise.Bernoulli => tape.BernoulliLogLikelihood(output, x),
        ObservationNoise.Fixed => tape.GaussianLogDensity(x, output, FixedLogVariance(tape)),
        _ => tape.GaussianLogDensity(x, output, tape.Parameter(_noiseLogVariance!)),
    };

    Variable FixedLogVariance(Tape tape)
    {
        var t = tape.Scratch(1, 1);
        t[0, 0] = (float)Math.Log(Architecture.FixedVariance);
        return tape.Constant(t);
    }

    /// <summary>log p(z) for each row.</summary>
    public Variable LogPrior(Tape tape, Variable z)
    {
        if (HasAnalyticKl) return tape.StandardNormalLogDensity(z);
        var (logits, means, logVariances) = PriorComponents(tape);
        return tape.MixtureLogDensity(z, logits, means, logVariances);
    }

    /// <summary>
    /// log p(x, z) − log q(z | x) for each row: the log importance weights of draws z ~ q, from their reconstruction
    /// term log p(x | z). Their log-mean-exp over k draws is the IWAE-k bound, for training and for evaluation alike.
    /// </summary>
    public Variable LogWeights(Tape tape, Variable reconstruction, Variable z, Variable mean, Variable logVariance) =>
        tape.Subtract(tape.Add(reconstruction, LogPrior(tape, z)), tape.GaussianLogDensity(z, mean, logVariance));

    /// <summary>
    /// The noise variance of each data dimension, for a learned or fixed Gaussian likelihood: of component
    /// <paramref name="component"/> for a per-component decoder, whose noise is per component.
    /// </summary>
    public double[] NoiseVariances(int component = 0) => Architecture.Noise switch
    {
        ObservationNoise.Fixed => Enumerable.Repeat(Architecture.FixedVariance, Architecture.DataDimension).ToArray(),
        ObservationNoise.LearnedIsotropic => Enumerable.Repeat(Math.Exp(_noiseLogVariance!.Value[component, 0]), Architecture.DataDimension).ToArray(),
        ObservationNoise.LearnedDiagonal => _noiseLogVariance!.Value.Row(component).ToArray().Select(v => Math.Exp(v)).ToArray(),
        _ => throw new InvalidOperationException("a Bernoulli likelihood has no noise variance"),
    };

    /// <summary>
    /// Turns a network trained on y = (x − shift)/scale into the same model of x: the encoder's input standardisation
    /// takes the map in, the decoder's output layer gives m + s∘(its output), and the noise variances scale by sⱼ².
    /// </summary>
    public void Destandardize(ReadOnlySpan<double> shift, ReadOnlySpan<double> scale)
    {
        if (_inputShift is null || _noiseLogVariance is null)
            throw new InvalidOperationException("only a Gaussian likelihood with a learned variance trains on standardized data");
        int d = Architecture.DataDimension;
        for (int j = 0; j < d; j++)
        {
            _inputShift.Value[0, j] = (float)(shift[j] + scale[j] * _inputShift.Value[0, j]);
            _inputScale!.Value[0, j] = (float)(_inputScale.Value[0, j] / scale[j]);
        }
        var output = _decoder.Layers[^1];
        var weight = output.Weight.Value;
        for (int i = 0; i < weight.Rows; i++)
            for (int j = 0; j < d; j++) weight[i, j] = (float)(scale[j] * weight[i, j]);
        for (int j = 0; j < d; j++) output.Bias.Value[0, j] = (float)(shift[j] + scale[j] * output.Bias.Value[0, j]);
        var logVariance = _noiseLogVariance.Value;
        for (int r = 0; r < logVariance.Rows; r++)
            for (int j = 0; j < logVariance.Columns; j++) logVariance[r, j] = (float)(logVariance[r, j] + 2 * Math.Log(scale[j]));
    }

    /// <summary>The learned prior's logits of the components, 1 × K; null without a categorical or mixture prior.</summary>
    public Numerics.Tensor? PriorLogits => _priorLogits?.Value;

    /// <summary>The decoder's layers (for a linear decoder, one: W and μ).</summary>
    public IReadOnlyList<Dense> DecoderLayers => _decoder.Layers;

    /// <summary>A copy of the trained weights as the public, read-only view that exporters read.</summary>
    public NetworkWeights Weights()
    {
        var encoder = Architecture.EncoderActivation;
        var decoder = Architecture.DecoderActivation;
        return new NetworkWeights(
            Architecture,
            _inputShift?.Value.Span.ToArray(), _inputScale?.Value.Span.ToArray(),
            _encoderHidden.Select(l => Weights(l, encoder)).ToArray(),
            Weights(_meanHead, Activation.Identity),
            _logVarianceHead is null ? null : Weights(_logVarianceHead, Activation.Identity),
            _decoder.Layers.Select((l, i) => Weights(l, i < _decoder.Layers.Count - 1 ? decoder : Activation.Identity)).ToArray(),
            Architecture.Noise == ObservationNoise.Bernoulli ? null : NoiseVariances());
    }

    static DenseLayerWeights Weights(Dense layer, Activation activation) =>
        new(layer.Inputs, layer.Outputs, layer.Weight.Value.Span.ToArray(), layer.Bias.Value.Span.ToArray(), activation);

    /// <summary>Copies every parameter's values (a checkpoint).</summary>
    public float[][] Snapshot() => Parameters.Select(p => p.Value.Span.ToArray()).ToArray();

    public void Restore(float[][] snapshot)
    {
        for (int i = 0; i < Parameters.Count; i++) snapshot[i].CopyTo(Parameters[i].Value.Span);
    }

    /// <summary>A separate network with the same architecture and values (for use from another thread).</summary>
    public VaeNetwork Clone()
    {
        var copy = new VaeNetwork(Architecture);
        copy.Restore(Snapshot());
        return copy;
    }
}
