namespace ProbLatent.Backends.Em;

/// <summary>
/// The MAP of a probability vector over C outcomes from expected counts nᵥ: the regulariser's λ on every outcome and a
/// stated Dirichlet's αᵥ − 1 are added as pseudo-counts, pᵥ = (nᵥ + λ + αᵥ − 1) / (N + Cλ + Σᵥ(αᵥ − 1)), the mode of
/// Dirichlet(α + λ) given the counts. A Bernoulli's probability is its two-outcome case (α = (a, b) of a Beta), a
/// categorical's symbol probabilities its S-outcome case; with λ > 0 or every α above 1 no probability is 0.
/// </summary>
internal sealed class PseudoCounts
{
    readonly double _regularization;
    readonly double[] _alpha;
    readonly double _total;

    /// <param name="alpha">The stated Dirichlet's concentrations, one per outcome (all 1 when none is stated).</param>
    public PseudoCounts(double regularization, double[] alpha)
    {
        _regularization = regularization;
        _alpha = alpha;
        double stated = 0;
        foreach (var a in alpha) stated += a - 1;
        _total = alpha.Length * regularization + stated;
    }

    /// <summary>The pseudo-count outcome <paramref name="outcome"/> gets, λ + αᵥ − 1.</summary>
    public double Added(int outcome) => _regularization + (_alpha[outcome] - 1);

    /// <summary>The MAP probability of outcome <paramref name="outcome"/> with expected count <paramref name="count"/> among <paramref name="total"/>.</summary>
    public double Probability(double count, int outcome, double total) => (count + Added(outcome)) / (total + _total);

    /// <summary>
    /// Σᵥ (λ + αᵥ − 1) log pᵥ, the log-density up to a constant of the prior whose mode <see cref="Probability"/> is; a
    /// coefficient of 0 adds nothing, also where its probability is 0.
    /// </summary>
    public double LogPrior(ReadOnlySpan<double> probabilities)
    {
        double sum = 0;
        for (int v = 0; v < probabilities.Length; v++)
            if (Added(v) != 0) sum += Added(v) * Math.Log(probabilities[v]);
        return sum;
    }
}
