using ProbLatent.Backends;
using ProbLatent.Backends.Em;
using ProbLatent.Backends.Vmp;

namespace ProbLatent.Cli.Options;

/// <summary>The backend settings from the command line, and the backends they make.</summary>
/// <remarks>Unset values take the library's defaults (<see cref="EmOptions"/>, <see cref="VmpOptions"/>), so the two never drift apart.</remarks>
public sealed record BackendOptions
{
    public int? Seed { get; init; }
    public int? Restarts { get; init; }
    public int? MaxIterations { get; init; }
    public double? Tolerance { get; init; }

    /// <summary>VMP's priors, each unset one at its documented default.</summary>
    public VmpPriors Priors { get; init; } = new();

    /// <summary>The backends <c>--backend</c> accepts, in the order <c>compare</c> runs them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["exact", "em", "vmp"];

    public const string DefaultBackend = "em";

    public IBackend Create(string name)
    {
        var em = new EmOptions();
        var vmp = new VmpOptions();
        return name switch
        {
            "exact" => Inference.Exact(),
            "em" => Inference.Em(
                restarts: Restarts ?? em.Restarts,
                seed: Seed ?? em.Seed,
                maxIterations: MaxIterations ?? em.MaxIterations,
                tolerance: Tolerance ?? em.Tolerance),
            "vmp" => Inference.Vmp(
                restarts: Restarts ?? vmp.Restarts,
                seed: Seed ?? vmp.Seed,
                maxIterations: MaxIterations ?? vmp.MaxIterations,
                tolerance: Tolerance ?? vmp.Tolerance,
                priors: Priors),
            _ => throw new UsageException($"unknown backend '{name}'; the backends are: {string.Join(", ", Names)}"),
        };
    }

    /// <summary>Every backend, for <c>compare</c>; those that cannot run a model refuse it when compiling.</summary>
    public IReadOnlyList<IBackend> CreateAll() => Names.Select(Create).ToArray();
}
