namespace ProbLatent.Backends.Vmp;

/// <summary>
/// The variables and factors of one model on one data set, with the schedule VMP updates them in. One
/// <see cref="Sweep"/> updates every variable once; the ELBO is Σ_factors E_q[log f] + Σ_variables H[q].
/// </summary>
/// <remarks>
/// The schedule is derived from the graph, not from the order the parts add their variables in, and stated here alone:
/// <list type="bullet">
/// <item>the plates of per-point latents, in the order of the latents they hold (the graph's topological order);</item>
/// <item>the parameters nearest the data first — by the fewest factors between a parameter and an observation's factor,
/// ties in the order their parts add them — so each is updated from the newest q of what lies between it and the data
/// (a decoder's loadings, offsets and noise before the ARD precisions of its loadings, a mixture's component parameters
/// and the weights of its categorical latent after them);</item>
/// <item>a sweep begins with the side its start did not set (<see cref="PlatesFirst"/>): a start that sets q of the plates
/// (a mixture's q(z) from responsibilities) is followed by the parameters, one that sets the decoders' parameters (random
/// loadings) by the plates.</item>
/// </list>
/// Each update maximises the ELBO over one variable's q with the rest fixed (Winn and Bishop 2005), so under any order
/// the ELBO never decreases; this order reproduces the one each family was first fitted with, so every number stays.
/// The ELBO sums its terms in the order the parts add them.
/// </remarks>
internal sealed class FactorGraph
{
    readonly List<Node> _nodes = [];
    readonly HashSet<Node> _plates = [];
    readonly List<Factor> _factors = [];
    readonly Dictionary<Factor, Node[]> _arguments = [];
    Node[]? _schedule;
    bool _platesFirst = true;

    public IReadOnlyList<Factor> Factors => _factors;

    /// <summary>The variables in the order the parts added them, which the ELBO sums their entropies in.</summary>
    public IReadOnlyList<Node> Variables => _nodes;

    /// <summary>The plates of per-point latents, in the order of their latents.</summary>
    public IReadOnlyList<Node> Plates => _nodes.Where(_plates.Contains).ToArray();

    /// <summary>Whether a sweep updates the plates before the parameters (see the remarks).</summary>
    public bool PlatesFirst
    {
        get => _platesFirst;
        set
        {
            _platesFirst = value;
            _schedule = null;
        }
    }

    /// <summary>The parameters, nearest the data first (see the remarks).</summary>
    public IReadOnlyList<Node> Parameters
    {
        get
        {
            var depth = DepthFromTheData();
            return _nodes.Where(n => !_plates.Contains(n))
                .Select((node, order) => (node, order))
                .OrderBy(p => depth.GetValueOrDefault(p.node, int.MaxValue)).ThenBy(p => p.order)
                .Select(p => p.node).ToArray();
        }
    }

    /// <summary>The order a sweep updates the variables in.</summary>
    public IReadOnlyList<Node> Schedule => _schedule ??= (PlatesFirst ? Plates.Concat(Parameters) : Parameters.Concat(Plates)).ToArray();

    /// <summary>Adds a parameter variable.</summary>
    public TNode Add<TNode>(TNode node) where TNode : Node
    {
        _nodes.Add(node);
        _schedule = null;
        return node;
    }

    /// <summary>Adds the plate of one or more per-point latents.</summary>
    public TNode AddPlate<TNode>(TNode node) where TNode : Node
    {
        _plates.Add(node);
        return Add(node);
    }

    /// <summary>Adds a factor and connects it to its variables.</summary>
    public TFactor Connect<TFactor>(TFactor factor, params Node[] variables) where TFactor : Factor
    {
        _factors.Add(factor);
        _arguments[factor] = variables;
        foreach (var v in variables) v.Factors.Add(factor);
        _schedule = null;
        return factor;
    }

    /// <summary>The variables <paramref name="factor"/> was connected to, in the order given.</summary>
    public IReadOnlyList<Node> Arguments(Factor factor) => _arguments[factor];

    public void Sweep()
    {
        foreach (var node in Schedule) node.Update();
    }

    /// <summary>How many factors lie between each variable and the nearest observation factor (1 for a variable an observation reads).</summary>
    Dictionary<Node, int> DepthFromTheData()
    {
        var depth = new Dictionary<Node, int>();
        var frontier = new List<Node>();
        foreach (var factor in _factors.Where(f => f.IsLikelihood))
            foreach (var node in _arguments[factor])
                if (depth.TryAdd(node, 1)) frontier.Add(node);
        for (int d = 2; frontier.Count > 0; d++)
        {
            var next = new List<Node>();
            foreach (var node in frontier)
                foreach (var factor in node.Factors)
                    foreach (var other in _arguments[factor])
                        if (depth.TryAdd(other, d)) next.Add(other);
            frontier = next;
        }
        return depth;
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
