namespace ProbLatent.Backends.Vmp.Nodes;

/// <summary>
/// q(pᵢ) = Beta(aᵢ, bᵢ) for M probabilities. Messages add to the natural parameters a − 1 and b − 1.
/// E[log p] = ψ(a) − ψ(a + b), E[log(1 − p)] = ψ(b) − ψ(a + b).
/// </summary>
internal sealed class BetaArrayNode(string name, int count) : ParameterNode(name)
{
    public int Count { get; } = count;

    /// <summary>Σ messages' a − 1.</summary>
    public double[] AlphaSum { get; } = new double[count];

    /// <summary>Σ messages' b − 1.</summary>
    public double[] BetaSum { get; } = new double[count];

    public double[] Alpha { get; } = new double[count];
    public double[] Beta { get; } = new double[count];

    /// <summary>E[log pᵢ].</summary>
    public double[] MeanLog { get; } = new double[count];

    /// <summary>E[log(1 − pᵢ)].</summary>
    public double[] MeanLogComplement { get; } = new double[count];

    public override IReadOnlyList<Array> State => [AlphaSum, BetaSum, Alpha, Beta, MeanLog, MeanLogComplement];

    public override void Update(bool priorsOnly = false)
    {
        Array.Clear(AlphaSum);
        Array.Clear(BetaSum);
        foreach (var factor in Senders(priorsOnly)) factor.SendTo(this);
        for (int i = 0; i < Count; i++)
        {
            var (a, b) = Distributions.Beta.OfNatural(AlphaSum[i], BetaSum[i]);
            (Alpha[i], Beta[i]) = (a, b);
            if (!(a > 0 && b > 0)) throw new ImproperPosteriorException($"the posterior of {Name}[{i}] is not a proper Beta (a {a}, b {b})");
            (MeanLog[i], MeanLogComplement[i]) = Distributions.Beta.MeanLogsOf(a, b);
        }
    }

    public Distributions.Beta Posterior(int i) => new(Alpha[i], Beta[i]);

    public override double Entropy()
    {
        double h = 0;
        for (int i = 0; i < Count; i++) h += Posterior(i).Entropy();
        return h;
    }
}
