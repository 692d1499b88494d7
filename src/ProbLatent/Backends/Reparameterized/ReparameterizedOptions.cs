using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Reparameterized;

/// <summary>The stochastic-gradient optimizer that trains a reparameterized model.</summary>
public enum Optimizer
{
    Adam,
    Sgd,
}

/// <summary>How the reparameterized backend trains and evaluates: the defaults are the benchmark VAE's setting.</summary>
/// <param name="Epochs">Passes over the training data.</param>
/// <param name="BatchSize">Points per minibatch (the last minibatch of an epoch may be smaller).</param>
/// <param name="LearningRate">The optimizer's step size.</param>
/// <param name="Seed">Seeds the initial weights, the shuffling and the noise: the same seed gives the same fit.</param>
/// <param name="Samples">Reparameterized samples of z per point in the ELBO.</param>
/// <param name="ImportanceSamples">k > 1 trains the importance-weighted bound IWAE-k instead of the ELBO.</param>
/// <param name="Patience">Stop when the validation ELBO has not improved for this many epochs (needs validation data).</param>
/// <param name="LogLikelihoodSamples">Importance samples per point for the log-likelihood a fit reports where it has no closed form.</param>
/// <param name="ElboSamples">Draws of z per point behind each ELBO the backend reports: every epoch's validation and test ELBO and the fit's final one.</param>
public sealed record ReparameterizedOptions(
    int Epochs = 10,
    int BatchSize = 100,
    double LearningRate = 1e-3,
    int Seed = 0,
    int Samples = 1,
    int ImportanceSamples = 1,
    Optimizer Optimizer = Optimizer.Adam,
    int? Patience = null,
    int LogLikelihoodSamples = VaeEvaluationOptions.DefaultLogLikelihoodSamples,
    int ElboSamples = VaeEvaluationOptions.DefaultElboSamples)
{
    /// <summary>The counts of every evaluation the backend runs, seeded by <see cref="Seed"/>: each epoch's ELBO draws the same noise.</summary>
    public VaeEvaluationOptions Evaluation => new(ElboSamples, LogLikelihoodSamples, Seed);

    /// <summary>The minibatches of one epoch over <paramref name="rows"/> points: full ones, then what is left.</summary>
    public int StepsPerEpoch(int rows)
    {
        int size = Math.Max(1, Math.Min(BatchSize, rows));
        return Math.Max(1, (rows + size - 1) / size);
    }

    public void Validate()
    {
        static void Positive(int value, string name)
        {
            if (value < 1) throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1");
        }
        Positive(Epochs, nameof(Epochs));
        Positive(BatchSize, nameof(BatchSize));
        Positive(Samples, nameof(Samples));
        Positive(ImportanceSamples, nameof(ImportanceSamples));
        Positive(LogLikelihoodSamples, nameof(LogLikelihoodSamples));
        Positive(ElboSamples, nameof(ElboSamples));
        if (Patience is < 1) throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "Patience must be at least 1 epoch");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be positive and finite");
        if (Samples > 1 && ImportanceSamples > 1)
            throw new ArgumentException("give either Samples (the ELBO with several draws) or ImportanceSamples (the IWAE bound), not both");
    }
}
