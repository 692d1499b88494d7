namespace ProbLatent.Backends.Vmp;

/// <summary>
/// The variables and factors of one model on one data set, with the schedule VMP updates them in. One
/// <see cref="Sweep"/> updates every variable once; the ELBO is Σ_factors E_q[log f] + Σ_variables H[q].
/// </summary>
internal sealed class FactorGraph
{
    readonly List<Node> _nodes = [];
    readonly List<Factor> _factors = [];

    public IReadOnlyList<Node> Schedule => _nodes;
    public IReadOnlyList<Factor> Factors => _factors;

    /// <summary>Adds a variable; the schedule is the order variables are added in.</summary>
    public TNode Add<TNode>(TNode node) where TNode : Node
    {
        _nodes.Add(node);
        return node;
    }

    /// <summary>Adds a factor and connects it to its variables.</summary>
    public TFactor Connect<TFactor>(TFactor factor, params Node[] variables) where TFactor : Factor
    {
        _factors.Add(factor);
        foreach (var v in variables) v.Factors.Add(factor);
        return factor;
    }

    public void Sweep()
    {
        foreach (var node in _nodes) node.Update();
    }

    /// <summary>The ELBO by its terms; throws, naming the factor or variable, if any term is not finite.</summary>
    public LatentModels.ElboTerms Elbo(int iteration)
    {
        double likelihood = 0, prior = 0, entropy = 0;
        foreach (var factor in _factors)
        {
            double term = factor.AverageLog();
            if (!double.IsFinite(term))
                throw new FitDivergedException("vmp", iteration, $"factor '{factor.Name}' has average log {term}");
            if (factor.IsLikelihood) likelihood += term;
            else prior += term;
        }
        foreach (var node in _nodes)
        {
            double h = node.Entropy();
            if (!double.IsFinite(h))
                throw new FitDivergedException("vmp", iteration, $"the posterior of '{node.Name}' has entropy {h}");
            entropy += h;
        }
        return new LatentModels.ElboTerms(likelihood, prior, entropy);
    }
}
