using System.Diagnostics;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.ScoreFunction;

/// <summary>
/// A sigmoid belief net of one or more layers compiled for score-function training. A fit runs every epoch, each over the points in
/// a new seeded order, and reports after each the estimator's objective (VIMCO's K-sample bound, NVIL's ELBO) per point on
/// a fixed set of monitored points, from the same draws every epoch. Its result is a <see cref="BooleanLatentModel"/> with
/// its <see cref="BooleanLatentModel.Encoder"/>; the log-likelihood is exact when the net can be enumerated
/// (<see cref="BooleanLatentModel.IsEnumerable"/>), and otherwise the IWAE-k estimate (<see cref="BeliefNetImportance"/>)
/// over <see cref="ScoreFunctionOptions.EvaluationRows"/> of the fitted rows, scaled to the data set: the per-point mean
/// times N, its standard error N times that of the mean over the points. The ELBO is the encoder's, by the same draws.
/// </summary>
/// <remarks>
/// Cancellation stops after the current minibatch; the fit returns what stands (not converged) once an epoch has ended,
/// and throws <see cref="OperationCanceledException"/> before. A minibatch whose log weights or gradient is NaN or infinite
/// throws <see cref="ScoreFunctionDivergedException"/> with the net before it.
/// </remarks>
public sealed class ScoreFunctionCompiledModel : CompiledModel
{
    internal ScoreFunctionCompiledModel(Model model, ScoreFunctionOptions options, int[] layerBits, int[] encoderHidden) : base(model, "score-function")
    {
        Options = options;
        LayerBits = layerBits;
        EncoderHidden = encoderHidden;
    }

    public ScoreFunctionOptions Options { get; }

    /// <summary>All the boolean latents, over every layer.</summary>
    public int Bits => LayerBits.Sum();

    /// <summary>The bits of each latent layer, top first.</summary>
    public IReadOnlyList<int> LayerBits { get; }

    /// <summary>The tanh hidden widths of each encoder factor, from the model's guide; empty for linear logits.</summary>
    public IReadOnlyList<int> EncoderHidden { get; }

    public override FitResult Fit(DataMatrix data, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        CheckData(data);
        var clock = Stopwatch.StartNew();
        int rows = data.Rows, batch = Math.Min(Options.BatchSize, rows);
        var trainer = BeliefNetTrainer.Create(data.Columns, LayerBits, EncoderHidden, batch, BaseRates.Logits(data), Options);
        var shuffle = new Random(Options.Seed + 1);
        var order = Enumerable.Range(0, rows).ToArray();
        var monitored = Spread(rows, Options.MonitorRows);
        var trace = new List<double> { trainer.Monitor(data, monitored) };
        var setup = clock.Elapsed;
        var (epochs, cancelled) = MinibatchEpochs.Run(order, batch, Options.Epochs, shuffle,
            (start, count, epoch, b) => trainer.Step(data, order, start, count, epoch, b),
            epoch =>
            {
                trace.Add(trainer.Monitor(data, monitored));
                progress?.Report(new FitProgress(epoch, Options.Epochs, trace[^1], clock.Elapsed, Unit: ProgressUnit.Epoch,
                    SamplesPerSecond: FitProgress.Rate(epoch, rows, clock.Elapsed, setup)));
            }, cancellation);
        if (epochs == 0) throw new OperationCanceledException("the score-function fit was cancelled before its first epoch ended", cancellation);
        var net = trainer.Model();
        return Evaluated(net, data, cancellation).Trained(trace, epochs, cancelled, clock, setup);
    }

    /// <summary>
    /// Up to <paramref name="count"/> of <paramref name="rows"/> rows, evenly spread (every (rows / count)th): a file sorted by
    /// label, as binarized MNIST's is by digit, is then sampled across its labels, and the same rows are taken every time.
    /// </summary>
    internal static int[] Spread(int rows, int? count) => count is not { } c || c >= rows
        ? Enumerable.Range(0, rows).ToArray()
        : Enumerable.Range(0, c).Select(i => (int)((long)i * rows / c)).ToArray();

    FitResult Evaluated(BooleanLatentModel net, DataMatrix data, CancellationToken cancellation)
    {
        var result = EpochFitResult.Of(this, net, net.Posterior(data), data);
        if (Options.EvaluationSamples == 0) return result;
        var subset = data.SelectRows(Spread(data.Rows, Options.EvaluationRows));
        var estimate = BeliefNetImportance.Estimate(net, subset, Options.EvaluationSamples, Options.Seed + 1, cancellation);
        double scale = data.Rows;
        result = result with { Elbo = ElboTerms(net, subset, estimate, scale / subset.Rows), ElboSamples = Options.EvaluationSamples,
            ElboStandardError = scale * estimate.ElboStandardError };
        if (net.IsEnumerable) return result with { LogLikelihood = net.PointLogLikelihoods(data).Sum() };
        return result with
        {
            LogLikelihood = scale * estimate.Mean,
            LogLikelihoodStandardError = scale * estimate.StandardError,
            LogLikelihoodSamples = Options.EvaluationSamples,
        };
    }

    /// <summary>
    /// The encoder's ELBO by its terms, scaled from the subset to the data set: for one layer and a linear encoder
    /// E_q[log p(h)] and H[q] in closed form (q and the prior are both factorised Bernoullis), E_q[log p(x | h)] the rest of
    /// the Monte Carlo ELBO; otherwise each term by the same draws (the entropy the rest).
    /// </summary>
    static ElboTerms ElboTerms(BooleanLatentModel net, DataMatrix subset, BeliefNetEstimate estimate, double scale)
    {
        double total = estimate.PointElbos.Sum();
        if (estimate is { PointLikelihoods: { } likelihoods, PointPriors: { } logPriors })
        {
            double likelihood = likelihoods.Sum(), expectedPrior = logPriors.Sum();
            return new LatentModels.ElboTerms(scale * likelihood, scale * expectedPrior, scale * (total - likelihood - expectedPrior));
        }
        var q = net.Encoder!.Probabilities(subset);
        var priors = net.Priors;
        int n = priors.Count;
        double prior = 0, entropy = 0;
        for (int i = 0; i < q.Length; i++)
        {
            double p = q[i], rho = priors[i % n];
            prior += SpecialFunctions.XLogY(p, rho) + SpecialFunctions.XLogY(1 - p, 1 - rho);
            entropy -= SpecialFunctions.XLogY(p, p) + SpecialFunctions.XLogY(1 - p, 1 - p);
        }
        return new LatentModels.ElboTerms(scale * (total - prior - entropy), scale * prior, scale * entropy);
    }
}
