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
         ModelFamily.MixtureOfFactorAnalysers, ModelFamily.MixtureOfProbabilisticPca];

    public static (LatentModelHeader Header, double[][] Arrays) Encode(ILatentModel model)
    {
        var header = Sizes(model);
        return model switch
        {
            GaussianMixture g => Make(header, ("weights", g.Weights.ToArray()), ("means", g.MeansFlat.ToArray()), ("covariances", g.CovariancesFlat.ToArray())),
            BernoulliMixture b => Make(header, ("weights", b.Weights.ToArray()), ("probabilities", b.ProbabilitiesFlat.ToArray())),
            LinearGaussianModel l => Make(header, ("loadings", l.LoadingsFlat.ToArray()), ("mean", l.Mean.ToArray()), ("noise_variances", l.NoiseVariances.ToArray())),
            BooleanLatentModel s => Make(header, ("weights", s.Weights.ToArray()), ("bias", s.Bias.ToArray()), ("priors", s.Priors.ToArray())),
            MixtureOfFactorAnalysers m => Make(header, ("weights", m.Weights.ToArray()),
                ("loadings", m.PerComponent(c => c.LoadingsFlat.ToArray())), ("means", m.PerComponent(c => c.Mean)), ("noise_variances", m.PerComponent(c => c.NoiseVariances))),
            _ => throw Unsaveable(model),
        };
    }

    /// <summary>A model's family and sizes: the header without its arrays.</summary>
    static LatentModelHeader Sizes(ILatentModel model)
    {
        var family = model.Family.ToString();
        return model switch
        {
            GaussianMixture g => new(family, g.Dimension, g.Components, null, g.CovarianceKind, []),
            BernoulliMixture b => new(family, b.Dimension, b.Components, null, null, []),
            LinearGaussianModel l => new(family, l.Dimension, null, l.LatentDimension, null, []),
            BooleanLatentModel s => new(family, s.Dimension, null, s.Bits, null, []),
            MixtureOfFactorAnalysers m => new(family, m.Dimension, m.Components, m.LatentDimension, null, []),
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

        if (!Enum.TryParse<ModelFamily>(header.Family, out var family) || !Families.Contains(family))
            throw new InvalidDataException($"holds a model of family '{header.Family}', which this ProbLatent cannot read (it reads {string.Join(", ", Families)})");
        var model = family switch
        {
            ModelFamily.GaussianMixture => (ILatentModel)new GaussianMixture(Array("weights"), Array("means"), Array("covariances"), header.Dimension,
                header.Covariance ?? throw new InvalidDataException("is corrupt: its GaussianMixture has no covariance form")),
            ModelFamily.BernoulliMixture => new BernoulliMixture(Array("weights"), Array("probabilities"), header.Dimension),
            ModelFamily.ProbabilisticPca or ModelFamily.FactorAnalysis => new LinearGaussianModel(Array("loadings"), Array("mean"), Array("noise_variances"),
                Size(header.LatentDimension, "latent dimension"), isotropic: family == ModelFamily.ProbabilisticPca),
            ModelFamily.BooleanLatent => new BooleanLatentModel(Array("weights"), Array("bias"), Array("priors")),
            ModelFamily.MixtureOfFactorAnalysers or ModelFamily.MixtureOfProbabilisticPca => MixtureOfFactorAnalysers.FromArrays(Array("weights"), Array("loadings"),
                Array("means"), Array("noise_variances"), Size(header.LatentDimension, "latent dimension"), isotropic: family == ModelFamily.MixtureOfProbabilisticPca),
            _ => throw new InvalidDataException($"holds a model of family '{header.Family}', which this ProbLatent cannot read"),
        };
        var sizes = Sizes(model);
        if ((sizes.Dimension, sizes.Components, sizes.LatentDimension, sizes.Covariance) != (header.Dimension, header.Components, header.LatentDimension, header.Covariance))
            throw new InvalidDataException($"is corrupt: its header's sizes do not match its arrays (they make {Describe(sizes)}, the header says {Describe(header)})");
        return model;
    }
}
