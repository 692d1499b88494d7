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
    public Option<string> Data { get; } = new("--data")
    {
        Description = "A CSV file (a header of column names, then one numeric row per data point), binarized MNIST (.bin), or for vae a folder holding train.bin and test.bin (and optionally valid.bin)",
        HelpName = "FILE.csv|FILE.bin|DIR",
    };

    public Option<string> Example { get; } = OneOf(new Option<string>("--example")
    {
        Description = $"A data set shipped with ProbLatent, instead of --data: {string.Join(", ", Examples.Names)}",
    }, "example data set", Examples.Names);

    public Option<string[]?> Columns { get; } = Names(
        "Read only these columns of the data, in this order, comma-separated (not with --drop)", "--columns");

    public Option<string[]?> Drop { get; } = Names(
        "Read every column of the data but these, comma-separated: a label such as iris.csv's species (not with --columns)", "--drop");

    public Option<bool> Missing { get; } = new("--missing")
    {
        Description = "Read empty cells and NaN of CSV or Parquet data (and Parquet nulls) as missing at random: exact and em marginalise them " +
                      "for gmm and bernoulli-mixture, scoring log p(x_observed); the other models and backends refuse them",
    };

    public Option<string> Model { get; } = OneOf(new Option<string>("--model")
    {
        Description = "The model: gmm (Gaussian mixture), bernoulli-mixture, categorical-mixture (columns of symbols 0..S − 1), ppca (probabilistic PCA), fa (factor analysis), " +
                      "mfa (mixture of factor analysers), mppca (mixture of probabilistic PCA), mcfa (mixture of common factor analysers), vae (variational autoencoder), " +
                      "autoencoder (the vae's networks with a point-mass guide, trained on reconstruction alone), sbn (sigmoid belief net), hmm (hidden Markov model over sequences); " +
                      "an example brings a default",
    }, "model", ModelKinds.Names);

    public Option<int?> Components { get; } = Int($"Mixture components, for gmm, bernoulli-mixture, categorical-mixture, mfa, mppca and mcfa (default {ModelOptions.DefaultComponents}, or the example's)", "K", 1, "--components", "-k");

    public Option<int?> States { get; } = Int($"hmm: the hidden chain's states (default {ModelOptions.DefaultComponents})", "K", 1, "--states");

    public Option<string> SequenceColumn { get; } = new("--sequence-column")
    {
        Description = "hmm: the CSV column that tells sequences apart (each sequence's rows consecutive, in time order); without it the file is one sequence",
        HelpName = "NAME",
    };

    public Option<string> Covariance { get; } = OneOf(new Option<string>("--covariance")
    {
        Description = "Covariance of a Gaussian mixture's components, of mcfa's latent Gaussians z | c, or of an hmm's emissions: full (default) or diag",
    }, "covariance", ["full", "diag"], alsoAccepted: ["diagonal"]);

    public Option<string> Emission { get; } = OneOf(new Option<string>("--emission")
    {
        Description = "hmm: each state's emission, gaussian (default) or categorical (columns of symbols 0..S − 1, each independent given the state)",
    }, "emission", ModelOptions.EmissionNames);

    public Option<int?> Symbols { get; } = Int(
        "categorical-mixture and hmm --emission categorical: S, the symbols 0..S − 1 each column takes (default 1 + the largest symbol in the data)", "S", 2, "--symbols");

    public Option<int?> LatentDimension { get; } = Int(
        $"Latent dimension for ppca, fa, mfa, mppca and mcfa (default {ModelOptions.DefaultLatentDimension}) and vae and autoencoder (default {ModelOptions.DefaultVaeLatentDimension})", "Q", 1, "--latent-dim", "-q");

    public Option<int[]?> Layers { get; } = Widths(
        $"sbn: the bits of each layer of boolean latents, top first, comma-separated: 2,6 is h2 (2 bits) → h1 (6 bits) → x, at most {LatentModels.BooleanLatentModel.MaxExactBits} bits in all (default {string.Join(",", ModelOptions.DefaultLayers)})",
        "N,N,…", "--layers");

    public Option<int[]?> Hidden { get; } = Widths(
        $"vae, autoencoder: the hidden layers' widths from the data side, comma-separated; the encoder is data-H1-H2-…, the decoder mirrors it, z-…-H2-H1-data (default {string.Join(",", ModelOptions.DefaultHidden)}); " +
        $"rbm: one number, the hidden units (default {ModelOptions.DefaultRbmHidden}); dbn: the hidden units of each layer from the data up, N1,N2,… (default {string.Join(",", ModelOptions.DefaultDbnHidden)}); " +
        "sbn: the bits of each layer of boolean latents from the data up, N1,N2,…, trained by the score-function backend",
        "H,H,…", "--hidden");

    public Option<int[]?> EncoderHidden { get; } = Widths(
        "sbn --hidden: the tanh hidden layers of each factor of the encoder q(h1 | x) q(h2 | h1) …, from its input up, comma-separated (default none: each factor's logits linear in the layer below); " +
        "mfa and mppca with --backend reparameterized: the tanh trunk of the guide q(c | x) q(z | x, c) (default none: linear in x)",
        "H,H,…", "--encoder-hidden");

    public Option<string> Activation { get; } = OneOf(new Option<string>("--activation")
    {
        Description = "vae, autoencoder: the hidden layers' nonlinearity, in the encoder and the decoder (default tanh)",
    }, "activation", ModelOptions.ActivationNames);

    public Option<int?> PriorComponents { get; } = Int(
        "vae: a learned mixture-of-Gaussians prior on z with this many components (default: z ~ N(0, I))", "C", 1, "--prior-components");

    public Option<string> Likelihood { get; } = OneOf(new Option<string>("--likelihood")
    {
        Description = "vae, autoencoder: p(x | z), bernoulli (binary data; the default for .bin files and folders) or gaussian (a learned variance per dimension; the default for CSV)",
    }, "likelihood", ModelOptions.LikelihoodNames);

    public Option<int?> Epochs { get; } = Int(
        $"reparameterized, contrastive, score-function: passes over the training data (default {new Backends.Contrastive.ContrastiveOptions().Epochs} for rbm, {new Backends.Reparameterized.ReparameterizedOptions().Epochs} for vae, " +
        $"{new Backends.ScoreFunction.ScoreFunctionOptions().Epochs} for sbn --hidden; for ppca, fa, rbm, dbn and sbn --hidden as many as make {BackendOptions.DefaultMinimumSteps:N0} minibatch steps if that is more)", "E", 1, "--epochs");

    public Option<int?> BatchSize { get; } = Int($"reparameterized, contrastive, score-function: data points per minibatch (default 100; {new Backends.ScoreFunction.ScoreFunctionOptions().BatchSize} for sbn --hidden)", "B", 1, "--batch-size");

    public Option<double?> LearningRate { get; } = Real(
        $"reparameterized, contrastive, score-function: the optimizer's step size (default {new Backends.Reparameterized.ReparameterizedOptions().LearningRate.ToString(CultureInfo.InvariantCulture)} for vae, " +
        $"{new Backends.Contrastive.ContrastiveOptions().LearningRate.ToString(CultureInfo.InvariantCulture)} for rbm, " +
        $"{BackendOptions.DefaultLinearLearningRate.ToString(CultureInfo.InvariantCulture)} for ppca and fa, " +
        $"{new Backends.ScoreFunction.ScoreFunctionOptions().LearningRate.ToString(CultureInfo.InvariantCulture)} for sbn --hidden)", "LR", "--learning-rate", positive: true);

    public Option<string> Optimizer { get; } = OneOf(new Option<string>("--optimizer")
    {
        Description = "reparameterized: adam (default) or sgd",
    }, "optimizer", BackendOptions.OptimizerNames);

    public Option<int?> Samples { get; } = Int("reparameterized: draws of z per data point in the training ELBO (default 1); " +
        $"score-function: draws of h per point, K of VIMCO's bound (default {new Backends.ScoreFunction.ScoreFunctionOptions().Samples})", "S", 1, "--samples");

    public Option<string> Estimator { get; } = OneOf(new Option<string>("--estimator")
    {
        Description = "score-function (an sbn with --hidden): vimco (default, the K-sample bound of Mnih and Rezende 2016) or nvil (the ELBO with Mnih and Gregor's 2014 baselines)",
    }, "estimator", BackendOptions.EstimatorNames);

    public Option<int?> Iwae { get; } = Int("reparameterized: train the importance-weighted bound IWAE-K instead of the ELBO (K draws per point)", "K", 1, "--iwae");

    public Option<int?> Patience { get; } = Int("reparameterized: stop when the validation ELBO has not improved for this many epochs (needs validation data)", "P", 1, "--patience");

    public Option<int?> Cd { get; } = Int("contrastive: train by CD-K, K Gibbs sweeps per minibatch from the data (default 1)", "K", 1, "--cd");

    public Option<int?> Pcd { get; } = Int("contrastive: train by persistent CD-K (Tieleman 2008): the chains carry on between minibatches", "K", 1, "--pcd");

    public Option<double?> Momentum { get; } = Real("contrastive: the share of the previous update carried into the next, in [0, 1) (default 0)", "M", "--momentum");

    public Option<double?> WeightDecay { get; } = Real("contrastive: L2 decay on the weights (default 0)", "L", "--weight-decay");

    public Option<int?> Ais { get; } = Int(
        $"contrastive: report log p(v) by AIS with {new LatentModels.AisOptions().Chains} chains × T temperatures when the smaller layer is beyond " +
        $"{LatentModels.RestrictedBoltzmannMachine.MaxExactUnits} units, where log Z cannot be enumerated", "T", 1, "--ais");

    public Option<int?> Seed { get; } = Int("Random seed: the same seed gives the same fit", "S", null, "--seed", "-s");

    public Option<int?> Restarts { get; } = Int("EM, VMP: independent seeded starts, keeping the best", "R", 1, "--restarts");

    public Option<int?> MaxIterations { get; } = Int("EM, VMP: the most iterations per restart", "N", 1, "--max-iterations");

    public Option<double?> Tolerance { get; } = Real(
        $"EM, VMP: converged when an iteration changes the objective (EM: log p(x) + log p(θ); VMP: the ELBO) by less than this per data point (default {Backends.Convergence.DefaultTolerance.ToString(CultureInfo.InvariantCulture)})",
        "T", "--tolerance");

    public Option<string> Start { get; } = OneOf(new Option<string>("--start")
    {
        Description = "EM, VMP: where a mixture's or an HMM's restarts start: kmeans++ (default; each point on the nearest k-means++ centre) or random (each point on a uniformly drawn component, as Infer.NET's tutorial starts); EM then takes one M step from them, VMP starts q(z) there",
    }, "start", BackendOptions.StartNames);

    public Option<double?> Regularization { get; } = Real(
        $"EM: the ridge r·sⱼ² added to each Gaussian component's scatter, in units of each column's variance sⱼ², and r pseudo-counts for Bernoulli mixtures (default {new Backends.Em.EmOptions().Regularization.ToString(CultureInfo.InvariantCulture)})",
        "R", "--regularization");

    public Option<bool> Accelerate { get; } = new("--accelerate")
    {
        Description = "EM: SQUAREM steps over the EM steps of ppca, fa, mfa and mppca, each never below two EM steps: the maximum likelihood in tens of iterations where EM takes thousands",
    };

    public Option<double?> PriorWeights { get; } = Real("VMP: mixing weights ~ Dirichlet(a, …, a); this is a (default 1)", "A", "--prior-weights");

    public Option<double?> PriorMeanPrecision { get; } = Real(
        "VMP: component means (and PPCA/FA offsets) ~ N(0, (τ I)⁻¹), in the data's units; this is τ (default: data-scaled, N(data mean, data covariance))", "TAU", "--prior-mean-precision");

    public Option<double?> PriorWishartShape { get; } = Real("VMP: component precisions ~ Wishart(shape a, scale s·I), Infer.NET's parameterisation with E[Λ] = a·s·I; this is a (default: half the data dimension)", "A", "--prior-wishart-shape");

    public Option<double?> PriorWishartScale { get; } = Real("VMP: the Wishart prior's s, in the data's units (default: data-scaled, E[Λ] = d times the data's inverse covariance)", "S", "--prior-wishart-scale");

    public Option<double?> PriorGammaShape { get; } = Real("VMP: scalar precisions (diagonal components, noise, ARD) ~ Gamma(shape, rate); this is the shape (default d/2 for components, 0.001 for noise, 1 for ARD)", "A", "--prior-gamma-shape");

    public Option<double?> PriorGammaRate { get; } = Real("VMP: the Gamma priors' rate, in the data's units (default: data-scaled by each column's variance)", "B", "--prior-gamma-rate");

    /// <summary>The data and the model: <c>--data</c>, <c>--example</c>, <c>--model</c> and the model's sizes.</summary>
    public Option[] ModelGroup => [Data, Example, Columns, Drop, Missing, Model, Components, States, SequenceColumn, Emission, Symbols, Covariance, LatentDimension, Layers];

    /// <summary>The data alone, for a command that takes its model from a file: <c>--data</c>, <c>--example</c> and the columns.</summary>
    public Option[] DataGroup => [Data, Example, Columns, Drop, Missing];

    /// <summary>The network of a variational autoencoder.</summary>
    public Option[] VaeGroup => [Hidden, EncoderHidden, Activation, PriorComponents, Likelihood];

    /// <summary>The seed, EM's and VMP's settings, and VMP's priors.</summary>
    public Option[] BackendGroup =>
        [Seed, Restarts, MaxIterations, Tolerance, Start, Regularization, Accelerate, PriorWeights, PriorMeanPrecision, PriorWishartShape, PriorWishartScale, PriorGammaShape, PriorGammaRate];

    /// <summary>The reparameterized backend's training settings.</summary>
    public Option[] TrainingGroup => [Epochs, BatchSize, LearningRate, Optimizer, Samples, Iwae, Patience, Estimator];

    /// <summary>The contrastive backend's settings beside the training group's epochs, minibatch and learning rate.</summary>
    public Option[] ContrastiveGroup => [Cd, Pcd, Momentum, WeightDecay, Ais];

    /// <summary>Adds groups of options to a command, in order (the order <c>--help</c> lists them in).</summary>
    public static void Add(Command command, params ReadOnlySpan<Option[]> groups)
    {
        foreach (var group in groups)
            foreach (var option in group) command.Options.Add(option);
    }

    public ModelOptions ReadModelOptions(ParseResult result) => new()
    {
        DataFile = result.GetValue(Data),
        Example = result.GetValue(Example),
        Columns = Given(result, Columns),
        Drop = Given(result, Drop),
        Missing = result.GetValue(Missing),
        Family = result.GetValue(Model),
        Components = result.GetValue(Components),
        States = result.GetValue(States),
        SequenceColumn = result.GetValue(SequenceColumn),
        CovarianceName = result.GetValue(Covariance),
        EmissionName = Given(result, Emission),
        Symbols = Given(result, Symbols),
        LatentDimension = result.GetValue(LatentDimension),
        Layers = Given(result, Layers),
        Hidden = Given(result, Hidden),
        EncoderHidden = Given(result, EncoderHidden),
        ActivationName = Given(result, Activation),
        PriorComponents = Given(result, PriorComponents),
        LikelihoodName = Given(result, Likelihood),
    };

    public BackendOptions ReadBackendOptions(ParseResult result) => new()
    {
        Seed = result.GetValue(Seed),
        Restarts = result.GetValue(Restarts),
        MaxIterations = result.GetValue(MaxIterations),
        Tolerance = result.GetValue(Tolerance),
        StartName = result.GetValue(Start),
        Regularization = result.GetValue(Regularization),
        Accelerate = result.GetValue(Accelerate),
        Priors = ReadPriors(result),
        Epochs = Given(result, Epochs),
        BatchSize = Given(result, BatchSize),
        LearningRate = Given(result, LearningRate),
        OptimizerName = Given(result, Optimizer),
        Samples = Given(result, Samples),
        ImportanceSamples = Given(result, Iwae),
        Patience = Given(result, Patience),
        EstimatorName = Given(result, Estimator),
        ContrastiveSteps = Given(result, Cd),
        PersistentSteps = Given(result, Pcd),
        Momentum = Given(result, Momentum),
        WeightDecay = Given(result, WeightDecay),
        AisTemperatures = Given(result, Ais),
    };

    /// <summary>
    /// The value of an option given on the command line, else null (a command adds only the groups it needs; and an
    /// array option that was not given reads back as an empty array, not null).
    /// </summary>
    public static T? Given<T>(ParseResult result, Option<T> option) => IsGiven(result, option) ? result.GetValue(option) : default;

    /// <summary>True when the command line names the option (a default value does not count).</summary>
    public static bool IsGiven(ParseResult result, Option option) => result.GetResult(option) is { Implicit: false };

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
    public static Option<int?> Int(string description, string helpName, int? atLeast, string name, params string[] aliases) => new(name, aliases)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r =>
        {
            var text = string.Join(" ", r.Tokens.Select(t => t.Value));
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                r.AddError(System.Numerics.BigInteger.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                    ? $"{name} must be between {(atLeast ?? int.MinValue).ToString(CultureInfo.InvariantCulture)} and {int.MaxValue.ToString(CultureInfo.InvariantCulture)}, got {text.Trim()}"
                    : $"{name} expects a whole number, got '{text}'");
            else if (value < atLeast)
                r.AddError($"{name} must be at least {atLeast}, got {value}");
            else return value;
            return null;
        },
    };

    /// <summary>
    /// A finite real option ≥ 0, or &gt; 0 when <paramref name="positive"/> (invariant culture: 1e-6, 0.001), whose errors
    /// name the option and the text.
    /// </summary>
    static Option<double?> Real(string description, string helpName, string name, bool positive = false) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r =>
        {
            var text = string.Join(" ", r.Tokens.Select(t => t.Value));
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                r.AddError($"{name} expects a number, got '{text}'");
            else if (!double.IsFinite(value) || value < 0 || (positive && value == 0))
                r.AddError($"{name} must be a finite number {(positive ? ">" : "≥")} 0, got {text}");
            else return value;
            return null;
        },
    };

    /// <summary>Comma-separated column names, each non-empty and named once: <c>sepal_length,petal_length</c>.</summary>
    static Option<string[]?> Names(string description, string name) => new(name)
    {
        Description = description,
        HelpName = "NAME,…",
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = r =>
        {
            var text = string.Join(" ", r.Tokens.Select(t => t.Value));
            var names = text.Split(',', StringSplitOptions.TrimEntries);
            if (names.Any(n => n.Length == 0))
                r.AddError($"{name} expects column names separated by commas (sepal_length,petal_length), got '{text}'");
            else if (names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
                r.AddError($"{name} names the column '{repeated.Key}' twice");
            else return names;
            return null;
        },
    };

    /// <summary>Comma-separated layer widths, each at least 1: <c>200,200</c>.</summary>
    static Option<int[]?> Widths(string description, string helpName, string name) => new(name)
    {
        Description = description,
        HelpName = helpName,
        Arity = ArgumentArity.ExactlyOne,
        CustomParser = r =>
        {
            var text = string.Join(" ", r.Tokens.Select(t => t.Value));
            var parts = text.Split(',', StringSplitOptions.TrimEntries);
            var widths = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
                if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out widths[i]) || widths[i] < 1)
                {
                    r.AddError($"{name} expects layer widths of at least 1 separated by commas (200,200), got '{text}'");
                    return null;
                }
            return widths;
        },
    };
}
