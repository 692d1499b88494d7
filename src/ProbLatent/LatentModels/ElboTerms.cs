namespace ProbLatent.LatentModels;

/// <summary>
/// The evidence lower bound of a variational distribution q(z) over a data set, by its terms:
/// ELBO = E_q[log p(x|z)] + E_q[log p(z)] + H[q]  =  reconstruction − KL(q ‖ p(z)). Totals over the data set.
/// </summary>
public sealed record ElboTerms(double ExpectedLogLikelihood, double ExpectedLogPrior, double Entropy)
{
    public double Value => ExpectedLogLikelihood + ExpectedLogPrior + Entropy;

    /// <summary>E_q[log p(x|z)], the reconstruction term.</summary>
    public double Reconstruction => ExpectedLogLikelihood;

    /// <summary>KL(q ‖ p(z)) = −(E_q[log p(z)] + H[q]).</summary>
    public double KlToPrior => -(ExpectedLogPrior + Entropy);

    public static ElboTerms operator +(ElboTerms a, ElboTerms b) =>
        new(a.ExpectedLogLikelihood + b.ExpectedLogLikelihood, a.ExpectedLogPrior + b.ExpectedLogPrior, a.Entropy + b.Entropy);

    /// <summary>Each term divided by the number of data points: the bound per point.</summary>
    public ElboTerms PerPoint(int rows) => Scaled(1.0 / rows);

    /// <summary>Each term times <paramref name="factor"/>.</summary>
    public ElboTerms Scaled(double factor) => new(ExpectedLogLikelihood * factor, ExpectedLogPrior * factor, Entropy * factor);

    public override string ToString() =>
        $"ELBO {Value:F4} = E[log p(x|z)] {ExpectedLogLikelihood:F4} + E[log p(z)] {ExpectedLogPrior:F4} + H[q] {Entropy:F4}";
}
