using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Files;

/// <summary>
/// Each model family's parameters as named float64 arrays and back: the constructor's own arrays, so a model read back is
/// built from the very values it was built from, and computes the same numbers bit for bit.
/// </summary>
internal static class LatentModelCodec
{
    /// <summary>The families this version reads and writes, by their <see cref="ModelFamily"/> names.</summary>
    public static IReadOnlyList<ModelFamily> Families { get; } =
        [ModelFamily.GaussianMixture, ModelFamily.BernoulliMixture, ModelFamily.ProbabilisticPca, ModelFamily.FactorAnalysis, ModelFamily.BooleanLatent,
         ModelFamily.MixtureOfFactorAnalysers, ModelFamily.MixtureOfProbabilisticPca, ModelFamily.SigmoidBeliefNet, ModelFamily.MixtureOfCommonFactorAnalysers,
         ModelFamily.RestrictedBoltzmannMachine, ModelFamily.HiddenMarkovModel, ModelFamily.DeepBeliefNet, ModelFamily.CategoricalMixture];

    public static (LatentModelHeader Header, double[][] Arrays) Encode(ILatentModel model)
    {
        var header = Sizes(model);
        return model switch
        {
            GaussianMixture g => Make(header, ("weights", g.Weights.ToArray()), ("means", g.MeansFlat.ToArray()), ("covariances", g.CovariancesFlat.ToArray())),
            BernoulliMixture b => Make(header, ("weights", b.Weights.ToArray()), ("probabilities", b.ProbabilitiesFlat.ToArray())),
            // Named apart from a Bernoulli's probabilities, so that a reader that knows no categorical emissions says the file lacks them.
            CategoricalMixture c => Make(header, ("weights", c.Weights.ToArray()), ("symbol_probabilities", c.ProbabilitiesFlat.ToArray())),
            LinearGaussianModel l => Make(header, ("loadings", l.LoadingsFlat.ToArray()), ("mean", l.Mean.ToArray()), ("noise_variances", l.NoiseVariances.ToArray())),
            BooleanLatentModel { Layers.Count: 1 } s => Make(header, [("weights", s.Weights.ToArray()), ("bias", s.Bias.ToArray()), ("priors", s.Priors.ToArray()),
                .. EncoderArrays(s.Encoder)]),
            BooleanLatentModel s => Make(header, [.. BeliefNetArrays(s), .. EncoderArrays(s.Encoder)]),
            MixtureOfFactorAnalysers m => Make(header, ("weights", m.Weights.ToArray()),
                ("loadings", m.PerComponent(c => c.LoadingsFlat.ToArray())), ("means", m.PerComponent(c => c.Mean)), ("noise_variances", m.PerComponent(c => c.NoiseVariances))),
            MixtureOfCommonFactorAnalysers m => Make(header, ("weights", m.Weights.ToArray()), ("latent_means", m.LatentMeansFlat.ToArray()),
                ("latent_covariances", m.LatentCovariancesFlat.ToArray()), ("loadings", m.Regression.LoadingsFlat.ToArray()), ("offset", m.Offset.ToArray()),
                ("noise_variances", m.NoiseVariances.ToArray())),
            RestrictedBoltzmannMachine r => Make(header, MachineArrays(r, "").ToArray()),
            DeepBeliefNet d => Make(header, d.Layers.SelectMany((r, k) => MachineArrays(r, $"_{k + 1}")).ToArray()),
            HiddenMarkovModel h => Make(header, [("initial", h.Initial.ToArray()), ("transitions", h.Transitions.ToArray()), .. Encode(h.Emissions).Arrays
                .Zip(Encode(h.Emissions).Header.Arrays, (values, array) => (array.Name, values))]),
            _ => throw Unsaveable(model),
        };
    }

    /// <summary>A machine's weights and biases; a deep belief net's layers each with its number, weights_1 the layer the data reads.</summary>
    static IEnumerable<(string, double[])> MachineArrays(RestrictedBoltzmannMachine r, string suffix) =>
    [
        ($"weights{suffix}", r.Weights.ToArray()), ($"visible_biases{suffix}", r.VisibleBiases.ToArray()), ($"hidden_biases{suffix}", r.HiddenBiases.ToArray()),
    ];

