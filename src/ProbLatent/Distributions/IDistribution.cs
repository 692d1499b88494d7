using MathNet.Numerics.LinearAlgebra;

namespace ProbLatent.Distributions;

/// <summary>
/// What every distribution can do regardless of its sample type. The non-generic root lets
/// <see cref="KullbackLeibler"/> dispatch on pairs of distributions of any kind.
/// </summary>
public interface IDistribution
{
    /// <summary>The differential (continuous) or Shannon (discrete) entropy, in nats.</summary>
    double Entropy();
}

/// <summary>A distribution over values of type <typeparamref name="T"/>.</summary>
public interface IDistribution<T> : IDistribution
{
    /// <summary>
    /// log p(x): the log density (continuous) or log mass (discrete). A value of the right shape outside the support
    /// gives −∞; a value of the wrong shape (dimension) or a NaN throws <see cref="ArgumentException"/>.
    /// </summary>
    double LogDensity(T x);

    /// <summary>One draw; every random number comes from <paramref name="random"/>, so a seeded generator fixes it.</summary>
    T Sample(Random random);
}

/// <summary>A distribution with a mean of type <typeparamref name="TMean"/>.</summary>
public interface IHasMean<out TMean>
{
    TMean Mean { get; }
}

/// <summary>A distribution over the real line (or part of it).</summary>
public interface IUnivariateDistribution : IDistribution<double>, IHasMean<double>
{
    double Variance { get; }
}

/// <summary>A distribution over vectors of a fixed dimension.</summary>
public interface IMultivariateDistribution : IDistribution<double[]>, IHasMean<double[]>
{
    int Dimension { get; }

    /// <summary>The covariance matrix (a new copy on every call).</summary>
    Matrix<double> Covariance { get; }
}

public static class DistributionExtensions
{
    /// <summary><paramref name="count"/> independent draws, in order, from one generator.</summary>
    public static T[] Sample<T>(this IDistribution<T> distribution, Random random, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new T[count];
        for (int i = 0; i < count; i++) result[i] = distribution.Sample(random);
        return result;
    }
}
