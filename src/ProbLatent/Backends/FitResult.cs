using System.Globalization;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Backends;

/// <summary>
/// What every fit reports, whatever the backend: the fitted model, the exact log-likelihood, the ELBO and its
/// terms, the trace of the objective per iteration, whether it converged, and the time it took.
/// </summary>
/// <remarks>
/// A plain autoencoder (a point-mass guide) has neither a log-likelihood nor an ELBO: <see cref="HasLogLikelihood"/> and
/// <see cref="HasElbo"/> are false, reading <see cref="LogLikelihood"/>, <see cref="Elbo"/> or what derives from them throws
/// <see cref="InvalidOperationException"/> saying why, and <see cref="Reconstruction"/> holds what it was trained on.
/// </remarks>
public sealed record FitResult
{
    readonly double? _logLikelihood;
    readonly ElboTerms? _elbo;

    public required string Backend { get; init; }
    public required Model Model { get; init; }

    /// <summary>The fitted parameters, with exact inference on them.</summary>
    public required ILatentModel Parameters { get; init; }

    /// <summary>The posterior over the parameters, for a Bayesian backend (VMP); null for point estimates (EM, exact).</summary>
    public IParameterPosterior? ParameterPosterior { get; init; }

    /// <summary>The backend's final q(z) over the fitted data: the one its <see cref="Elbo"/> is of.</summary>
    public required IPosterior LatentPosterior { get; init; }

    /// <summary>
    /// The mixture components the fit's q(z) has emptied: those it gives less than one point in expectation,
    /// E[Nₖ] = Σₙ q(zₙ = k) &lt; <see cref="EmptyComponent.Threshold"/>, in index order; none for a model without a
    /// categorical latent. VMP's posterior empties the components the data does not need — their q(πₖ) falls back to
    /// the prior, and their parameters' posteriors to their priors — so a mixture with more components than the data
    /// supports lists the extra ones here; an EM fit that leaves a component empty has fitted fewer than it was given.
    /// </summary>
    public IReadOnlyList<EmptyComponent> EmptyComponents =>
        ComponentCounts is { } counts
            ? counts.Select((count, k) => new EmptyComponent(k, count)).Where(c => c.ExpectedCount < EmptyComponent.Threshold).ToArray()
            : [];

    /// <summary>
    /// E[Nₖ] under q(c) of the categorical latent that selects the components: a mixture's q(z) (held whole, or summed over a
    /// data source's blocks), or a mixture of factor analysers' responsibilities; null for a model without one.
    /// </summary>
    double[]? ComponentCounts => LatentPosterior switch
    {
        FactorMixturePosterior f => f.Responsibilities.ExpectedCounts(),
        DiscretePosterior q when Model.Latents is [{ Prior: CategoricalPrior or MarkovChainPrior }] => q.ExpectedCounts(),
        StreamedPosterior s when Model.Latents is [{ Prior: CategoricalPrior }] => s.ExpectedCounts(),
        _ => null,
    };

    /// <summary>The number of data points fitted.</summary>
    public required int DataCount { get; init; }

    /// <summary>
    /// The names of the fitted data's columns, or null when it had none (<see cref="DataMatrix.HasColumnNames"/>):
    /// <see cref="Encode"/> and <see cref="Score(DataMatrix)"/> match new data to them (<see cref="ColumnOrder"/>), <see cref="Sample"/>
    /// names its columns by them, and <see cref="Save"/> keeps them in the file.
    /// </summary>
    public IReadOnlyList<string>? ColumnNames { get; init; }

    /// <summary>
    /// Total log p(x | θ) of the fitted data at the fitted parameters θ (for VMP, the posterior means): exact, except for
    /// a variational autoencoder, where it is the importance-sampled estimate (see <see cref="LogLikelihoodSamples"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The fit has none (<see cref="HasLogLikelihood"/>): a plain autoencoder.</exception>
    public double LogLikelihood { get => _logLikelihood ?? throw Absent("log-likelihood"); init => _logLikelihood = value; }

