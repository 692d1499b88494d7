using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Backends.Reparameterized;

/// <summary>
/// A model compiled for stochastic-gradient training. <see cref="Fit"/> gives the common <see cref="FitResult"/>;
/// <see cref="Train"/> takes separate validation and test sets and reports every epoch (what a long VAE run needs).
/// A point-mass guide's fit (a plain autoencoder) reports its reconstruction log-likelihood and the codes, and no
/// log-likelihood or ELBO, which it does not have (see <see cref="FitResult"/>).
/// </summary>
public sealed class ReparameterizedCompiledModel : CompiledModel
{
    internal ReparameterizedCompiledModel(Model model, ReparameterizedOptions options, VaeArchitecture architecture)
        : base(model, "reparameterized")
    {
        Options = options;
        Architecture = architecture;
    }

    public ReparameterizedOptions Options { get; }
    public VaeArchitecture Architecture { get; }

    /// <summary>
    /// Trains on <paramref name="train"/>. Validation data, when given, picks the checkpoint kept (the best validation
    /// ELBO) and drives early stopping (<see cref="ReparameterizedOptions.Patience"/> needs it); test data is only
    /// evaluated and reported each epoch.
    /// </summary>
    public VaeTraining Train(FloatMatrix train, FloatMatrix? validation = null, FloatMatrix? test = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellation = default)
    {
        if (Options.Patience is not null && validation is null)
            throw new ArgumentException($"patience {Options.Patience} stops on the validation ELBO, and no validation data was given", nameof(validation));
        CheckTrainingData(train, validation, test);
        var network = new VaeNetwork(Architecture);
        var random = new Random(Options.Seed);
        network.Initialize(random);
        network.InitializeFromData(train, random);
        return new VaeTrainer(network, Options).Train(train, validation, test, progress, cancellation);
    }

    /// <summary>
    /// Checks the data suits the model, as <see cref="Train"/> does before any work: every set has the model's dimension and
    /// values its likelihood takes (0 or 1 for a Bernoulli; within single precision's safe range for a Gaussian, and for
    /// the training set under a learned variance no constant column). A caller that prints before training calls it first.
    /// </summary>
    /// <exception cref="DataException">The first set, column or value that does not suit the model.</exception>
    public void CheckTrainingData(FloatMatrix train, FloatMatrix? validation = null, FloatMatrix? test = null)
    {
        CheckColumns(train);
        Architecture.CheckTrainingValues(train);
        foreach (var other in new[] { validation, test })
            if (other is not null)
            {
                CheckColumns(other);
                Architecture.CheckValues(other);
            }
    }

    /// <remarks>
    /// All the data trains: early stopping, which needs validation data, is for <see cref="Train"/>. A fit cancelled
    /// before its first epoch ends has nothing to report and throws <see cref="OperationCanceledException"/>.
    /// A Gaussian likelihood with a learned variance trains on standardized columns and is mapped back exactly
    /// (<see cref="DataStandardization"/>), so the fit does not depend on the data's units.
    /// </remarks>
    public override FitResult Fit(DataMatrix data, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (Options.Patience is not null)
            throw new ArgumentException($"patience {Options.Patience} stops on a validation ELBO, which Fit does not have: train with Train(train, validation)");
        ArgumentNullException.ThrowIfNull(data);
        CheckColumns(data.Columns, data.Source);
        var raw = FloatMatrix.From(data);
        var standardization = DataStandardization.For(Architecture, data);
        // The data's own values meet the single-precision engine's checks, as Train's input does, before standardizing
        // would turn a constant column into zeros.
        if (standardization is not null) raw.CheckGaussianTraining();
        var values = standardization is null ? raw : FloatMatrix.From(standardization.Apply(data));
        // A log-density per point in standardized units exceeds the data's by this.
        double logScale = standardization?.LogScale ?? 0;
        var training = Train(values, progress: progress is null ? null : EpochsAsFitProgress(progress, data.Rows, logScale), cancellation: cancellation);
        if (training.Epochs.Count == 0) throw new OperationCanceledException("the reparameterized fit was cancelled before its first epoch ended", cancellation);
        if (training.Trained is Autoencoder autoencoder) return AutoencoderFit(autoencoder, training, values, data);
        var vae = training.Model;
        var trace = Trace(training, data.Rows, logScale);
        if (Architecture.ComponentDecoder) return FactorMixtureFit(training, vae, values, data, standardization, trace);
        // The encoder's q is read before the network is mapped back to the data's units, as training left it (the mapped
        // encoder gives it again only to float32 rounding); where nothing is mapped back, the bounds' pass reads it too.
        var encodings = standardization is null && !Architecture.IsLinearGaussian ? null : vae.Evaluate(values).Run(VaeQuantities.Encodings).RequirePosterior();
        var standardized = Architecture.IsLinearGaussian ? LinearGaussian(vae) : null;
        if (standardization is not null)
        {
            vae.Network.Destandardize(standardization.Shift, standardization.Scale);
            values = raw;
        }
        if (standardized is not null)
        {
            // A linear decoder is PPCA or factor analysis: its log-likelihood and the encoder's ELBO are exact. The encoder's
            // diagonal q, as the Gaussian posterior the linear model's ELBO takes, is the q the fit reports.
            var linear = standardization?.Map(standardized) ?? standardized;
            var posterior = ((DiagonalGaussianPosterior)encodings!).ToGaussianPosterior();
            return Result(training, data, trace, linear, posterior) with
            {
                LogLikelihood = linear.PointLogLikelihoods(data).Sum(),
                Elbo = linear.Elbo(data, posterior),
                Trained = vae,
            };
        }

        // One pass gives the ELBO and the importance estimate (and the q, unless read above), with the options' counts and seed.
        var evaluation = Options.Evaluation;
        var result = vae.Evaluate(values).Run(VaeQuantities.Elbo | VaeQuantities.LogLikelihood | (encodings is null ? VaeQuantities.Encodings : 0), evaluation);
        var estimate = result.RequireLogLikelihood();
        return Result(training, data, trace, vae, encodings ?? result.RequirePosterior()) with
        {
            LogLikelihood = estimate.Total,
            Elbo = result.RequireElbo(),
            LogLikelihoodStandardError = estimate.TotalStandardError,
            LogLikelihoodSamples = estimate.Samples,
            ElboSamples = evaluation.ElboSamples,
            Trained = vae,
        };
    }

