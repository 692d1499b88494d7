using ProbLatent.Data;

namespace ProbLatent.LatentModels;

/// <summary>
/// A Bernoulli mixture over the observed pixels of a data set with missing cells: the pixels are independent given the
/// component, so a missing one drops from the likelihood, log p(x_o | k) = Σ_{j∈o} [xⱼ logit(μₖⱼ) + log(1 − μₖⱼ)], whose
/// second sum is computed once per pattern and component.
/// </summary>
internal sealed class ObservedBernoulliMixture : IObservedLikelihoods
{
    readonly MissingPatterns _missing;
    readonly double[] _probabilities; // K×d, the mixture's own
    readonly double[] _logits;        // K×d, the mixture's own
    readonly double[] _offsets;  // pattern × K: Σ_{j∈o} log(1 − μₖⱼ)
    readonly int _components, _dimension;

    /// <param name="probabilities">μ, K×d, held (not copied): the mixture's, which nothing changes.</param>
    /// <param name="logits">logit(μ), K×d, held likewise.</param>
    public ObservedBernoulliMixture(double[] probabilities, double[] logits, int components, int dimension, MissingPatterns missing)
    {
        _missing = missing;
        _probabilities = probabilities;
        _logits = logits;
        _components = components;
        _dimension = dimension;
        _offsets = new double[missing.Patterns.Count * components];
        for (int p = 0; p < missing.Patterns.Count; p++)
            for (int c = 0; c < components; c++)
                foreach (int j in missing.Patterns[p].Observed) _offsets[p * components + c] += Math.Log(1 - probabilities[c * dimension + j]);
    }

    public void StateLogLikelihoods(int row, ReadOnlySpan<double> x, Span<double> result)
    {
        int p = _missing.PatternOf(row), d = _dimension;
        var observed = _missing.Patterns[p].Observed;
        for (int c = 0; c < _components; c++)
        {
            double dot = 0;
            foreach (int j in observed) dot += x[j] * _logits[c * d + j];
            result[c] = dot + _offsets[p * _components + c];
        }
    }

    /// <summary>A missing pixel's expectation given the component is its probability μₖⱼ: the pixels are independent given it.</summary>
    public void ConditionalMean(int row, int state, ReadOnlySpan<double> x, Span<double> filled)
    {
        for (int j = 0; j < _dimension; j++) filled[j] = double.IsNaN(x[j]) ? _probabilities[state * _dimension + j] : x[j];
    }
}
