using ProbLatent.Backends.Vmp;
using System.CommandLine;
using System.Globalization;
using System.CommandLine.Parsing;
using ProbLatent.Data;

namespace ProbLatent.Cli.Options;

/// <summary>
/// The options shared by the commands, declared once: each command adds the groups it needs and reads them
/// back as a <see cref="ModelOptions"/> and a <see cref="BackendOptions"/>. Value checks that need no data
/// (a known model name, a positive count) happen while parsing, so they report as usage errors.
/// </summary>
public sealed class CommonOptions
{
    public Option<string> Data { get; } = new("--data") { Description = "A CSV file (a header of column names, then one numeric row per data point), or binarized MNIST (.bin)", HelpName = "FILE.csv" };

    public Option<string> Example { get; } = OneOf(new Option<string>("--example")
    {
        Description = $"A data set shipped with ProbLatent, instead of --data: {string.Join(", ", Examples.Names)}",
    }, "example data set", Examples.Names);

    public Option<string> Model { get; } = OneOf(new Option<string>("--model")
    {
        Description = "The model: gmm (Gaussian mixture), bernoulli-mixture, ppca (probabilistic PCA), fa (factor analysis); an example brings a default",
    }, "model", ModelKinds.Names);

    public Option<int?> Components { get; } = Int($"Mixture components (default {ModelOptions.DefaultComponents}, or the example's)", "K", 1, "--components", "-k");

    public Option<string> Covariance { get; } = OneOf(new Option<string>("--covariance")
    {
        Description = "Gaussian mixture covariance: full (default) or diag",
    }, "covariance", ["full", "diag"], alsoAccepted: ["diagonal"]);

    public Option<int?> LatentDimension { get; } = Int($"Latent dimension for ppca and fa (default {ModelOptions.DefaultLatentDimension})", "Q", 1, "--latent-dim", "-q");

    public Option<int?> Seed { get; } = Int("Random seed: the same seed gives the same fit", "S", null, "--seed", "-s");

    public Option<int?> Restarts { get; } = Int("EM, VMP: independent seeded starts, keeping the best", "R", 1, "--restarts");

    public Option<int?> MaxIterations { get; } = Int("EM, VMP: the most iterations per restart", "N", 1, "--max-iterations");

    public Option<double?> Tolerance { get; } = Real("EM: converged when the objective per point rises by less than this; VMP: when the ELBO changes by less than this", "T", "--tolerance");

    public Option<double?> PriorWeights { get; } = Real("VMP: mixing weights ~ Dirichlet(a, …, a); this is a (default 1)", "A", "--prior-weights");

    public Option<double?> PriorMeanPrecision { get; } = Real("VMP: component means ~ N(0, (τ I)⁻¹); this is τ (default 0.01)", "TAU", "--prior-mean-precision");

    public Option<double?> PriorWishartShape { get; } = Real("VMP: component precisions ~ Wishart(shape a, scale s·I), Infer.NET's parameterisation with E[Λ] = a·s·I; this is a (default: the data dimension)", "A", "--prior-wishart-shape");

    public Option<double?> PriorWishartScale { get; } = Real("VMP: the Wishart prior's s (default 1/a, so E[Λ] = I)", "S", "--prior-wishart-scale");

    public Option<double?> PriorGammaShape { get; } = Real("VMP: scalar precisions (diagonal components, noise, ARD) ~ Gamma(shape, rate); this is the shape (default 1)", "A", "--prior-gamma-shape");

    public Option<double?> PriorGammaRate { get; } = Real("VMP: the Gamma priors' rate (default 1)", "B", "--prior-gamma-rate");