    static RestrictedBoltzmannMachine ReadMachine(Func<string, double[]> array, string suffix) =>
        new(array($"weights{suffix}"), array($"visible_biases{suffix}"), array($"hidden_biases{suffix}"));

    /// <summary>The layers <see cref="MachineArrays"/> wrote, numbered from 1 up to the last whose weights the file holds.</summary>
    static DeepBeliefNet ReadDeepBeliefNet(Func<string, double[]> array, IReadOnlyDictionary<string, double[]> arrays)
    {
        int layers = 0;
        while (arrays.ContainsKey($"weights_{layers + 1}")) layers++;
        if (layers == 0) throw new InvalidDataException($"is corrupt: its {ModelFamily.DeepBeliefNet} has no array 'weights_1' (the layer the data reads)");
        return new DeepBeliefNet(Enumerable.Range(1, layers).Select(k => ReadMachine(array, $"_{k}")).ToArray());
    }

    /// <summary>
    /// A belief net of several layers: the top layer's priors, each layer between latent layers by the latent it
    /// generates (weights_h1 and bias_h1 generate h1, the layer the data reads, from h2), then the decoder's weights and bias.
    /// </summary>
    static IEnumerable<(string, double[])> BeliefNetArrays(BooleanLatentModel net)
    {
        yield return ("priors", net.Priors.ToArray());
        int latentLayers = net.Layers.Count;
        for (int k = 0; k + 1 < latentLayers; k++)
        {
            string generated = $"h{latentLayers - 1 - k}";
            yield return ($"weights_{generated}", net.Layers[k].Weights.ToArray());
            yield return ($"bias_{generated}", net.Layers[k].Bias.ToArray());
        }
        yield return ("weights", net.Weights.ToArray());
        yield return ("bias", net.Bias.ToArray());
    }

    /// <summary>
    /// The encoder a score-function fit trained beside the net, if any: one linear factor as encoder_weights and
    /// encoder_bias (d×n and n); otherwise each factor by the latent it draws and each of its maps by its number from the
    /// input up, encoder_h1_weights_1 the first map of q(h1 | x).
    /// </summary>
    static IEnumerable<(string, double[])> EncoderArrays(BeliefNetEncoder? encoder)
    {
        if (encoder is null) yield break;
        if (encoder.IsLinear)
        {
            yield return ("encoder_weights", encoder.Weights.ToArray());
            yield return ("encoder_bias", encoder.Bias.ToArray());
            yield break;
        }
        for (int k = 0; k < encoder.Layers.Count; k++)
            for (int m = 0; m < encoder.Layers[k].Weights.Count; m++)
            {
                yield return ($"encoder_h{k + 1}_weights_{m + 1}", encoder.Layers[k].Weights[m].ToArray());
                yield return ($"encoder_h{k + 1}_bias_{m + 1}", encoder.Layers[k].Biases[m].ToArray());
            }
    }

    /// <summary>The encoder <see cref="EncoderArrays"/> wrote, or null when the file holds none.</summary>
    static BeliefNetEncoder? ReadEncoder(Func<string, double[]> array, IReadOnlyDictionary<string, double[]> arrays)
    {
        if (arrays.ContainsKey("encoder_weights")) return new BeliefNetEncoder(array("encoder_weights"), array("encoder_bias"));
        var factors = new List<BeliefNetEncoderLayer>();
        for (int k = 1; arrays.ContainsKey($"encoder_h{k}_weights_1"); k++)
        {
            var (weights, biases) = (new List<double[]>(), new List<double[]>());
            for (int m = 1; arrays.ContainsKey($"encoder_h{k}_weights_{m}"); m++)
            {
                weights.Add(array($"encoder_h{k}_weights_{m}"));
                biases.Add(array($"encoder_h{k}_bias_{m}"));
            }
            factors.Add(new BeliefNetEncoderLayer(weights, biases));
        }
        return factors.Count == 0 ? null : new BeliefNetEncoder(factors);
    }

