using ProbLatent.Backends;
using ProbLatent.Backends.Contrastive;
using ProbLatent.Backends.Em;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Backends.ScoreFunction;
using ProbLatent.Backends.Vmp;

namespace ProbLatent.Cli.Options;

/// <summary>The backend settings from the command line, and the backends they make.</summary>
/// <remarks>
/// Unset values take the library's defaults (<see cref="EmOptions"/>, <see cref="VmpOptions"/>,
/// <see cref="ReparameterizedOptions"/>), so the two never drift apart.
/// </remarks>
public sealed record BackendOptions
{
    public int? Seed { get; init; }
    public int? Restarts { get; init; }
    public int? MaxIterations { get; init; }
    public double? Tolerance { get; init; }

    /// <summary>The <c>--start</c> value of VMP's mixtures: kmeans++ or random.</summary>
    public string? StartName { get; init; }

    /// <summary>The values <c>--start</c> accepts, the default first.</summary>
    public static IReadOnlyList<string> StartNames { get; } = ["kmeans++", "random"];

    /// <summary>EM's regularization, relative to each column's variance.</summary>
    public double? Regularization { get; init; }

    /// <summary>EM's SQUAREM steps (<see cref="EmOptions.Accelerate"/>).</summary>
    public bool Accelerate { get; init; }

    /// <summary>VMP's priors, each unset one at its documented default.</summary>
    public VmpPriors Priors { get; init; } = new();

    /// <summary>Reparameterized: passes over the training data.</summary>
    public int? Epochs { get; init; }
    public int? BatchSize { get; init; }
    public double? LearningRate { get; init; }
    /// <summary>The <c>--optimizer</c> value: adam or sgd.</summary>
    public string? OptimizerName { get; init; }
    /// <summary>Reparameterized: draws of z per point in the training ELBO.</summary>
    public int? Samples { get; init; }
    /// <summary>Reparameterized: k of the IWAE-k training bound (<c>--iwae</c>).</summary>
    public int? ImportanceSamples { get; init; }
    public int? Patience { get; init; }

    /// <summary>Contrastive: k of CD-k (<c>--cd</c>) or of persistent CD-k (<c>--pcd</c>); at most one is given.</summary>
    public int? ContrastiveSteps { get; init; }
    public int? PersistentSteps { get; init; }
    public double? Momentum { get; init; }
    public double? WeightDecay { get; init; }
    /// <summary>Contrastive: AIS temperatures for log p(v) where the exact log Z is out of reach (<c>--ais</c>).</summary>
    public int? AisTemperatures { get; init; }

    /// <summary>Score-function: the <c>--estimator</c> value, vimco or nvil.</summary>
    public string? EstimatorName { get; init; }

    public static IReadOnlyList<string> EstimatorNames { get; } = ["vimco", "nvil"];

    /// <summary>The backends <c>--backend</c> accepts, in the order <c>compare</c> runs them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["exact", "em", "vmp", Reparameterized];

    public const string DefaultBackend = "em";
    public const string Reparameterized = "reparameterized";
    public const string Contrastive = "contrastive";
    public const string ScoreFunction = "score-function";

    /// <summary>The backends <c>fit --backend</c> accepts: <see cref="Names"/> and the contrastive one, which trains only an rbm.</summary>
    public static IReadOnlyList<string> FitNames { get; } = [.. Names, Contrastive, ScoreFunction];

    public static IReadOnlyList<string> OptimizerNames { get; } = ["adam", "sgd"];

    /// <summary>
    /// When <c>--epochs</c> is not given and the reparameterized backend fits PPCA or factor analysis, the contrastive
    /// backend an rbm or a dbn, or the score-function backend a belief net, it trains for as many epochs as make this many
    /// minibatch steps (at least the library's default epochs): epochs mean little on a few hundred rows, and such a
    /// model's steps are cheap, so <c>compare</c> stays quick and a large data set keeps the library's default.
    /// </summary>
    public const int DefaultMinimumSteps = 4000;

    /// <summary>At least <paramref name="defaultEpochs"/>, and enough epochs of <paramref name="stepsPerEpoch"/> for <see cref="DefaultMinimumSteps"/>.</summary>
    static int EpochsForMinimumSteps(int defaultEpochs, int stepsPerEpoch) =>
        stepsPerEpoch < 1 ? defaultEpochs : Math.Max(defaultEpochs, (DefaultMinimumSteps + stepsPerEpoch - 1) / stepsPerEpoch);

