namespace ProbLatent.LatentModels;

/// <summary>A belief net's importance-weighted estimate of log p(x) and its ELBO, per point.</summary>
/// <param name="LogLikelihood">IWAE-k per point, with each point's Monte Carlo error.</param>
/// <param name="PointElbos">The mean log weight per point, an unbiased estimate of its ELBO under q.</param>
public sealed record BeliefNetEstimate(ImportanceEstimate LogLikelihood, double[] PointElbos)
{
    /// <summary>
    /// The mean log p(x | h₁) per point over the same draws, for a net of several layers or an MLP encoder, whose
    /// E_q[log p(h)] and entropy have no closed form; null for one layer with a linear encoder, whose terms do.
    /// </summary>
    public double[]? PointLikelihoods { get; init; }

    /// <summary>The mean log p(h) per point over the same draws, over every latent layer, where <see cref="PointLikelihoods"/> is given.</summary>
    public double[]? PointPriors { get; init; }

    /// <summary>The ELBO per point, averaged over the points.</summary>
    public double Elbo => PointElbos.Average();

    /// <summary>The standard error of <see cref="Elbo"/> over the points (the spread of the per-point values over √N).</summary>
    public double ElboStandardError => StandardErrorOfMean(PointElbos);

    /// <summary>The IWAE estimate per point, averaged over the points.</summary>
    public double Mean => LogLikelihood.Mean;

    /// <summary>The standard error of <see cref="Mean"/> over the points: the spread of the per-point estimates over √N, what papers quote for a test set.</summary>
    public double StandardError => LogLikelihood.StandardErrorAcrossPoints;

    static double StandardErrorOfMean(double[] values)
    {
        if (values.Length < 2) return double.NaN;
        double mean = values.Average(), ss = values.Sum(v => (v - mean) * (v - mean));
        return Math.Sqrt(ss / (values.Length - 1) / values.Length);
    }

    public override string ToString() => $"IWAE-{LogLikelihood.Samples} {Mean:F2} ± {StandardError:F2} nats per point, ELBO {Elbo:F2} ± {ElboStandardError:F2}, over {LogLikelihood.Count} points";
}