    static BooleanLatentModel WithEncoder(double[] priors, IReadOnlyList<SigmoidLayer> layers, BeliefNetEncoder? encoder) =>
        encoder is null ? new BooleanLatentModel(priors, layers) : new BooleanLatentModel(priors, layers, encoder);

    /// <summary>The layers <see cref="BeliefNetArrays"/> wrote, top down, each reading the bits of the one above.</summary>
    static BooleanLatentModel ReadBeliefNet(Func<string, double[]> array, IReadOnlyDictionary<string, double[]> arrays)
    {
        var priors = array("priors");
        int below = 0;
        while (arrays.ContainsKey($"bias_h{below + 1}")) below++;
        if (below == 0) throw new InvalidDataException($"is corrupt: its {ModelFamily.SigmoidBeliefNet} has no array 'bias_h1' (the layer the data reads)");
        var layers = new List<SigmoidLayer>();
        int inputs = priors.Length;
        for (int k = below; k >= 1; k--)
        {
            var bias = array($"bias_h{k}");
            layers.Add(new SigmoidLayer(array($"weights_h{k}"), bias, inputs));
            inputs = bias.Length;
        }
        layers.Add(new SigmoidLayer(array("weights"), array("bias"), inputs));
        return WithEncoder(priors, layers, ReadEncoder(array, arrays));
    }

    /// <summary>One layer of boolean latents, with the encoder a score-function fit trained beside it when the file holds one.</summary>
    static BooleanLatentModel ReadBooleanLatent(Func<string, double[]> array, IReadOnlyDictionary<string, double[]> arrays)
    {
        var priors = array("priors");
        return WithEncoder(priors, [new SigmoidLayer(array("weights"), array("bias"), priors.Length)], ReadEncoder(array, arrays));
    }

    /// <summary>A model's family and sizes: the header without its arrays.</summary>
    static LatentModelHeader Sizes(ILatentModel model)
    {
        var family = model.Family.ToString();
        return model switch
        {
            GaussianMixture g => new(family, g.Dimension, g.Components, null, g.CovarianceKind, []),
            BernoulliMixture b => new(family, b.Dimension, b.Components, null, null, []),
            CategoricalMixture c => new(family, c.Dimension, c.Components, null, null, []) { Symbols = c.SymbolCount },
            LinearGaussianModel l => new(family, l.Dimension, null, l.LatentDimension, null, []),
            BooleanLatentModel s => new(family, s.Dimension, null, s.Bits, null, []),
            MixtureOfFactorAnalysers m => new(family, m.Dimension, m.Components, m.LatentDimension, null, []),
            MixtureOfCommonFactorAnalysers m => new(family, m.Dimension, m.Components, m.LatentDimension, m.LatentCovarianceKind, [])
            {
                Noise = m.IsIsotropic ? Covariance.Isotropic : Covariance.Diagonal,
            },
            RestrictedBoltzmannMachine r => new(family, r.Visible, null, r.Hidden, null, []),
            // The emissions' covariance form, their symbols, or neither for Bernoulli emissions, say which emission arrays follow π and A.
            HiddenMarkovModel h => Sizes(h.Emissions) with { Family = family },
            DeepBeliefNet d => new(family, d.Visible, null, d.HiddenSizes.Sum(), null, []),
            _ => throw Unsaveable(model),
        };
    }

    static ArgumentException Unsaveable(ILatentModel model) => new(
        $"cannot save a {model.GetType().Name}: the model files hold {string.Join(", ", Families)} and variational autoencoders", nameof(model));

    static string Describe(LatentModelHeader h) =>
        $"dimension {h.Dimension}, components {h.Components?.ToString() ?? "none"}, latent dimension {h.LatentDimension?.ToString() ?? "none"}";

    static (LatentModelHeader, double[][]) Make(LatentModelHeader header, params (string Name, double[] Values)[] arrays) =>
        (header with { Arrays = arrays.Select(a => new LatentModelHeader.Array(a.Name, a.Values.Length)).ToArray() },
            arrays.Select(a => a.Values).ToArray());

