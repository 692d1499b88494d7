using ProbLatent.Distributions;

namespace ProbLatent.Backends.Vmp.Nodes;

/// <summary>
/// q(μᵢ) = N(mᵢ, vᵢ) for M scalars. Messages add to the natural parameters: the precision 1/v and the
/// precision-times-mean m/v.
/// </summary>
internal sealed class GaussianArrayNode(string name, int count) : ParameterNode(name)
{
    public int Count { get; } = count;

    public double[] PrecisionSum { get; } = new double[count];
    public double[] PrecisionMeanSum { get; } = new double[count];

    public double[] Mean { get; } = new double[count];
    public double[] Variance { get; } = new double[count];

    public override IReadOnlyList<Array> State => [PrecisionSum, PrecisionMeanSum, Mean, Variance];

    public override void Update(bool priorsOnly = false)
    {
        Array.Clear(PrecisionSum);
        Array.Clear(PrecisionMeanSum);
        foreach (var factor in Senders(priorsOnly)) factor.SendTo(this);
        for (int i = 0; i < Count; i++)
        {
            double precision = PrecisionSum[i];
            if (!(precision > 0)) throw new ImproperPosteriorException($"the posterior precision of {Name}[{i}] is {precision}");
            (Mean[i], Variance[i]) = Gaussian.MomentsOfNatural(precision, PrecisionMeanSum[i]);
        }
    }

    /// <summary>Sets q(μᵢ) = N(mean, variance) directly, for a start that is not the prior.</summary>
    public void Initialize(int i, double mean, double variance)
    {
        if (!(variance > 0)) throw new ImproperPosteriorException($"the start of {Name}[{i}] has variance {variance}");
        Mean[i] = mean;
        Variance[i] = variance;
    }

    public Gaussian Posterior(int i) => new(Mean[i], Variance[i]);

    /// <summary>Σᵢ ½ log(2πe vᵢ).</summary>
    public override double Entropy()
    {
        double h = 0;
        for (int i = 0; i < Count; i++) h += Gaussian.EntropyFromLogVariance(Math.Log(Variance[i]));
        return h;
    }
}
