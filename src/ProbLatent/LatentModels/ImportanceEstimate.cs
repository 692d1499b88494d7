namespace ProbLatent.LatentModels;

/// <summary>
/// The importance-sampled estimate of log p(x) over a data set: for each point, log (1/k) Σᵢ p(x, zᵢ) / q(zᵢ | x) with
/// zᵢ ~ q(z | x). It is a stochastic lower bound whose bias shrinks as k grows (IWAE-k).
/// </summary>
/// <param name="PointEstimates">The estimate for each point.</param>
/// <param name="PointStandardErrors">Each point's Monte Carlo standard error (delta method on the mean weight).</param>
public sealed record ImportanceEstimate(double[] PointEstimates, double[] PointStandardErrors, int Samples)
{
    public int Count => PointEstimates.Length;

    /// <summary>The estimate of log p(x) summed over the data set.</summary>
    public double Total => PointEstimates.Sum();

    /// <summary>The estimate per point.</summary>
    public double Mean => Total / Count;

    /// <summary>The Monte Carlo standard error of <see cref="Total"/>: how far another draw of samples could move it.</summary>
    public double TotalStandardError => Math.Sqrt(PointStandardErrors.Sum(e => e * e));

    /// <summary>The Monte Carlo standard error of <see cref="Mean"/>.</summary>
    public double StandardError => TotalStandardError / Count;

    /// <summary>
    /// The standard error of <see cref="Mean"/> as an estimate of the expected log-likelihood of a new point: the spread
    /// across points over √n (what papers quote for a test set's mean).
    /// </summary>
    public double StandardErrorAcrossPoints
    {
        get
        {
            if (Count < 2) return double.NaN;
            double mean = Mean, ss = PointEstimates.Sum(v => (v - mean) * (v - mean));
            return Math.Sqrt(ss / (Count - 1) / Count);
        }
    }

    public override string ToString() => $"IWAE-{Samples} {Mean:F3} ± {StandardError:F3} per point over {Count} points";
}
