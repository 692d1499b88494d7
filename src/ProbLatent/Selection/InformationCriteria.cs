using ProbLatent.LatentModels;

namespace ProbLatent.Selection;

/// <summary>
/// The information criteria that choose a model's size, in mclust's sign convention: each is twice a penalised
/// log-likelihood, so larger is better — BIC = 2 log L − p log n, AIC = 2 log L − 2p, and ICL = BIC + 2 Σₙ log ẑₙ, the
/// BIC penalised by the entropy of the hard classification (ẑₙ the posterior probability of point n's most probable
/// component; mclust's <c>icl</c>). scikit-learn's <c>bic</c> and <c>aic</c> are the negatives, smaller better.
/// </summary>
public static class InformationCriteria
{
    /// <summary>What every table of these criteria should say: which way is better, and how BIC and AIC are defined.</summary>
    public const string SignConvention =
        "larger is better (mclust's convention): BIC = 2 log L − p log n, AIC = 2 log L − 2p; scikit-learn's bic and aic are the negatives, where smaller is better";

    /// <summary>How the ICL is defined, for a table that has it.</summary>
    public const string IclDefinition = "ICL = BIC + 2 Σₙ log ẑₙ, ẑₙ point n's largest responsibility (mclust's icl)";

    /// <summary>How the ICL of a hidden Markov model is defined: its latent is one path per sequence, not a label per point.</summary>
    public const string ChainIclDefinition =
        "hmm: ICL = BIC − 2 H[p(z₁:T | x)], the entropy of the posterior over state paths, −Σ E[log p(z₁ | x)] − Σₜ E[log p(zₜ | zₜ₋₁, x)] from the pairwise marginals";

    /// <summary>2 log L − p log n.</summary>
    public static double Bic(double logLikelihood, int parameters, int points)
    {
        Check(parameters, points);
        return 2 * logLikelihood - parameters * Math.Log(points);
    }

    /// <summary>2 log L − 2p.</summary>
    public static double Aic(double logLikelihood, int parameters)
    {
        Check(parameters, points: 1);
        return 2 * logLikelihood - 2 * parameters;
    }

    /// <summary>
    /// The ICL of a mixture whose BIC is <paramref name="bic"/>: BIC + 2 Σₙ log maxₖ p(zₙ = k | xₙ), from its
    /// responsibilities. The sum is ≤ 0, so ICL ≤ BIC, equal when every point is classified with certainty (as with one
    /// component).
    /// </summary>
    public static double Icl(double bic, DiscretePosterior responsibilities)
    {
        ArgumentNullException.ThrowIfNull(responsibilities);
        return bic + 2 * ClassificationLogLikelihood(responsibilities);
    }

    /// <summary>
    /// The ICL of a hidden Markov model whose BIC is <paramref name="bic"/>: BIC − 2 H[p(z₁:T | x)]. The posterior over a
    /// sequence's states is a chain, so the classification's entropy is the chain's (<see cref="ChainPosterior.Entropy"/>,
    /// from the pairwise marginals), smaller than the sum of the steps' marginal entropies: the steps are not labelled
    /// independently. The entropy of the whole path, not of each step's most probable state as in mclust's icl: the
    /// hard-classification form has no chain version that is a likelihood of the path.
    /// </summary>
    public static double Icl(double bic, ChainPosterior posterior)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        return bic - 2 * posterior.Entropy();
    }

    /// <summary>Σₙ log maxₖ p(zₙ = k | xₙ): minus the entropy of the hard classification, in nats.</summary>
    public static double ClassificationLogLikelihood(DiscretePosterior responsibilities)
    {
        ArgumentNullException.ThrowIfNull(responsibilities);
        double sum = 0;
        for (int n = 0; n < responsibilities.Count; n++)
        {
            var row = responsibilities.Row(n);
            double largest = 0;
            foreach (var p in row) largest = Math.Max(largest, p);
            sum += Math.Log(largest);
        }
        return sum;
    }

    static void Check(int parameters, int points)
    {
        if (parameters < 0) throw new ArgumentOutOfRangeException(nameof(parameters), parameters, "a model has no fewer than 0 free parameters");
        if (points < 1) throw new ArgumentOutOfRangeException(nameof(points), points, "an information criterion needs at least 1 data point");
    }
}
