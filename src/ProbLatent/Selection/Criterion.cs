namespace ProbLatent.Selection;

/// <summary>What a model selection ranks its candidates by; for every one, larger is better (<see cref="InformationCriteria"/>).</summary>
public enum Criterion
{
    /// <summary>The Bayesian information criterion, 2 log L − p log n.</summary>
    Bic,
    /// <summary>Akaike's information criterion, 2 log L − 2p.</summary>
    Aic,
    /// <summary>The integrated complete-data likelihood: BIC penalised by the entropy of the classification (mixtures only).</summary>
    Icl,
    /// <summary>The evidence lower bound with the parameters integrated out (fits with a posterior over them: VMP).</summary>
    Elbo,
}
