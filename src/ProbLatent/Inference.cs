using ProbLatent.Backends;
using ProbLatent.Backends.Contrastive;
using ProbLatent.Backends.Em;
using ProbLatent.Backends.Exact;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Backends.ScoreFunction;
using ProbLatent.Backends.Vmp;

namespace ProbLatent;

/// <summary>The backends, by name: <c>model.Compile(Inference.Em(restarts: 5, seed: 1))</c>.</summary>
public static class Inference
{
    /// <summary>
    /// Exact inference: the exact log p(x) and posterior p(z|x). Fits only where maximum likelihood has a
    /// closed form (probabilistic PCA); for other families give the parameters to evaluate.
    /// </summary>
    public static ExactBackend Exact() => new(null);

    /// <summary>Exact inference at given parameters (for example those of another fit): nothing is learned.</summary>
    public static ExactBackend Exact(LatentModels.ILatentModel parameters) => new(parameters);

    /// <summary>
    /// Expectation–maximisation with seeded restarts, keeping the best. A mixture's or a hidden Markov model's restarts start
    /// from k-means++ or, with <paramref name="start"/>, from random point masses.
    /// </summary>
    public static EmBackend Em(int restarts = 5, int seed = 0, int maxIterations = 1000, double tolerance = Convergence.DefaultTolerance, double regularization = 1e-6,
        bool accelerate = false, EmStart start = EmStart.KMeansPlusPlus) =>
        new(new EmOptions(restarts, seed, maxIterations, tolerance, regularization, Accelerate: accelerate, Start: start));

    /// <summary>
    /// Variational message passing on the model's Bayesian version (priors on every parameter; see <see cref="VmpPriors"/>
    /// for them and their defaults, in Infer.NET's parameterisations). A mixture's restarts start from k-means++ (or
    /// <paramref name="start"/>), or from the posterior of a fitted mixture given as <paramref name="startFrom"/>.
    /// </summary>
    public static VmpBackend Vmp(int restarts = 5, int seed = 0, int maxIterations = 1000, double tolerance = Convergence.DefaultTolerance, VmpPriors? priors = null,
        VmpStart start = VmpStart.KMeansPlusPlus, LatentModels.ILatentModel? startFrom = null) =>
        new(new VmpOptions(restarts, seed, maxIterations, tolerance, priors, start, startFrom));

    /// <summary>
    /// The reparameterized-gradient engine: an amortized encoder and the model's decoder trained together on a Monte
    /// Carlo ELBO (or the IWAE bound) by minibatch stochastic gradients, in float32. Runs variational autoencoders, and
    /// PPCA and factor analysis as VAEs with a linear decoder.
    /// </summary>
    public static ReparameterizedBackend Reparameterized(int epochs = 10, int batchSize = 100, double learningRate = 1e-3, int seed = 0,
        int samples = 1, int importanceSamples = 1, Optimizer optimizer = Optimizer.Adam, int? patience = null,
        int logLikelihoodSamples = LatentModels.VaeEvaluationOptions.DefaultLogLikelihoodSamples, int elboSamples = LatentModels.VaeEvaluationOptions.DefaultElboSamples) =>
        new(new ReparameterizedOptions(epochs, batchSize, learningRate, seed, samples, importanceSamples, optimizer, patience, logLikelihoodSamples, elboSamples));

    /// <summary>
    /// Contrastive divergence for an undirected energy model (a restricted Boltzmann machine): CD-k, or persistent CD-k
    /// (Tieleman 2008) with <paramref name="persistent"/>, by minibatch gradient ascent with momentum and weight decay, in float32.
    /// </summary>
    public static ContrastiveBackend Contrastive(int steps = 1, bool persistent = false, int epochs = 10, int batchSize = 100, double learningRate = 0.1,
        double momentum = 0, double weightDecay = 0, int seed = 0, LatentModels.AisOptions? ais = null) =>
        new(new ContrastiveOptions(steps, persistent, epochs, batchSize, learningRate, momentum, weightDecay, seed, ais));

    /// <summary>
    /// Score-function gradients for a sigmoid belief net of one layer with many bits: the net and an amortized factorised
    /// Bernoulli encoder q(h | x) trained together by minibatch Adam on VIMCO's K-sample bound (Mnih and Rezende 2016) or
    /// NVIL's single-sample ELBO (Mnih and Gregor 2014), in float32; the fit reports the IWAE estimate of log p(x) with its error.
    /// </summary>
    public static ScoreFunctionBackend ScoreFunction(ScoreEstimator estimator = ScoreEstimator.Vimco, int samples = 5, int epochs = 10, int batchSize = 50,
        double learningRate = ScoreFunctionOptions.DefaultLearningRate, int seed = 0, int evaluationSamples = LatentModels.BeliefNetImportance.DefaultSamples, int? evaluationRows = 1000) =>
        new(new ScoreFunctionOptions(estimator, samples, epochs, batchSize, learningRate, seed, evaluationSamples, evaluationRows));
}