    /// <summary>Whether the fit reports a log-likelihood: every fit but a plain autoencoder's.</summary>
    public bool HasLogLikelihood => _logLikelihood is not null;

    /// <summary>Importance samples per point behind <see cref="LogLikelihood"/>; null when it is exact.</summary>
    public int? LogLikelihoodSamples { get; init; }

    /// <summary>Draws of z per point behind a Monte Carlo <see cref="Elbo"/> (a variational autoencoder's); null when it is in closed form.</summary>
    public int? ElboSamples { get; init; }

    /// <summary>The standard error of a Monte Carlo <see cref="Elbo"/> where the backend reports one (a deep belief net's bound); 0 otherwise.</summary>
    public double ElboStandardError { get; init; }

    /// <summary>The Monte Carlo standard error of an importance-sampled <see cref="LogLikelihood"/>; 0 when it is exact.</summary>
    public double LogLikelihoodStandardError { get; init; }

    /// <summary>The fit reports a log-likelihood, and it is exact rather than importance-sampled.</summary>
    public bool LogLikelihoodIsExact => HasLogLikelihood && LogLikelihoodSamples is null;

    /// <summary>
    /// The trained networks of a reparameterized fit (encoder, decoder, prior), to save, encode or generate with; null
    /// otherwise, for a plain autoencoder, whose networks are its <see cref="Parameters"/>, and for a mixture of factor
    /// analysers, whose <see cref="Parameters"/> (the <see cref="MixtureOfFactorAnalysers"/> EM also returns) are the model.
    /// </summary>
    public VariationalAutoencoder? Trained { get; init; }

    /// <summary>The ELBO of the backend's final q(z) under the fitted parameters (equal to <see cref="LogLikelihood"/> when q is the exact posterior).</summary>
    /// <exception cref="InvalidOperationException">The fit has none (<see cref="HasElbo"/>): a plain autoencoder, whose point-mass q has no density.</exception>
    public ElboTerms Elbo { get => _elbo ?? throw Absent("ELBO"); init => _elbo = value; }

    /// <summary>Whether the fit reports an ELBO: every fit but a plain autoencoder's.</summary>
    public bool HasElbo => _elbo is not null;

    /// <summary>
    /// Σₙ log p(xₙ | ẑₙ) at a point-mass guide's codes ẑₙ = f(xₙ): what a plain autoencoder is trained on and reports in
    /// place of an ELBO. Null for every other fit, whose reconstruction term is <see cref="Elbo"/>'s.
    /// </summary>
    public double? Reconstruction { get; init; }

    /// <summary>
    /// The objective at the start and after each iteration (EM: the log-likelihood plus the regulariser's log-prior;
    /// VMP: the ELBO); the reparameterized backend's holds each epoch's mean training ELBO, from the first epoch on.
    /// </summary>
    public required IReadOnlyList<double> Trace { get; init; }

    /// <summary>
    /// The iterations run (or epochs, as <see cref="Unit"/> says); 0 for a fit that does not iterate — the exact backend's
    /// closed form or given parameters — whose <see cref="Trace"/> holds its one log-likelihood.
    /// </summary>
    public required int Iterations { get; init; }

    /// <summary>What <see cref="Iterations"/> and the steps of <see cref="Trace"/> count: iterations of EM or VMP, or epochs
    /// of stochastic-gradient training, whose objective is noisy from minibatch to minibatch.</summary>
    public ProgressUnit Unit { get; init; } = ProgressUnit.Iteration;

    public required bool Converged { get; init; }

    /// <summary>
    /// The restarts of an iterative fit that diverged or collapsed (a covariance became singular, the objective left the
    /// finite numbers) and were dropped, each as "restart r of R collapsed at iteration i: why", in restart order; the fit
    /// kept the best of the others. Empty when every restart completed, and for fits without restarts.
    /// </summary>
    public IReadOnlyList<string> DroppedRestarts { get; init; } = [];

