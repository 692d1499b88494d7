using ProbLatent.Distributions;

namespace ProbLatent.Backends.Vmp.Nodes;

/// <summary>
/// q(τᵢ) = Gamma(shape aᵢ, rate bᵢ) for M scalar precisions. Messages add to the natural parameters a − 1 and b.
/// E[τ] = a/b, E[log τ] = ψ(a) − log b.
/// </summary>
internal sealed class GammaArrayNode(string name, int count) : ParameterNode(name)
{
    public int Count { get; } = count;

    /// <summary>Σ messages' a − 1.</summary>
    public double[] ShapeSum { get; } = new double[count];

    /// <summary>Σ messages' b.</summary>
    public double[] RateSum { get; } = new double[count];

    public double[] Shape { get; } = new double[count];
    public double[] Rate { get; } = new double[count];
    public double[] Mean { get; } = new double[count];
    public double[] MeanLog { get; } = new double[count];

    public override IReadOnlyList<Array> State => [ShapeSum, RateSum, Shape, Rate, Mean, MeanLog];

    public override void Update(bool priorsOnly = false)
    {
        Array.Clear(ShapeSum);
        Array.Clear(RateSum);
        foreach (var factor in Senders(priorsOnly)) factor.SendTo(this);
        for (int i = 0; i < Count; i++)
        {
            var (a, b) = Gamma.OfNatural(ShapeSum[i], RateSum[i]);
            (Shape[i], Rate[i]) = (a, b);
            if (!(a > 0 && b > 0)) throw new ImproperPosteriorException($"the posterior of {Name}[{i}] is not a proper Gamma (shape {a}, rate {b})");
            Mean[i] = a / b;
            MeanLog[i] = Gamma.MeanLogOf(a, b);
        }
    }

    /// <summary>Sets q(τᵢ) = Gamma(shape, rate) directly, for a start that is not the prior.</summary>
    public void Initialize(int i, double shape, double rate)
    {
        if (!(shape > 0 && rate > 0)) throw new ImproperPosteriorException($"the start of {Name}[{i}] is not a proper Gamma (shape {shape}, rate {rate})");
        Shape[i] = shape;
        Rate[i] = rate;
        Mean[i] = shape / rate;
        MeanLog[i] = Gamma.MeanLogOf(shape, rate);
    }

    public Gamma Posterior(int i) => new(Shape[i], Rate[i]);

    public override double Entropy()
    {
        double h = 0;
        for (int i = 0; i < Count; i++) h += Posterior(i).Entropy();
        return h;
    }
}
