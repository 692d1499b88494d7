using ProbLatent.Distributions;

namespace ProbLatent.LatentModels;

/// <summary>
/// q(cₙ, zₙ) = q(cₙ) q(zₙ | cₙ) with a diagonal Gaussian q(zₙ | cₙ = k) = N(mₙₖ, diag sₙₖ²) for each component: what a
/// Gaussian-mixture VAE's encoder gives. Stored as the probabilities and, per component, means and log-variances, N × q
/// each (a full covariance per point and component would take q times the memory).
/// </summary>
public sealed class ComponentGaussianPosterior : IPosterior
{
    readonly DiagonalGaussianPosterior[] _components;

    /// <param name="responsibilities">q(cₙ = k), N × K.</param>
    /// <param name="components">q(z | c = k) over the same N points, one per component, all of one dimension.</param>
    public ComponentGaussianPosterior(DiscretePosterior responsibilities, IReadOnlyList<DiagonalGaussianPosterior> components)
    {
        _components = ComponentPosteriorChecks.Require(responsibilities, components, g => g.Dimension);
        Responsibilities = responsibilities;
    }

    /// <summary>q(cₙ = k).</summary>
    public DiscretePosterior Responsibilities { get; }

    public int Count => Responsibilities.Count;
    public int Components => Responsibilities.States;
    public int LatentDimension => _components[0].Dimension;

    /// <summary>q(z | c = k) for every point.</summary>
    public DiagonalGaussianPosterior Component(int k) => _components[k];

    /// <summary>The same q with each component's diagonal covariance written out: the form a mixture of factor analysers' ELBO takes.</summary>
    public FactorMixturePosterior ToFactorMixturePosterior() => new(Responsibilities, _components.Select(c => c.ToGaussianPosterior()).ToArray());

    /// <summary>E_q[zₙ] = Σₖ q(cₙ = k) mₙₖ, N × q.</summary>
    public double[] Means()
    {
        int q = LatentDimension;
        var means = new double[Count * q];
        for (int n = 0; n < Count; n++)
        {
            var weights = Responsibilities.Row(n);
            for (int k = 0; k < Components; k++)
            {
                var m = _components[k].Mean(n);
                for (int j = 0; j < q; j++) means[n * q + j] += weights[k] * m[j];
            }
        }
        return means;
    }

    /// <summary>Σₙ KL(qₙ ‖ otherₙ) = KL(q(c) ‖ q'(c)) + Σₖ q(c = k) KL(q(z | k) ‖ q'(z | k)), point by point.</summary>
    public double KlDivergence(IPosterior other)
    {
        if (other is not ComponentGaussianPosterior p || p.Count != Count || p.Components != Components || p.LatentDimension != LatentDimension)
            throw new ArgumentException($"KL needs another component Gaussian posterior over {Count} points, {Components} components and dimension {LatentDimension}", nameof(other));
        double sum = Responsibilities.KlDivergence(p.Responsibilities);
        for (int n = 0; n < Count; n++)
        {
            var weights = Responsibilities.Row(n);
            for (int k = 0; k < Components; k++)
                if (weights[k] != 0)
                    sum += weights[k] * KullbackLeibler.DiagonalGaussians(_components[k].Mean(n), _components[k].LogVariance(n),
                        p._components[k].Mean(n), p._components[k].LogVariance(n));
        }
        return sum;
    }
}
