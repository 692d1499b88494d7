using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Em;

/// <summary>
/// Reads the priors a model states for EM's MAP fit, refusing at compile time, naming the part, those it cannot use as
/// a MAP: a prior whose mode lies on the boundary of the parameter space (a Dirichlet or Beta below 1, a Gamma shape
/// below 1, a Wishart shape below (d + 1)/2, where an empty component's MAP would be a weight or a precision of 0),
/// ARD, and priors on the linear-Gaussian models, whose M step here is maximum likelihood.
/// </summary>
internal static class EmStatedPriors
{
    const string Vmp = "Inference.Vmp(), which uses it as a prior and integrates over the parameter,";

    public static MixturePriors For(ModelGraph graph, bool mixture)
    {
        if (graph.Priors.Count == 0) return MixturePriors.None;
        var priors = MixturePriors.None;
        // A Markov chain's π and A are the chain's own parameters, read by ForChain, not a mixture's weights.
        foreach (var (parameter, prior) in graph.Priors.Where(p => !OnChain(graph, p.Key)))
        {
            string part = $"model '{graph.Name}': the prior {prior} on '{parameter.FullName}'";
            if (prior is ArdParameterPrior)
                throw Refusal($"{part} is ARD, a prior on the loadings' precisions: their MAP would shrink a column and its precision together " +
                    $"towards the degenerate W = 0, α = ∞, so EM has no useful MAP for it; fit with {Vmp} or state none for a maximum-likelihood fit");
            if (!mixture)
                throw Refusal($"{part}: EM's MAP step takes stated priors on mixtures' weights, means, precisions and probabilities; " +
                    $"its linear-Gaussian M step is maximum likelihood, so fit with {Vmp} or state none");
            priors = prior switch
            {
                // A Dirichlet on the observed variable's parameter is on a categorical's symbol probabilities, not the mixing weights.
                DirichletParameterPrior d when parameter.Owner == graph.Observation.Name =>
                    priors with { Symbols = AtLeastOne(part, "every concentration", Enumerable.Range(0, parameter.Size).Select(d.Concentration).ToArray()) },
                DirichletParameterPrior d => priors with { Concentrations = AtLeastOne(part, "every concentration", Enumerable.Range(0, parameter.Size).Select(d.Concentration).ToArray()) },
                BetaParameterPrior b => priors with { Beta = (AtLeastOne(part, "a", [b.A])[0], AtLeastOne(part, "b", [b.B])[0]) },
                GaussianParameterPrior g => priors with
                {
                    Means = (g.MeanOver(parameter.Size), g.Precision),
                },
                WishartParameterPrior w => priors with { Wishart = Wishart(part, w, parameter.Size) },
                GammaParameterPrior g => priors with { Gamma = (AtLeastOne(part, "the shape", [g.Shape])[0], g.Rate) },
                _ => throw Refusal($"{part} has no MAP step in EM; fit with {Vmp}"),
            };
        }
        return priors;
    }

    /// <summary>
    /// The Dirichlet concentrations stated on a Markov chain's initial distribution and on each row of its transitions (null
    /// where none is stated), refusing values below 1 as the mixtures' weights are refused.
    /// </summary>
    public static (double[]? Initial, double[]? Transitions) ForChain(ModelGraph graph) =>
        StatedChainPriors.Of(graph, (part, alpha) => AtLeastOne(part, "every concentration", alpha));

    static bool OnChain(ModelGraph graph, ModelParameter parameter) => StatedChainPriors.OnChain(graph, parameter);

    static (double Shape, double Scale) Wishart(string part, WishartParameterPrior w, int d)
    {
        var (shape, scale) = w.ShapeAndScaleOver(d);
        if (shape < (d + 1) / 2.0)
            throw Refusal($"{part}: EM's MAP precision Σₖ = (Sₖ + 2/s·I)/(Nₖ + 2a − d − 1) needs the shape a ≥ (d + 1)/2 = {(d + 1) / 2.0}, " +
                $"or an empty component's mode is a singular precision; raise the shape, or fit with {Vmp}");
        return (shape, scale);
    }

    static double[] AtLeastOne(string part, string name, double[] values) => values.All(v => v >= 1) ? values : throw Refusal(
        $"{part}: EM's MAP needs {name} ≥ 1, got {values.Min()}: below 1 the posterior's mode is on the boundary (a weight, probability or precision of 0) " +
        $"and the MAP fit degenerates; use values ≥ 1 (1 is maximum likelihood), or fit with {Vmp}");

    static BackendNotSupportedException Refusal(string message) => new("em", message);
}