    /// <summary>
    /// The parameters needed no iterations: a closed form, or given (the exact backend), so the one value in
    /// <see cref="Trace"/> is the log-likelihood itself. (An iterative fit cancelled before its first iteration throws
    /// <see cref="OperationCanceledException"/> instead of returning.)
    /// </summary>
    public bool ConvergedWithoutIterating => Iterations == 0 && Converged;

    /// <summary>The whole fit's time.</summary>
    public required TimeSpan WallTime { get; init; }

    /// <summary>The part of <see cref="WallTime"/> spent before the first iteration: building and initialising (summed over restarts).</summary>
    public TimeSpan SetupTime { get; init; }

    public double LogLikelihoodPerPoint => LogLikelihood / DataCount;

    /// <summary>
    /// log p(x | θ) − ELBO. For a point estimate this is KL(q ‖ p(z|x, θ)) ≥ 0. For VMP, whose ELBO bounds the
    /// evidence with θ integrated out, it also holds the cost of the parameters' uncertainty, KL(q(θ) ‖ p(θ)).
    /// </summary>
    public double Gap => LogLikelihood - Elbo.Value;

    /// <summary>
    /// The posterior over the latent variable for each row of new or fitted data, its columns matched to the fitted data's
    /// by name (<see cref="ColumnOrder.Match"/>).
    /// </summary>
    public IPosterior Encode(DataMatrix data) => Parameters.Posterior(Matched(data));

    /// <summary>Total exact log p(x) of other data under the fitted parameters, its columns matched as for <see cref="Encode"/>.</summary>
    public double Score(DataMatrix data) => Parameters.PointLogLikelihoods(Matched(data)).Sum();

    /// <summary>The same over a data source read in blocks, in one pass (<see cref="SourceScore"/>): equal to the total of the same rows held in memory.</summary>
    public double Score(DataSource source, CancellationToken cancellation = default) =>
        SourceScore.Of(Parameters, source, ColumnNames, "the fitted model", cancellation).Total;

    /// <summary>Draws new data from the fitted model, its columns named as the fitted data's; the same seed gives the same draws.</summary>
    public GeneratedData Sample(int count, int seed = 0)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "the number of samples must be at least 1");
        var drawn = Parameters.Generate(count, new Random(seed));
        return ColumnNames is null ? drawn : drawn with { Data = drawn.Data.WithColumnNames(ColumnNames) };
    }

    /// <summary>
    /// Saves the fitted parameters (<see cref="Parameters"/>: for VMP the posterior means) with the fitted data's column
    /// names and the backend that fitted them (<see cref="ModelOrigin"/>) to a <c>.plm</c> file (<see cref="LatentModelFile.Save"/>).
    /// </summary>
    public void Save(string path) => LatentModelFile.Save(Parameters, path, ColumnNames, new ModelOrigin(Backend, ParameterPosterior is not null));

    /// <summary>The backend, the model and what the fit reports, without reading what it does not have.</summary>
    public override string ToString() =>
        $"FitResult {{ Backend = {Backend}, Model = {Model.Name}, DataCount = {DataCount}, " +
        $"LogLikelihood = {(HasLogLikelihood ? LogLikelihood.ToString(CultureInfo.InvariantCulture) : "none")}, " +
        $"Elbo = {(HasElbo ? Elbo.Value.ToString(CultureInfo.InvariantCulture) : "none")}, " +
        (Reconstruction is { } r ? $"Reconstruction = {r.ToString(CultureInfo.InvariantCulture)}, " : "") +
        $"Iterations = {Iterations}, Converged = {Converged} }}";

    InvalidOperationException Absent(string what) => new(
        $"the {Backend} fit of model '{Model.Name}' has no {what}" + (Parameters is Autoencoder ? $": {Autoencoder.NotGenerative}" : "") +
        $" (see {nameof(HasLogLikelihood)}, {nameof(HasElbo)} and {nameof(Reconstruction)})");

    DataMatrix Matched(DataMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Columns != Parameters.DataDimension)
            throw new DataException($"has {Counted.Of(data.Columns, "column")} but the fitted model expects {Parameters.DataDimension}", data.Source);
        return ColumnOrder.Match(data, ColumnNames, "the fitted model");
    }
}