    /// <summary>The minibatches of an epoch over <paramref name="rows"/> points, the last one smaller where they do not divide.</summary>
    static int Minibatches(int rows, int batchSize) => (rows + batchSize - 1) / batchSize;

    /// <summary>The reparameterized backend's learning rate for PPCA and factor analysis when <c>--learning-rate</c> is not given.</summary>
    public const double DefaultLinearLearningRate = 3e-2;

    /// <summary>
    /// The same for a mixture of factor analysers or of PPCA: a smaller step, as its components' means and loadings
    /// move under gradients weighted by q(c | x) and overshoot at PPCA's step.
    /// </summary>
    public const double DefaultFactorMixtureLearningRate = 1e-2;

    /// <summary>The backend used when <c>--backend</c> is not given: reparameterized for a VAE, which nothing else can run.</summary>
    public static string DefaultFor(ModelKind kind) => kind.IsNetwork() ? Reparameterized : kind.IsContrastive() ? Contrastive : DefaultBackend;

    /// <summary>
    /// Creates a backend for a model of the given family fitted to <paramref name="rows"/> data points (which set the
    /// reparameterized backend's defaults).
    /// </summary>
    public IBackend Create(string name, ModelKind kind, int rows) => name switch
    {
        "exact" => Inference.Exact(),
        "em" => CreateEm(),
        "vmp" => CreateVmp(),
        Reparameterized => CreateReparameterized(kind, rows),
        Contrastive => CreateContrastive(rows),
        ScoreFunction => CreateScoreFunction(rows),
        _ => throw new UsageException($"unknown backend '{name}'; the backends are: {string.Join(", ", Names)}"),
    };

    IBackend CreateEm()
    {
        var em = new EmOptions();
        return Inference.Em(
            restarts: Restarts ?? em.Restarts,
            seed: Seed ?? em.Seed,
            maxIterations: MaxIterations ?? em.MaxIterations,
            tolerance: Tolerance ?? em.Tolerance,
            regularization: Regularization ?? em.Regularization,
            accelerate: Accelerate,
            start: StartName switch
            {
                null => em.Start,
                "kmeans++" => EmStart.KMeansPlusPlus,
                "random" => EmStart.RandomPointMasses,
                _ => throw new UsageException($"unknown start '{StartName}'; use one of: {string.Join(", ", StartNames)}"),
            });
    }

    IBackend CreateVmp()
    {
        var vmp = new VmpOptions();
        return Inference.Vmp(
            restarts: Restarts ?? vmp.Restarts,
            seed: Seed ?? vmp.Seed,
            maxIterations: MaxIterations ?? vmp.MaxIterations,
            tolerance: Tolerance ?? vmp.Tolerance,
            priors: Priors,
            start: StartName switch
            {
                null => vmp.Start,
                "kmeans++" => VmpStart.KMeansPlusPlus,
                "random" => VmpStart.RandomPointMasses,
                _ => throw new UsageException($"unknown start '{StartName}'; use one of: {string.Join(", ", StartNames)}"),
            });
    }

    /// <summary>
    /// The reparameterized backend, with the command line's training settings over the library's defaults (for PPCA,
    /// factor analysis and their mixtures, over <see cref="DefaultMinimumSteps"/> and <see cref="DefaultLinearLearningRate"/>), and
    /// <paramref name="logLikelihoodSamples"/> (<c>fit</c>'s <c>--iwae-eval</c>) over the evaluation's default.
    /// </summary>
    public ReparameterizedBackend CreateReparameterized(ModelKind kind, int rows, int? logLikelihoodSamples = null)
    {
        var defaults = new ReparameterizedOptions();
        bool mixture = kind is ModelKind.Mfa or ModelKind.Mppca, linear = mixture || kind is ModelKind.Ppca or ModelKind.Fa;
        int batchSize = BatchSize ?? defaults.BatchSize;
        int stepsPerEpoch = (defaults with { BatchSize = batchSize }).StepsPerEpoch(rows);
        return Inference.Reparameterized(
            epochs: Epochs ?? (linear ? EpochsForMinimumSteps(defaults.Epochs, stepsPerEpoch) : defaults.Epochs),
            batchSize: batchSize,
            learningRate: LearningRate ?? (mixture ? DefaultFactorMixtureLearningRate : linear ? DefaultLinearLearningRate : defaults.LearningRate),
            seed: Seed ?? defaults.Seed,
            samples: Samples ?? defaults.Samples,
            importanceSamples: ImportanceSamples ?? defaults.ImportanceSamples,
            optimizer: OptimizerName switch
            {
                null => defaults.Optimizer,
                "adam" => Optimizer.Adam,
                "sgd" => Optimizer.Sgd,
                _ => throw new UsageException($"unknown optimizer '{OptimizerName}'; use one of: {string.Join(", ", OptimizerNames)}"),
            },
            patience: Patience ?? defaults.Patience,
            logLikelihoodSamples: logLikelihoodSamples ?? defaults.LogLikelihoodSamples,
            elboSamples: defaults.ElboSamples);
    }