    /// <summary>
    /// What every fit of the engine reports: the parameters, q, the data's count and names, the trace and the epochs. The
    /// caller adds its bounds (a log-likelihood and an ELBO, with how they were estimated) or a plain autoencoder's reconstruction.
    /// </summary>
    FitResult Result(VaeTraining training, DataMatrix data, double[] trace, ILatentModel parameters, IPosterior posterior) => new()
    {
        Backend = Backend,
        Model = Model,
        Parameters = parameters,
        LatentPosterior = posterior,
        DataCount = data.Rows,
        ColumnNames = data.GivenColumnNames,
        Trace = trace,
        Iterations = training.Epochs.Count,
        Unit = ProgressUnit.Epoch,
        Converged = !training.Cancelled,
        WallTime = training.WallTime,
    };

    /// <summary>
    /// A mixture of factor analysers' fit: the network read as the <see cref="MixtureOfFactorAnalysers"/> EM returns (mapped
    /// back to the data's units in double), whose log-likelihood is exact, and the encoder's q(c | x) q(z | x, c) (read on
    /// the data the network trained on) as the posterior, whose ELBO under the mixture is in closed form: the bound and
    /// what it bounds are both exact, with nothing drawn.
    /// </summary>
    FitResult FactorMixtureFit(VaeTraining training, VariationalAutoencoder vae, FloatMatrix values, DataMatrix data,
        DataStandardization? standardization, double[] trace)
    {
        var posterior = vae.EncodeComponents(values).ToFactorMixturePosterior();
        var mixture = FactorMixtureNetwork.Read(vae.Network);
        if (standardization is not null)
            mixture = new MixtureOfFactorAnalysers(mixture.Weights.ToArray(), Enumerable.Range(0, mixture.Components).Select(c => standardization.Map(mixture.Component(c))).ToArray());
        return Result(training, data, trace, mixture, posterior) with
        {
            LogLikelihood = mixture.PointLogLikelihoods(data).Sum(),
            Elbo = mixture.Elbo(data, posterior),
        };
    }

    /// <summary>A plain autoencoder's fit: its parameters, its codes and its reconstruction; no log-likelihood or ELBO.</summary>
    FitResult AutoencoderFit(Autoencoder autoencoder, VaeTraining training, FloatMatrix values, DataMatrix data) =>
        Result(training, data, Trace(training, data.Rows, 0), autoencoder, autoencoder.Encode(values)) with
        {
            Reconstruction = autoencoder.Reconstruction(values),
        };

    /// <summary>The training objective after each epoch, in total over the data, less the standardization's log-scale per point.</summary>
    static double[] Trace(VaeTraining training, int rows, double logScale) => training.Epochs.Select(e => (e.TrainObjective - logScale) * rows).ToArray();

    /// <summary>Each epoch as a <see cref="FitProgress"/>, reported on the training thread.</summary>
    static IProgress<EpochReport> EpochsAsFitProgress(IProgress<FitProgress> target, int rows, double logScale) =>
        new SynchronousProgress<EpochReport>(r =>
            target.Report(new FitProgress(r.Epoch, r.Epochs, (r.TrainObjective - logScale) * rows, r.Elapsed, Unit: ProgressUnit.Epoch,
                SamplesPerSecond: r.SamplesPerSecond)));

    /// <summary>The decoder x = W z + μ + noise as a <see cref="LinearGaussianModel"/> (W is stored latent × data: transpose it).</summary>
    static LinearGaussianModel LinearGaussian(VariationalAutoencoder vae)
    {
        var layer = vae.Network.DecoderLayers[0];
        int q = layer.Inputs, d = layer.Outputs;
        var loadings = new double[d * q];
        for (int j = 0; j < d; j++)
            for (int i = 0; i < q; i++) loadings[j * q + i] = layer.Weight.Value[i, j];
        var mean = layer.Bias.Value.Span.ToArray().Select(v => (double)v).ToArray();
        return new LinearGaussianModel(loadings, mean, vae.Network.NoiseVariances(), q,
            isotropic: vae.Architecture.Noise == ObservationNoise.LearnedIsotropic);
    }

    void CheckColumns(FloatMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckColumns(data.Columns, data.Source);
    }
}
