using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Reparameterized;

/// <summary>
/// Stochastic-gradient training whose objective became NaN or infinite (a learning rate too large, most often). Names the
/// epoch and minibatch, and carries the model at its last good checkpoint, the end of the last complete epoch (or the initial weights), so nothing trained before is lost.
/// </summary>
public sealed class TrainingDivergedException(int epoch, int batch, string message, NetworkModel lastGood)
    : MinibatchDivergedException("reparameterized", epoch, batch, message)
{
    /// <summary>The model as it was at the last good checkpoint.</summary>
    public NetworkModel LastGood { get; } = lastGood;
}
