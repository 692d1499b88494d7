using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Distributions;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Nodes;

/// <summary>
/// q(μₖ) = N(mₖ, Σₖ) for K vectors of dimension d. Messages add to the natural parameters: the precision Σₖ⁻¹ and
/// the precision-times-mean Σₖ⁻¹mₖ. The posterior is solved through a Cholesky factor of the precision.
/// </summary>
internal sealed class VectorGaussianArrayNode(string name, int count, int dimension) : ParameterNode(name)
{
    readonly Cholesky[] _precisionFactors = new Cholesky[count];

    public int Count { get; } = count;
    public int Dimension { get; } = dimension;

    /// <summary>Σ messages' precisions, K×d×d.</summary>
    public double[] PrecisionSum { get; } = new double[count * dimension * dimension];

    /// <summary>Σ messages' precision-times-mean, K×d.</summary>
    public double[] PrecisionMeanSum { get; } = new double[count * dimension];

    /// <summary>mₖ, K×d.</summary>
    public double[] Means { get; } = new double[count * dimension];

    /// <summary>Σₖ, K×d×d.</summary>
    public double[] Covariances { get; } = new double[count * dimension * dimension];

    public ReadOnlySpan<double> Mean(int k) => Means.AsSpan(k * Dimension, Dimension);
    public ReadOnlySpan<double> Covariance(int k) => Covariances.AsSpan(k * Dimension * Dimension, Dimension * Dimension);

    public override IReadOnlyList<Array> State => [_precisionFactors, PrecisionSum, PrecisionMeanSum, Means, Covariances];

    public override void Update(bool priorsOnly = false)
    {
        Array.Clear(PrecisionSum);
        Array.Clear(PrecisionMeanSum);
        foreach (var factor in Senders(priorsOnly)) factor.SendTo(this);
        int d = Dimension, dd = d * d;
        for (int k = 0; k < Count; k++)
        {
            _precisionFactors[k] = MultivariateGaussian.MomentsOfNatural(PrecisionSum.AsSpan(k * dd, dd), PrecisionMeanSum.AsSpan(k * d, d),
                Means.AsSpan(k * d, d), Covariances.AsSpan(k * dd, dd), $"posterior precision of {Name}[{k}]");
        }
    }

    /// <summary>Collapses every q(μₖ) onto the given K×d means, with zero covariance.</summary>
    public void SetPointMass(ReadOnlySpan<double> means)
    {
        means.CopyTo(Means);
        Array.Clear(Covariances);
    }

    /// <summary>Sets q(μₖ) = N(mean, covariance) directly, for a start that is not the prior (covariance d×d, row-major).</summary>
    public void Initialize(int k, ReadOnlySpan<double> mean, ReadOnlySpan<double> covariance)
    {
        int d = Dimension, dd = d * d;
        var precision = Cholesky.Factor(covariance, d, $"start covariance of {Name}[{k}]").Inverse();
        _precisionFactors[k] = Cholesky.Factor(precision, d, $"start precision of {Name}[{k}]");
        mean.CopyTo(Means.AsSpan(k * d, d));
        covariance.CopyTo(Covariances.AsSpan(k * dd, dd));
    }

    /// <summary>H[q] = Σₖ ½(d(1 + log 2π) − log det Σₖ⁻¹).</summary>
    public override double Entropy()
    {
        double h = 0;
        foreach (var f in _precisionFactors) h += MultivariateGaussian.EntropyFromLogDeterminant(Dimension, -f.LogDeterminant());
        return h;
    }

    public MultivariateGaussian Posterior(int k)
    {
        int d = Dimension;
        return new MultivariateGaussian(Mean(k).ToArray(), Matrix<double>.Build.Dense(d, d, (i, j) => Covariances[k * d * d + i * d + j]));
    }
}
