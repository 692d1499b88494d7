using ProbLatent.Backends;
using ProbLatent.Backends.Em;

namespace ProbLatent.Cli.Options;

/// <summary>The backend settings from the command line, and the backends they make.</summary>
/// <remarks>Unset values take the library's defaults (<see cref="EmOptions"/>), so the two never drift apart.</remarks>
public sealed record BackendOptions
{
    public int? Seed { get; init; }
    public int? Restarts { get; init; }
    public int? MaxIterations { get; init; }
    public double? Tolerance { get; init; }

    /// <summary>The backends <c>--backend</c> accepts, in the order <c>compare</c> runs them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["exact", "em"];

    public const string DefaultBackend = "em";

    public IBackend Create(string name)
    {
        var defaults = new EmOptions();
        return name switch
        {
            "exact" => Inference.Exact(),
            "em" => Inference.Em(
                restarts: Restarts ?? defaults.Restarts,
                seed: Seed ?? defaults.Seed,
                maxIterations: MaxIterations ?? defaults.MaxIterations,
                tolerance: Tolerance ?? defaults.Tolerance),
            _ => throw new UsageException($"unknown backend '{name}'; the backends are: {string.Join(", ", Names)}"),
        };
    }

    /// <summary>Every backend, for <c>compare</c>; those that cannot run a model refuse it when compiling.</summary>
    public IReadOnlyList<IBackend> CreateAll() => Names.Select(Create).ToArray();
}
