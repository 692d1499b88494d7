using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Distributions;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Nodes;

/// <summary>
/// q(Λₖ) = Wishart for K precision matrices of dimension d, in Infer.NET's form: shape a and rate B, density
/// ∝ |Λ|^(a − (d+1)/2) exp(−tr(B Λ)), so E[Λ] = a B⁻¹ and E[log|Λ|] = Σᵢ ψ(a + (1−i)/2) − log|B|. Messages add to
/// the natural parameters a − (d+1)/2 and B.
/// </summary>
internal sealed class WishartArrayNode(string name, int count, int dimension) : ParameterNode(name)
{
    public int Count { get; } = count;
    public int Dimension { get; } = dimension;

    /// <summary>Σ messages' a − (d+1)/2, K.</summary>
    public double[] ShapeSum { get; } = new double[count];

    /// <summary>Σ messages' rates B, K×d×d.</summary>
    public double[] RateSum { get; } = new double[count * dimension * dimension];

    public double[] Shape { get; } = new double[count];

    /// <summary>E[Λₖ], K×d×d.</summary>
    public double[] MeanPrecision { get; } = new double[count * dimension * dimension];

    /// <summary>E[log |Λₖ|], K.</summary>
    public double[] MeanLogDeterminant { get; } = new double[count];

    public ReadOnlySpan<double> Mean(int k) => MeanPrecision.AsSpan(k * Dimension * Dimension, Dimension * Dimension);

    public override IReadOnlyList<Array> State => [ShapeSum, RateSum, Shape, MeanPrecision, MeanLogDeterminant];

    public override void Update(bool priorsOnly = false)
    {
        Array.Clear(ShapeSum);
        Array.Clear(RateSum);
        foreach (var factor in Senders(priorsOnly)) factor.SendTo(this);
        int d = Dimension, dd = d * d;
        for (int k = 0; k < Count; k++)
        {
            double a = Shape[k] = Wishart.ShapeOfNatural(ShapeSum[k], d);
            var rate = Cholesky.Factor(RateSum.AsSpan(k * dd, dd), d, $"posterior rate of {Name}[{k}]");
            var inverse = rate.Inverse();
            for (int i = 0; i < dd; i++) MeanPrecision[k * dd + i] = a * inverse[i];
            MeanLogDeterminant[k] = Wishart.MeanLogDeterminantOfShapeAndRate(a, rate.LogDeterminant(), d);
        }
    }

    /// <summary>Collapses every q(Λₖ) onto the given K×d×d precisions: E[Λₖ] = Λₖ, E[log|Λₖ|] = log|Λₖ|.</summary>
    public void SetPointMass(ReadOnlySpan<double> precisions)
    {
        int dd = Dimension * Dimension;
        precisions.CopyTo(MeanPrecision);
        for (int k = 0; k < Count; k++)
            MeanLogDeterminant[k] = Cholesky.Factor(precisions.Slice(k * dd, dd), Dimension, $"{Name}[{k}]").LogDeterminant();
    }

    public Wishart Posterior(int k)
    {
        int d = Dimension;
        return Wishart.FromShapeAndRate(Shape[k], Matrix<double>.Build.Dense(d, d, (i, j) => RateSum[k * d * d + i * d + j]));
    }

    public override double Entropy()
    {
        double h = 0;
        for (int k = 0; k < Count; k++) h += Posterior(k).Entropy();
        return h;
    }
}
