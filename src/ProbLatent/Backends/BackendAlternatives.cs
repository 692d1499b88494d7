using ProbLatent.Backends.Em;
using ProbLatent.Backends.Exact;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Modeling;

namespace ProbLatent.Backends;

/// <summary>
/// Which other backends run a model a backend refuses, found by asking them — each compiles the model with its default
/// options — rather than written into each refusal, so a refusal stays true as the backends learn parts. A backend that
/// asks is never asked itself, and the backends asked do not ask back.
/// </summary>
internal static class BackendAlternatives
{
    /// <summary>Each backend with the call that makes it and what it does, in the order a refusal offers them.</summary>
    static readonly (string Name, string Call, Func<IBackend> Make)[] s_backends =
    [
        ("em", "Inference.Em() (exact posteriors, maximum-likelihood or MAP parameters)", () => new EmBackend(new EmOptions())),
        ("exact", "Inference.Exact() (the closed-form fit)", () => new ExactBackend(null)),
        ("reparameterized", "Inference.Reparameterized() (an amortized Gaussian guide by stochastic gradients)", () => new ReparameterizedBackend(new ReparameterizedOptions())),
    ];

    /// <summary>The calls of the backends other than <paramref name="asking"/> that compile <paramref name="model"/>.</summary>
    public static IReadOnlyList<string> For(Model model, string asking) =>
        s_backends.Where(b => b.Name != asking && Compiles(b.Make(), model)).Select(b => b.Call).ToArray();

    /// <summary>"fit it with A or B", or that no backend fits it.</summary>
    public static string Advice(Model model, string asking) => Advice(For(model, asking));

    /// <summary>The advice for the calls <see cref="For"/> found, for a caller that reads them too.</summary>
    public static string Advice(IReadOnlyList<string> calls) => calls switch
    {
        [] => "no other backend fits it either",
        _ => "fit it with " + string.Join(" or ", calls),
    };

    static bool Compiles(IBackend backend, Model model)
    {
        try
        {
            backend.Compile(model);
            return true;
        }
        catch (BackendNotSupportedException)
        {
            return false;
        }
    }
}
