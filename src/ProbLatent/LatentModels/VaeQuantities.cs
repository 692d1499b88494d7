namespace ProbLatent.LatentModels;

/// <summary>What one evaluation pass of a VAE (<see cref="VaeEvaluation.Run"/>) computes: any combination, in one sweep over the data.</summary>
[Flags]
public enum VaeQuantities
{
    None = 0,

    /// <summary>The encoder's q(z | xₙ) for every row: means and log-variances.</summary>
    Encodings = 1,

    /// <summary>The ELBO by its terms, with <see cref="VaeEvaluationOptions.ElboSamples"/> draws per point.</summary>
    Elbo = 2,

    /// <summary>The importance-sampled log p(x), IWAE-k with k = <see cref="VaeEvaluationOptions.LogLikelihoodSamples"/>, and its standard error.</summary>
    LogLikelihood = 4,

    All = Encodings | Elbo | LogLikelihood,
}
