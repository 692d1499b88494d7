using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Contrastive;

/// <summary>
/// Greedy training of a deep belief net whose update of one layer's machine made a weight or bias NaN or infinite: names
/// the layer, the epoch and the minibatch, and carries the net as it was last good — the layers below, trained, and this
/// layer's machine before the update that diverged, which was not applied (<see cref="DeepBeliefNet.Top"/> of <see cref="LastGood"/>).
/// </summary>
public sealed class DeepBeliefDivergedException(int layer, int layers, ContrastiveDivergedException diverged, DeepBeliefNet lastGood)
    : MinibatchDivergedException("contrastive", diverged.Epoch, diverged.Batch, $"layer {layer} of {layers}: {diverged.Reason}")
{
    /// <summary>The layer that diverged, from 1 for the layer the data reads.</summary>
    public int Layer { get; } = layer;

    /// <summary>The layers trained below, and the diverged layer's machine before the update.</summary>
    public DeepBeliefNet LastGood { get; } = lastGood;
}
