using System.Reflection;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp;

/// <summary>
/// The priors a model states, as VMP's priors: each one sets the <see cref="VmpPriors"/> values of its parameter to
/// explicit numbers (never to a default, so a change of VmpPriors' defaults does not change a stated prior's fit), and
/// every parameter the model leaves without a prior keeps the options' value, or the default. A parameter that both the
/// model and <see cref="VmpOptions.Priors"/> give a prior is refused naming both, rather than one silently winning.
/// </summary>
internal static class StatedVmpPriors
{
    public static VmpPriors Resolve(ModelGraph graph, VmpPriors? given, int dimension)
    {
        var priors = given ?? new VmpPriors();
        var unset = new VmpPriors();
        // The ARD prior falls back to the noise's Gamma; a Gamma stated on the noise alone must not move it.
        if (graph.Priors.Values.Any(p => p is GammaParameterPrior) && !graph.Priors.Values.Any(p => p is ArdParameterPrior))
            priors = priors with { ArdShape = priors.ResolvedArdShape, ArdRate = priors.ResolvedArdRate, ArdFallsBackToNoise = false };
        foreach (var (parameter, prior) in graph.Priors)
        {
            // A conditioned latent's own parameters (ξ, Λ of z | c) have priors in its units, which its part reads itself.
            if (ConditionedLatentOwns(graph, parameter)) continue;
            // A Markov chain's π and A have Dirichlets of their own, which its part reads (StatedChainPriors).
            if (StatedChainPriors.OnChain(graph, parameter)) continue;
            bool symbols = parameter.Owner == graph.Observation.Name;
            var stated = Apply(graph.Name, parameter, prior, unset, dimension, symbols);
            if (given is not null && Fields.Where(f => !f.Same(stated, unset)).FirstOrDefault(f => !f.Same(given, unset)) is { } both)
                throw new BackendNotSupportedException("vmp",
                    $"model '{graph.Name}' states the prior {prior} on '{parameter.FullName}', and VmpOptions.Priors gives it too ({both.Name}); " +
                    "give each prior in one place: state it in the model, or leave it out of the model and set it in the options");
            priors = Apply(graph.Name, parameter, prior, priors, dimension, symbols);
        }
        return priors;
    }

    /// <summary>Whether the parameter belongs to a latent whose distribution depends on another (its part states its priors).</summary>
    public static bool ConditionedLatentOwns(ModelGraph graph, ModelParameter parameter) =>
        graph.Latents.Any(l => !l.IsRoot && l.Name == parameter.Owner);

    /// <param name="symbols">Whether the parameter is the observed variable's, where a Dirichlet is on a categorical's symbol probabilities.</param>
    static VmpPriors Apply(string model, ModelParameter parameter, ParameterPrior prior, VmpPriors priors, int dimension, bool symbols) => prior switch
    {
        DirichletParameterPrior d when symbols && d.Concentrations.Distinct().Count() == 1 => priors with { SymbolConcentration = d.Concentrations[0] },
        DirichletParameterPrior d when symbols => priors with { SymbolConcentrationsStated = d.Concentrations.ToArray() },
        DirichletParameterPrior d when d.Concentrations.Distinct().Count() == 1 => priors with { WeightConcentration = d.Concentrations[0] },
        DirichletParameterPrior d => priors with { ComponentConcentrations = d.Concentrations.ToArray() },
        BetaParameterPrior b => priors with { BetaA = b.A, BetaB = b.B },
        GaussianParameterPrior g when parameter.Role == ParameterRole.Means => priors with
        {
            MeanPrecision = g.Precision,
            MeanMean = g.MeanOver(dimension),
        },
        WishartParameterPrior w => w.ShapeAndScaleOver(parameter.Size) switch
        {
            var (shape, scale) => priors with { WishartShape = shape, WishartScale = scale },
        },
        GammaParameterPrior g => priors with { GammaShape = g.Shape, GammaRate = g.Rate },
        ArdParameterPrior a => priors with { ArdShape = a.Precision.Shape, ArdRate = a.Precision.Rate },
        _ => throw new BackendNotSupportedException("vmp",
            $"model '{model}': the prior {prior} on '{parameter.FullName}' has no VMP factor here; VMP puts ARD on the loadings of PPCA and factor analysis, so state ParameterPrior.Ard(shape, rate)"),
    };

    /// <summary>The VmpPriors values a stated prior can set, compared by value to tell which it sets and which the options set.</summary>
    static readonly Field[] Fields = new[]
    {
        nameof(VmpPriors.WeightConcentration), nameof(VmpPriors.ComponentConcentrations), nameof(VmpPriors.BetaA), nameof(VmpPriors.BetaB),
        nameof(VmpPriors.SymbolConcentration), nameof(VmpPriors.SymbolConcentrationsStated),
        nameof(VmpPriors.MeanPrecision), nameof(VmpPriors.MeanMean), nameof(VmpPriors.WishartShape), nameof(VmpPriors.WishartScale),
        nameof(VmpPriors.GammaShape), nameof(VmpPriors.GammaRate), nameof(VmpPriors.ArdShape), nameof(VmpPriors.ArdRate),
    }.Select(Field.Of).ToArray();

    /// <summary>A property of <see cref="VmpPriors"/>, read by its name so that the name a refusal gives is the property's own.</summary>
    sealed record Field(string Name, PropertyInfo Property)
    {
        public static Field Of(string name) =>
            new(name, typeof(VmpPriors).GetProperty(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                      ?? throw new InvalidOperationException($"VmpPriors has no property {name}"));

        public bool Same(VmpPriors a, VmpPriors b) => (Property.GetValue(a), Property.GetValue(b)) switch
        {
            (IEnumerable<double> x, IEnumerable<double> y) => x.SequenceEqual(y),
            var (x, y) => Equals(x, y),
        };
    }
}
