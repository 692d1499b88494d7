using ProbLatent.Data;

namespace ProbLatent.LatentModels;

/// <summary>
/// A mixture of linear-Gaussian components over the observed coordinates of a data set with missing cells: each
/// component's x_o ~ N(μₖ,o, Wₖ,o Wₖ,oᵀ + Ψₖ,o) per pattern (see <see cref="ObservedLinearGaussian"/>), and
/// E[x_m | x_o, k] = Wₖ,m E[h | x_o, k] + μₖ,m for imputation.
/// </summary>
internal sealed class ObservedFactorMixture(IReadOnlyList<LinearGaussianModel> components, MissingPatterns missing) : IObservedLikelihoods
{
    readonly ObservedLinearGaussian[] _components = components.Select(c => new ObservedLinearGaussian(c, missing)).ToArray();

    /// <summary>Component k over the observed coordinates.</summary>
    public ObservedLinearGaussian Component(int k) => _components[k];

    public void StateLogLikelihoods(int row, ReadOnlySpan<double> x, Span<double> result)
    {
        for (int c = 0; c < _components.Length; c++) result[c] = _components[c].LogLikelihood(row, x);
    }

    public void ConditionalMean(int row, int state, ReadOnlySpan<double> x, Span<double> filled)
    {
        var component = _components[state];
        int q = components[state].LatentDimension;
        Span<double> h = q <= 64 ? stackalloc double[q] : new double[q];
        component.PosteriorMean(row, x, h);
        component.Filled(row, x, h, filled);
    }
}
