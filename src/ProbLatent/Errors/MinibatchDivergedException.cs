namespace ProbLatent;

/// <summary>
/// Minibatch training that diverged: names the epoch (its <see cref="FitDivergedException.Iteration"/>) and the minibatch.
/// Each trainer's kind carries its model as it was last good (<see cref="Backends.Reparameterized.TrainingDivergedException"/>,
/// <see cref="Backends.Contrastive.ContrastiveDivergedException"/>).
/// </summary>
public abstract class MinibatchDivergedException(string backend, int epoch, int batch, string message)
    : FitDivergedException(epoch, $"{backend}: training diverged at epoch {epoch}, minibatch {batch}: {message}")
{
    public int Epoch => Iteration;
    public int Batch { get; } = batch;
}