    /// <summary>Adds the data and model options.</summary>
    public void AddModelOptions(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Example);
        command.Options.Add(Model);
        command.Options.Add(Components);
        command.Options.Add(Covariance);
        command.Options.Add(LatentDimension);
    }

    /// <summary>Adds the backend settings.</summary>
    public void AddBackendOptions(Command command, bool includeEmSettings)
    {
        command.Options.Add(Seed);
        if (!includeEmSettings) return;
        command.Options.Add(Restarts);
        command.Options.Add(MaxIterations);
        command.Options.Add(Tolerance);
        foreach (var prior in new[] { PriorWeights, PriorMeanPrecision, PriorWishartShape, PriorWishartScale, PriorGammaShape, PriorGammaRate })
            command.Options.Add(prior);
    }

    public ModelOptions ReadModelOptions(ParseResult result) => new()
    {
        DataFile = result.GetValue(Data),
        Example = result.GetValue(Example),
        Family = result.GetValue(Model),
        Components = result.GetValue(Components),
        CovarianceName = result.GetValue(Covariance),
        LatentDimension = result.GetValue(LatentDimension),
    };

    public BackendOptions ReadBackendOptions(ParseResult result) => new()
    {
        Seed = result.GetValue(Seed),
        Restarts = result.GetValue(Restarts),
        MaxIterations = result.GetValue(MaxIterations),
        Tolerance = result.GetValue(Tolerance),
        Priors = ReadPriors(result),
    };

    /// <summary>The priors given on the command line over the library's defaults.</summary>
    VmpPriors ReadPriors(ParseResult result)
    {
        var defaults = new VmpPriors();
        return defaults with
        {
            WeightConcentration = result.GetValue(PriorWeights) ?? defaults.WeightConcentration,
            MeanPrecision = result.GetValue(PriorMeanPrecision) ?? defaults.MeanPrecision,
            WishartShape = result.GetValue(PriorWishartShape) ?? defaults.WishartShape,
            WishartScale = result.GetValue(PriorWishartScale) ?? defaults.WishartScale,
            GammaShape = result.GetValue(PriorGammaShape) ?? defaults.GammaShape,
            GammaRate = result.GetValue(PriorGammaRate) ?? defaults.GammaRate,
        };
    }

    /// <summary>
    /// Accepts only the given values (and offers them as completions), with a one-line error naming the
    /// option and the choices; <see cref="Option{T}.AcceptOnlyFromAmong(string[])"/> spreads them over several lines.
    /// </summary>
    public static Option<string> OneOf(Option<string> option, string what, IReadOnlyList<string> names, IReadOnlyList<string>? alsoAccepted = null)
    {
        option.HelpName ??= string.Join("|", names);
        option.CompletionSources.Add(names.ToArray());
        option.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (value is not null && !names.Contains(value) && alsoAccepted?.Contains(value) != true)
                r.AddError($"unknown {what} '{value}' for {option.Name}; use one of: {string.Join(", ", names)}");
        });
        return option;
    }

    /// <summary>
    /// An integer option, at least <paramref name="atLeast"/> when given, whose errors name the option and
    /// the text rather than the CLR type.
    /// </summary>
    static Option<int?> Int(string description, string helpName, int? atLeast, string name, params string[] aliases) => new(name, aliases)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r =>
        {
            var text = string.Join(" ", r.Tokens.Select(t => t.Value));
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                r.AddError($"{name} expects a whole number, got '{text}'");
            else if (value < atLeast)
                r.AddError($"{name} must be at least {atLeast}, got {value}");
            else return value;
            return null;
        },
    };

    /// <summary>A finite real option ≥ 0 (invariant culture: 1e-6, 0.001) whose errors name the option and the text.</summary>
    static Option<double?> Real(string description, string helpName, string name, params string[] aliases) => new(name, aliases)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r =>
        {
            var text = string.Join(" ", r.Tokens.Select(t => t.Value));
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                r.AddError($"{name} expects a number, got '{text}'");
            else if (!(value >= 0 && double.IsFinite(value)))
                r.AddError($"{name} must be a finite number ≥ 0, got {text}");
            else return value;
            return null;
        },
    };
}
