using ProbLatent.LatentModels;

namespace ProbLatent.Backends.ScoreFunction;

/// <summary>
/// Score-function training whose log weights or gradient became NaN or infinite (a learning rate too large, most often):
/// names the epoch and minibatch, and carries the net and encoder as they were before that minibatch's update, which was not applied.
/// </summary>
public sealed class ScoreFunctionDivergedException(int epoch, int batch, string message, BooleanLatentModel lastGood)
    : MinibatchDivergedException("score-function", epoch, batch, message)
{
    /// <summary>The net with its encoder before the update that diverged.</summary>
    public BooleanLatentModel LastGood { get; } = lastGood;
}