    /// <summary>
    /// Builds the model a header and its arrays describe. A family this version does not know, a missing array or a
    /// missing size raise <see cref="InvalidDataException"/> with the reason; invalid values raise the constructor's
    /// <see cref="ArgumentException"/>.
    /// </summary>
    public static ILatentModel Decode(LatentModelHeader header, IReadOnlyDictionary<string, double[]> arrays)
    {
        double[] Array(string name) => arrays.TryGetValue(name, out var values)
            ? values
            : throw new InvalidDataException($"is corrupt: its {header.Family} has no array '{name}'");
        int Size(int? value, string name) => value ?? throw new InvalidDataException($"is corrupt: its {header.Family} has no {name}");
        CategoricalMixture Categorical() => new(Array("weights"), Array("symbol_probabilities"), header.Dimension, Size(header.Symbols, "number of symbols"));

        if (!Enum.TryParse<ModelFamily>(header.Family, out var family) || !Families.Contains(family))
            throw new InvalidDataException($"holds a model of family '{header.Family}', which this ProbLatent cannot read (it reads {string.Join(", ", Families)})");
        var model = family switch
        {
            ModelFamily.GaussianMixture => (ILatentModel)new GaussianMixture(Array("weights"), Array("means"), Array("covariances"), header.Dimension,
                header.Covariance ?? throw new InvalidDataException("is corrupt: its GaussianMixture has no covariance form")),
            ModelFamily.BernoulliMixture => new BernoulliMixture(Array("weights"), Array("probabilities"), header.Dimension),
            ModelFamily.CategoricalMixture => Categorical(),
            ModelFamily.ProbabilisticPca or ModelFamily.FactorAnalysis => new LinearGaussianModel(Array("loadings"), Array("mean"), Array("noise_variances"),
                Size(header.LatentDimension, "latent dimension"), isotropic: family == ModelFamily.ProbabilisticPca),
            ModelFamily.BooleanLatent => ReadBooleanLatent(Array, arrays),
            ModelFamily.MixtureOfFactorAnalysers or ModelFamily.MixtureOfProbabilisticPca => MixtureOfFactorAnalysers.FromArrays(Array("weights"), Array("loadings"),
                Array("means"), Array("noise_variances"), Size(header.LatentDimension, "latent dimension"), isotropic: family == ModelFamily.MixtureOfProbabilisticPca),
            ModelFamily.SigmoidBeliefNet => ReadBeliefNet(Array, arrays),
            ModelFamily.MixtureOfCommonFactorAnalysers => new MixtureOfCommonFactorAnalysers(Array("weights"), Array("latent_means"), Array("latent_covariances"),
                header.Covariance ?? throw new InvalidDataException($"is corrupt: its {family} has no latent covariance form"), Array("loadings"), Array("offset"),
                Array("noise_variances"), header.Noise switch
                {
                    Covariance.Isotropic => true,
                    Covariance.Diagonal => false,
                    var noise => throw new InvalidDataException($"is corrupt: its {family} has {(noise is null ? "no noise form" : $"noise form {noise}, not Diagonal or Isotropic")}"),
                }),
            ModelFamily.RestrictedBoltzmannMachine => ReadMachine(Array, ""),
            ModelFamily.DeepBeliefNet => ReadDeepBeliefNet(Array, arrays),
            ModelFamily.HiddenMarkovModel => new HiddenMarkovModel(Array("initial"), Array("transitions"), (header.Covariance, header.Symbols) switch
            {
                ({ } covariance, _) => new GaussianMixture(Array("weights"), Array("means"), Array("covariances"), header.Dimension, covariance),
                (null, not null) => Categorical(),
                _ => new BernoulliMixture(Array("weights"), Array("probabilities"), header.Dimension),
            }),
            _ => throw new InvalidDataException($"holds a model of family '{header.Family}', which this ProbLatent cannot read"),
        };
        var sizes = Sizes(model);
        if ((sizes.Dimension, sizes.Components, sizes.LatentDimension, sizes.Covariance, sizes.Noise, sizes.Symbols) !=
            (header.Dimension, header.Components, header.LatentDimension, header.Covariance, header.Noise, header.Symbols))
            throw new InvalidDataException($"is corrupt: its header's sizes do not match its arrays (they make {Describe(sizes)}, the header says {Describe(header)})");
        return model;
    }
}