    /// <summary>
    /// The contrastive backend, with the command line's settings over <see cref="ContrastiveOptions"/>' defaults, and
    /// without <c>--epochs</c> at least <see cref="DefaultMinimumSteps"/> minibatch steps over <paramref name="rows"/> points.
    /// </summary>
    ContrastiveBackend CreateContrastive(int rows)
    {
        var defaults = new ContrastiveOptions();
        int batchSize = BatchSize ?? defaults.BatchSize;
        return Inference.Contrastive(
            steps: PersistentSteps ?? ContrastiveSteps ?? defaults.Steps,
            persistent: PersistentSteps is not null,
            epochs: Epochs ?? EpochsForMinimumSteps(defaults.Epochs, Minibatches(rows, batchSize)),
            batchSize: batchSize,
            learningRate: LearningRate ?? defaults.LearningRate,
            momentum: Momentum ?? defaults.Momentum,
            weightDecay: WeightDecay ?? defaults.WeightDecay,
            seed: Seed ?? defaults.Seed,
            ais: AisTemperatures is { } t ? new LatentModels.AisOptions { Temperatures = t, Seed = Seed ?? defaults.Seed } : null);
    }

    /// <summary>
    /// The score-function backend, with the command line's settings over <see cref="ScoreFunctionOptions"/>' defaults, and
    /// without <c>--epochs</c> at least <see cref="DefaultMinimumSteps"/> minibatch steps over <paramref name="rows"/> points.
    /// </summary>
    ScoreFunctionBackend CreateScoreFunction(int rows)
    {
        var defaults = new ScoreFunctionOptions();
        int batchSize = BatchSize ?? defaults.BatchSize;
        return Inference.ScoreFunction(
            estimator: EstimatorName switch
            {
                null or "vimco" => ScoreEstimator.Vimco,
                "nvil" => ScoreEstimator.Nvil,
                _ => throw new UsageException($"unknown estimator '{EstimatorName}'; use one of: {string.Join(", ", EstimatorNames)}"),
            },
            samples: Samples ?? defaults.Samples,
            epochs: Epochs ?? EpochsForMinimumSteps(defaults.Epochs, Minibatches(rows, batchSize)),
            batchSize: batchSize,
            learningRate: LearningRate ?? defaults.LearningRate,
            seed: Seed ?? defaults.Seed);
    }

    /// <summary>Checks the settings go together, whichever backends run.</summary>
    public void CheckConsistent()
    {
        if (Samples is not null && ImportanceSamples is not null)
            throw new UsageException("give either --samples (the ELBO with several draws of z) or --iwae (the importance-weighted bound), not both");
        if (ContrastiveSteps is not null && PersistentSteps is not null)
            throw new UsageException("give either --cd K (contrastive divergence) or --pcd K (persistent contrastive divergence), not both");
    }

