using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends;

/// <summary>
/// The Dirichlets a model states on a Markov chain's own parameters, π ("initial") and every row of A ("transitions"),
/// which EM's MAP step and VMP's Dirichlet q read; they are not a mixture's weights.
/// </summary>
internal static class StatedChainPriors
{
    /// <summary>Each stated concentration vector, π's and A's rows', null where the model states none.</summary>
    public static (double[]? Initial, double[]? Transitions) Of(ModelGraph graph, Func<string, double[], double[]> check)
    {
        double[]? initial = null, transitions = null;
        foreach (var (parameter, prior) in graph.Priors.Where(p => OnChain(graph, p.Key)))
        {
            string part = $"model '{graph.Name}': the prior {prior} on '{parameter.FullName}'";
            var dirichlet = (DirichletParameterPrior)prior;
            var alpha = check(part, Enumerable.Range(0, parameter.Size).Select(dirichlet.Concentration).ToArray());
            if (parameter.Name == "initial") initial = alpha;
            else transitions = alpha;
        }
        return (initial, transitions);
    }

    /// <summary>Whether the parameter is a Markov chain latent's π or A.</summary>
    public static bool OnChain(ModelGraph graph, ModelParameter parameter) =>
        graph.Latents.Any(l => l.Kind == LatentKind.Chain && l.Name == parameter.Owner);
}
