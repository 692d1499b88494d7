using ProbLatent.Backends;

namespace ProbLatent.Selection;

/// <summary>
/// One size of the model, fitted and scored: its log-likelihood at the fitted parameters (for VMP, the posterior means),
/// its free parameters, and the criteria (<see cref="InformationCriteria"/>: larger is better).
/// </summary>
/// <param name="Size">The size the model was built with: a mixture's components, PPCA's or factor analysis's latent dimension.</param>
/// <param name="Fit">The fit, with its parameters, trace and convergence.</param>
/// <param name="Icl">The ICL; null when the latent is not a classification (PPCA, factor analysis).</param>
/// <param name="Elbo">The ELBO with the parameters integrated out, for a fit that has a posterior over them (VMP); null otherwise.</param>
public sealed record SelectionCandidate(int Size, FitResult Fit, double Bic, double Aic, double? Icl, double? Elbo)
{
    public double LogLikelihood => Fit.LogLikelihood;

    /// <summary>The free parameters the criteria count (<see cref="LatentModels.ILatentModel.ParameterCount"/>).</summary>
    public int ParameterCount => Fit.Parameters.ParameterCount;

    /// <summary>
    /// The components the fit's q(z) emptied (<see cref="FitResult.EmptyComponents"/>): VMP's posterior empties those the
    /// data does not need, so its ELBO scores the components it kept; 0 for a model without a categorical latent.
    /// </summary>
    public int EmptyComponents => Fit.EmptyComponents.Count;

    /// <summary>This candidate's value of <paramref name="criterion"/>, or null when it has none.</summary>
    public double? Value(Criterion criterion) => criterion switch
    {
        Criterion.Bic => Bic,
        Criterion.Aic => Aic,
        Criterion.Icl => Icl,
        Criterion.Elbo => Elbo,
        _ => throw new ArgumentOutOfRangeException(nameof(criterion), criterion, "not a criterion"),
    };
}
