using ProbLatent.Data;
using ProbLatent.Modeling;

namespace ProbLatent.Cli.Options;

/// <summary>
/// What the command line says about the data and the model, checked for consistency, and turned into a
/// <see cref="DataMatrix"/> and a <see cref="Model"/>. Every command that fits a model builds it here.
/// </summary>
/// <remarks>
/// Defaults: an example brings its own model (old-faithful: a 2-component full-covariance Gaussian mixture;
/// iris: 3 components); with <c>--data</c>, <c>--model</c> is required. Mixtures default to 2 components and
/// full covariance, PPCA and factor analysis to a 1-dimensional latent. Options that do not apply to the chosen
/// model (<c>--components</c> for PPCA, <c>--latent-dim</c> for a mixture, <c>--covariance</c> for anything but
/// a Gaussian mixture) are usage errors rather than silently ignored.
/// </remarks>
public sealed record ModelOptions
{
    public string? DataFile { get; init; }
    public string? Example { get; init; }
    /// <summary>The <c>--model</c> value: gmm, bernoulli-mixture, ppca or fa.</summary>
    public string? Family { get; init; }
    public int? Components { get; init; }
    /// <summary>The <c>--covariance</c> value: full or diag.</summary>
    public string? CovarianceName { get; init; }
    public int? LatentDimension { get; init; }

    /// <summary>The model an example is fitted with when no <c>--model</c> is given.</summary>
    static readonly Dictionary<string, (ModelKind Kind, int Components)> s_exampleDefaults = new()
    {
        ["old-faithful"] = (ModelKind.Gmm, 2),
        ["iris"] = (ModelKind.Gmm, 3),
    };

    public const int DefaultComponents = 2;
    public const int DefaultLatentDimension = 1;

    /// <summary>The model family, from <c>--model</c> or the example's default.</summary>
    public ModelKind Kind
    {
        get
        {
            if (Family is not null) return ModelKinds.Parse(Family);
            if (Example is not null && s_exampleDefaults.TryGetValue(Example, out var d)) return d.Kind;
            throw new UsageException($"--model is required with --data: one of {string.Join(", ", ModelKinds.Names)}");
        }
    }

    /// <summary>Checks the options go together, without reading any data.</summary>
    public void Validate()
    {
        if (DataFile is not null && Example is not null) throw new UsageException("give either --data or --example, not both");
        if (DataFile is null && Example is null)
            throw new UsageException($"no data: give --data FILE.csv or --example NAME ({string.Join(", ", Examples.Names)})");
        var kind = Kind;
        if (Components is not null && !kind.IsMixture())
            throw new UsageException($"--components applies to mixtures (gmm, bernoulli-mixture), not {kind.Name()}; use --latent-dim");
        if (LatentDimension is not null && kind.IsMixture())
            throw new UsageException($"--latent-dim applies to ppca and fa, not {kind.Name()}; use --components");
        if (CovarianceName is not null && kind != ModelKind.Gmm)
            throw new UsageException($"--covariance applies to gmm only ({kind.Name()} {NoiseOf(kind)})");
    }

    static string NoiseOf(ModelKind kind) => kind switch
    {
        ModelKind.Ppca => "has isotropic noise",
        ModelKind.Fa => "has diagonal noise",
        _ => "has no covariance",
    };

    /// <summary>
    /// Reads the data: the embedded example, or the file — binarized MNIST (<c>.bin</c>, see
    /// <see cref="BinarizedMnist"/>) by its extension, CSV otherwise.
    /// </summary>
    public DataMatrix LoadData()
    {
        Validate();
        if (DataFile is null) return Examples.Load(Example!);
        return string.Equals(Path.GetExtension(DataFile), ".bin", StringComparison.OrdinalIgnoreCase)
            ? BinarizedMnist.Read(DataFile)
            : Csv.Read(DataFile);
    }

    /// <summary>The model name shown in output: the example, or the data file's name.</summary>
    public string Name => Example ?? Path.GetFileNameWithoutExtension(DataFile) ?? Kind.Name();

    /// <summary>Builds the model for data with <paramref name="dimension"/> columns.</summary>
    public Model ToModel(int dimension)
    {
        Validate();
        var kind = Kind;
        var model = Model.Define(Name);
        switch (kind)
        {
            case ModelKind.Gmm:
                model = model
                    .Latent("z", Prior.Categorical(ComponentCount))
                    .Decoder(Decoder.PerComponent(Likelihood.Gaussian(CovarianceForm)));
                break;
            case ModelKind.BernoulliMixture:
                model = model
                    .Latent("z", Prior.Categorical(ComponentCount))
                    .Decoder(Decoder.PerComponent(Likelihood.Bernoulli()));
                break;
            case ModelKind.Ppca:
            case ModelKind.Fa:
                int q = LatentDimension ?? DefaultLatentDimension;
                if (q >= dimension)
                    throw new UsageException(
                        $"--latent-dim {q} must be smaller than the data dimension {dimension}: {kind.Name()} explains {dimension} columns with fewer latent dimensions");
                var noise = kind == ModelKind.Ppca ? Covariance.Isotropic : Covariance.Diagonal;
                model = model
                    .Latent("z", Prior.StandardNormal(q))
                    .Decoder(Decoder.Linear(Likelihood.Gaussian(noise)));
                break;
        }
        return model.Observe("x", dimension: dimension);
    }

    int ComponentCount =>
        Components ?? (Family is null && Example is not null && s_exampleDefaults.TryGetValue(Example, out var d) ? d.Components : DefaultComponents);

    Covariance CovarianceForm => CovarianceName switch
    {
        null or "full" => Covariance.Full,
        "diag" or "diagonal" => Covariance.Diagonal,
        _ => throw new UsageException($"unknown covariance '{CovarianceName}'; use full or diag"),
    };
}
