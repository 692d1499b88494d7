using ProbLatent.Data;

namespace ProbLatent.LatentModels;

/// <summary>
/// A forward pass of a sigmoid belief net under its encoder for up to <see cref="MaxPoints"/> points with K draws each,
/// the K log weights log wₖ = log p(x, hₖ) − log q(hₖ | x) per point what score-function estimators and importance
/// sampling read. Draw i of a pass is the counter uniform (seed, stream, i), so a pass gives the same numbers whichever core
/// computes what.
/// </summary>
internal interface IBeliefNetPass
{
    int MaxPoints { get; }

    /// <summary>d, the data's dimension.</summary>
    int Dimension { get; }

    /// <summary>K, the draws per point.</summary>
    int Samples { get; }

    /// <summary>The points of the last pass, rows×d.</summary>
    float[] Inputs { get; }

    /// <summary>log wₖ per draw, point by point.</summary>
    float[] LogWeights { get; }

    /// <summary>
    /// Runs the pass over rows <paramref name="order"/>[start…start + count) of <paramref name="data"/> (rows start… when
    /// the order is empty); <paramref name="training"/> keeps what the gradient needs.
    /// </summary>
    void Run(DataMatrix data, ReadOnlySpan<int> order, int start, int count, ulong seed, ulong stream, bool training);
}
