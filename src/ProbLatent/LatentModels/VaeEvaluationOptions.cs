namespace ProbLatent.LatentModels;

/// <summary>
/// The sample counts and the seed of a VAE's evaluation (<see cref="VaeEvaluation.Run"/>): the one place their defaults are
/// defined, which every route takes — a fit's final evaluation and its per-epoch ELBO
/// (<see cref="Backends.Reparameterized.ReparameterizedOptions"/>), <c>Evaluate(data)</c>, the CLI's <c>fit</c> and
/// <c>score</c>, the F# front end and the verification kit. A route that needs another count is given it here.
/// </summary>
/// <param name="ElboSamples">Reparameterized draws of z per point behind the ELBO's reconstruction term (and, under a learned mixture prior, its E[log p(z)]).</param>
/// <param name="LogLikelihoodSamples">k of the importance-sampled estimate of log p(x), IWAE-k: draws from q(z | x) per point.</param>
/// <param name="Seed">Seeds each quantity's own stream of draws: the same seed gives the same numbers, asked alone or together.</param>
public sealed record VaeEvaluationOptions(
    int ElboSamples = VaeEvaluationOptions.DefaultElboSamples,
    int LogLikelihoodSamples = VaeEvaluationOptions.DefaultLogLikelihoodSamples,
    int Seed = 0)
{
    /// <summary>
    /// One draw per point: the per-epoch validation ELBO every training reports, cheap enough to run after each epoch, and
    /// over a data set its noise averages out.
    /// </summary>
    public const int DefaultElboSamples = 1;

    /// <summary>
    /// 100 importance samples per point: a fit's final evaluation estimates log p(x) on all its training rows, where
    /// 1,000 would make that evaluation take ten times as long; ask for more where a tighter bound is worth it.
    /// </summary>
    public const int DefaultLogLikelihoodSamples = 100;

    public static VaeEvaluationOptions Default { get; } = new();

    /// <exception cref="ArgumentOutOfRangeException">A sample count below 1, named.</exception>
    public void Validate()
    {
        if (ElboSamples < 1) throw new ArgumentOutOfRangeException(nameof(ElboSamples), ElboSamples, $"{nameof(ElboSamples)} must be at least 1");
        if (LogLikelihoodSamples < 1)
            throw new ArgumentOutOfRangeException(nameof(LogLikelihoodSamples), LogLikelihoodSamples, $"{nameof(LogLikelihoodSamples)} must be at least 1");
    }
}