    /// <summary>
    /// For <c>fit</c>, where one backend runs: an option of another backend is a mistake, not something to ignore
    /// silently (the reparameterized backend trains for epochs, not to a tolerance; EM and VMP have no learning rate).
    /// </summary>
    public void CheckApplyTo(string backend)
    {
        CheckConsistent();
        if (backend != ScoreFunction) UsageException.ThrowIfGiven($"applies to --backend {ScoreFunction} (an sbn with --hidden), not {backend}", ("--estimator", EstimatorName is not null));
        if (backend == ScoreFunction)
        {
            UsageException.ThrowIfGiven("applies to em and vmp; the score-function backend trains for --epochs", IterativeOptions);
            UsageException.ThrowIfGiven($"applies to --backend contrastive (an rbm), not {backend}", ContrastiveOptionsGiven);
            UsageException.ThrowIfGiven("applies to --backend reparameterized, not score-function (which trains by Adam on --samples draws per point)",
                ("--optimizer", OptimizerName is not null), ("--iwae", ImportanceSamples is not null), ("--patience", Patience is not null));
        }
        else if (backend == Contrastive)
        {
            UsageException.ThrowIfGiven("applies to em and vmp; the contrastive backend trains for --epochs", IterativeOptions);
            UsageException.ThrowIfGiven("applies to --backend reparameterized, not contrastive", TrainingOptions[3..]);
        }
        else
        {
            UsageException.ThrowIfGiven($"applies to --backend contrastive (an rbm), not {backend}", ContrastiveOptionsGiven);
            if (backend == Reparameterized)
                UsageException.ThrowIfGiven("applies to em and vmp; the reparameterized backend trains for --epochs", IterativeOptions);
            else
                UsageException.ThrowIfGiven($"applies to --backend reparameterized or contrastive, not {backend}", TrainingOptions);
        }
        if (backend is not ("vmp" or "em")) UsageException.ThrowIfGiven($"applies to --backend em or vmp, not {backend}", ("--start", StartName is not null));
        if (backend != "em") UsageException.ThrowIfGiven($"applies to --backend em, not {backend}", EmOnlyOptions);
    }

    /// <summary>For <c>compare --backends</c>: an option that applies to none of the backends named is a mistake too.</summary>
    public void CheckApplyToAny(IReadOnlyList<string> backends)
    {
        // The training options are shared: epochs, batches and the learning rate drive each of the three trainers.
        if (!backends.Contains(Reparameterized) && !backends.Contains(Contrastive) && !backends.Contains(ScoreFunction))
            UsageException.ThrowIfGiven("applies to the reparameterized, contrastive and score-function backends, none of which --backends names", TrainingOptions[..3]);
        if (!backends.Contains(Reparameterized) && !backends.Contains(ScoreFunction))
            UsageException.ThrowIfGiven("applies to the reparameterized and score-function backends, neither of which --backends names", ("--samples", Samples is not null));
        if (!backends.Contains(Reparameterized))
            UsageException.ThrowIfGiven("applies to the reparameterized backend, which --backends does not name",
                ("--optimizer", OptimizerName is not null), ("--iwae", ImportanceSamples is not null), ("--patience", Patience is not null));
        if (!backends.Contains(ScoreFunction))
            UsageException.ThrowIfGiven($"applies to the {ScoreFunction} backend (an sbn with --hidden), which --backends does not name", ("--estimator", EstimatorName is not null));
        if (!backends.Contains(Contrastive))
            UsageException.ThrowIfGiven("applies to the contrastive backend (an rbm or a dbn), which --backends does not name", ContrastiveOptionsGiven);
        if (!backends.Contains("em") && !backends.Contains("vmp"))
            UsageException.ThrowIfGiven("applies to em and vmp, which --backends does not name", IterativeOptions);
        if (!backends.Contains("vmp") && !backends.Contains("em"))
            UsageException.ThrowIfGiven("applies to em and vmp, which --backends does not name", ("--start", StartName is not null));
        if (!backends.Contains("em")) UsageException.ThrowIfGiven("applies to em, which --backends does not name", EmOnlyOptions);
    }

    (string Option, bool Given)[] TrainingOptions =>
    [
        ("--epochs", Epochs is not null), ("--batch-size", BatchSize is not null), ("--learning-rate", LearningRate is not null),
        ("--optimizer", OptimizerName is not null), ("--samples", Samples is not null), ("--iwae", ImportanceSamples is not null),
        ("--patience", Patience is not null),
    ];

    (string Option, bool Given)[] ContrastiveOptionsGiven =>
    [
        ("--cd", ContrastiveSteps is not null), ("--pcd", PersistentSteps is not null), ("--momentum", Momentum is not null),
        ("--weight-decay", WeightDecay is not null), ("--ais", AisTemperatures is not null),
    ];

    (string Option, bool Given)[] EmOnlyOptions => [("--regularization", Regularization is not null), ("--accelerate", Accelerate)];

    (string Option, bool Given)[] IterativeOptions =>
        [("--restarts", Restarts is not null), ("--max-iterations", MaxIterations is not null), ("--tolerance", Tolerance is not null)];
}
