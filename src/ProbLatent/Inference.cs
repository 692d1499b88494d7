using ProbLatent.Backends;
using ProbLatent.Backends.Em;
using ProbLatent.Backends.Exact;
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

    /// <summary>Expectation–maximisation with seeded restarts, keeping the best.</summary>
    public static EmBackend Em(int restarts = 5, int seed = 0, int maxIterations = 1000, double tolerance = 1e-8, double regularization = 1e-6) =>
        new(new EmOptions(restarts, seed, maxIterations, tolerance, regularization));

    /// <summary>
    /// Variational message passing on the model's Bayesian version (priors on every parameter; see <see cref="VmpPriors"/>
    /// for them and their defaults, in Infer.NET's parameterisations).
    /// </summary>
    public static VmpBackend Vmp(int restarts = 5, int seed = 0, int maxIterations = 1000, double tolerance = 1e-6, VmpPriors? priors = null) =>
        new(new VmpOptions(restarts, seed, maxIterations, tolerance, priors));
}
