namespace ProbLatent.LatentModels;

/// <summary>
/// q(cₙ, hₙ) = q(cₙ) q(hₙ | cₙ) for a categorical c and a Gaussian h: the responsibilities of the components and, for
/// each component k, a Gaussian q(hₙ | cₙ = k) = N(mₙₖ, Sₙₖ) — the form of the exact posterior of a mixture of factor
/// analysers or of probabilistic PCA.
/// </summary>
public sealed class FactorMixturePosterior : IPosterior
{
    readonly GaussianPosterior[] _components;

    /// <param name="responsibilities">q(cₙ = k), N×K.</param>
    /// <param name="components">q(h | c = k) over the same N points, one per component, all of one dimension.</param>
    public FactorMixturePosterior(DiscretePosterior responsibilities, IReadOnlyList<GaussianPosterior> components)
    {
        _components = ComponentPosteriorChecks.Require(responsibilities, components, g => g.Dimension);
        Responsibilities = responsibilities;
    }

    public int Count => Responsibilities.Count;
    public int Components => Responsibilities.States;
    public int LatentDimension => _components[0].Dimension;

    /// <summary>q(cₙ = k).</summary>
    public DiscretePosterior Responsibilities { get; }

    /// <summary>q(hₙ | cₙ = k) for component k.</summary>
    public GaussianPosterior Component(int k) => _components[k];

    /// <summary>Per point: the K responsibilities, then E_q[hₙ] = Σₖ q(cₙ = k) mₙₖ (N × (K + Q)).</summary>
    public double[] Means()
    {
        int k = Components, q = LatentDimension, width = k + q;
        var result = new double[Count * width];
        for (int n = 0; n < Count; n++)
        {
            var row = result.AsSpan(n * width, width);
            var r = Responsibilities.Row(n);
            r.CopyTo(row);
            for (int c = 0; c < k; c++)
            {
                var m = _components[c].Mean(n);
                for (int i = 0; i < q; i++) row[k + i] += r[c] * m[i];
            }
        }
        return result;
    }

    /// <summary>Σₙ [KL(q(cₙ) ‖ p(cₙ)) + Σₖ q(cₙ = k) KL(q(hₙ | k) ‖ p(hₙ | k))].</summary>
    public double KlDivergence(IPosterior other)
    {
        if (other is not FactorMixturePosterior p || p.Count != Count || p.Components != Components || p.LatentDimension != LatentDimension)
            throw new ArgumentException($"KL needs another factor-mixture posterior over {Count} points, {Components} components and {LatentDimension} latent dimensions", nameof(other));
        double kl = Responsibilities.KlDivergence(p.Responsibilities);
        var scratch = new double[2 * LatentDimension];
        for (int n = 0; n < Count; n++)
        {
            var r = Responsibilities.Row(n);
            for (int c = 0; c < Components; c++)
                if (r[c] > 0) kl += r[c] * _components[c].PointKl(n, p._components[c], scratch);
        }
        return kl;
    }
}
