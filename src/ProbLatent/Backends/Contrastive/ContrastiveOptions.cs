using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Contrastive;

/// <summary>How the contrastive backend trains a restricted Boltzmann machine.</summary>
/// <param name="Steps">k, the Gibbs sweeps of the negative phase per minibatch (CD-k, or PCD-k).</param>
/// <param name="Persistent">Persistent contrastive divergence (Tieleman 2008): the negative chains carry on from one minibatch to the next
/// instead of restarting at the data; one chain per point of a minibatch.</param>
/// <param name="Epochs">Passes over the training data, each in a new seeded order.</param>
/// <param name="BatchSize">Points per minibatch (the last of an epoch may be smaller).</param>
/// <param name="LearningRate">The step size of each minibatch's update, on the gradient averaged over its points.</param>
/// <param name="Momentum">The share of the previous update carried into the next (0 is plain stochastic gradient ascent).</param>
/// <param name="WeightDecay">L2 decay λ on the weights (not the biases): the update ascends the gradient minus λW.</param>
/// <param name="Seed">Seeds the initial weights, the order of the points and every Gibbs draw: the same seed gives the same fit.</param>
/// <param name="Ais">When set, a fit whose smaller layer is too large for exact log Z reports log p(v) by AIS with these options.</param>
/// <param name="MonitorRows">Points whose mean pseudo-log-likelihood is each epoch's objective in the trace and progress.</param>
/// <param name="BoundSamples">A deep belief net's fit: draws of the recognition pass per point behind the bound on log p(v) it reports.</param>
public sealed record ContrastiveOptions(
    int Steps = 1,
    bool Persistent = false,
    int Epochs = 10,
    int BatchSize = 100,
    double LearningRate = 0.1,
    double Momentum = 0,
    double WeightDecay = 0,
    int Seed = 0,
    AisOptions? Ais = null,
    int MonitorRows = 1000,
    int BoundSamples = 10)
{
    /// <summary>"CD-1", "PCD-5": the method by its usual name.</summary>
    public string Method => $"{(Persistent ? "PCD" : "CD")}-{Steps}";

    public void Validate()
    {
        static void Positive(int value, string name)
        {
            if (value < 1) throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1");
        }
        Positive(Steps, nameof(Steps));
        Positive(Epochs, nameof(Epochs));
        Positive(BatchSize, nameof(BatchSize));
        Positive(MonitorRows, nameof(MonitorRows));
        if (BoundSamples < 2) throw new ArgumentOutOfRangeException(nameof(BoundSamples), BoundSamples, "BoundSamples must be at least 2, to estimate the bound's standard error");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be positive and finite");
        if (!(Momentum >= 0 && Momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Momentum must be in [0, 1)");
        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be non-negative and finite");
        Ais?.Validate();
    }
}
