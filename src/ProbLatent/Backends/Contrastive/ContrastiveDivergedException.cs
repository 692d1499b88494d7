using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Contrastive;

/// <summary>
/// Contrastive-divergence training whose update made a weight or bias NaN or infinite (a learning rate too large, most
/// often): names the epoch and minibatch, and carries the machine as it was before that update, which was not applied.
/// </summary>
public sealed class ContrastiveDivergedException(int epoch, int batch, string message, RestrictedBoltzmannMachine lastGood)
    : MinibatchDivergedException("contrastive", epoch, batch, message)
{
    /// <summary>What the update did and what to change, without the epoch and minibatch the message leads with.</summary>
    public string Reason { get; } = message;

    /// <summary>The machine's parameters before the update that diverged.</summary>
    public RestrictedBoltzmannMachine LastGood { get; } = lastGood;
}
