using ProbLatent.Distributions;

namespace ProbLatent.Backends.Vmp.Nodes;

/// <summary>q(π) = Dirichlet(α) over K probabilities. Messages add to α − 1 (its natural parameter).</summary>
internal sealed class DirichletNode(string name, int dimension) : ParameterNode(name)
{
    public int Dimension { get; } = dimension;

    /// <summary>Σ messages: factors add here during an update.</summary>
    public double[] NaturalSum { get; } = new double[dimension];

    public double[] Alpha { get; } = new double[dimension];

    /// <summary>E[log πₖ] = ψ(αₖ) − ψ(Σα).</summary>
    public double[] MeanLog { get; } = new double[dimension];

    public override IReadOnlyList<Array> State => [NaturalSum, Alpha, MeanLog];

    public override void Update(bool priorsOnly = false)
    {
        Array.Clear(NaturalSum);
        foreach (var factor in Senders(priorsOnly)) factor.SendTo(this);
        double total = Dirichlet.OfNatural(NaturalSum, Alpha);
        Dirichlet.MeanLogOf(Alpha, total, MeanLog);
    }

    /// <summary>Collapses q(π) onto the given weights: E[log πₖ] = log πₖ (for checking the ELBO against a point estimate's).</summary>
    public void SetPointMass(IReadOnlyList<double> weights)
    {
        for (int k = 0; k < Dimension; k++) MeanLog[k] = Math.Log(weights[k]);
    }

    public Dirichlet Posterior() => new((double[])Alpha.Clone());

    public override double Entropy() => Posterior().Entropy();
}
