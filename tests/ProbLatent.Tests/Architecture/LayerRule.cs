namespace ProbLatent.Tests.Architecture;

/// <summary>
/// The library's layers, lowest first, as the README's Architecture section draws them; a type may refer to its own
/// layer and the ones below.
/// </summary>
internal enum Layer
{
    /// <summary>Numerics, Data, and the exceptions every layer throws (the root namespace).</summary>
    Foundations,
    /// <summary>Autodiff and Neural: the tape, layers and optimizers.</summary>
    Networks,
    Distributions,
    /// <summary>LatentModels and Files: fitted models, their evaluation and the files that save them.</summary>
    Results,
    Backends,
    /// <summary>Modeling: the description, and compiling it through a backend.</summary>
    Description,
    /// <summary>Inference (the backends' factory), model selection and plots: built on the fits.</summary>
    Front,
}

internal static class LayerRule
{
    static readonly (string Namespace, Layer Layer)[] Namespaces =
    [
        ("ProbLatent.Numerics", Layer.Foundations), ("ProbLatent.Data", Layer.Foundations),
        ("ProbLatent.Autodiff", Layer.Networks), ("ProbLatent.Neural", Layer.Networks),
        ("ProbLatent.Distributions", Layer.Distributions),
        ("ProbLatent.LatentModels", Layer.Results), ("ProbLatent.Files", Layer.Results),
        ("ProbLatent.Backends", Layer.Backends),
        ("ProbLatent.Modeling", Layer.Description),
        ("ProbLatent.Selection", Layer.Front), ("ProbLatent.Plotting", Layer.Front),
    ];

    /// <summary>The layer of a type of the library, placed by the namespace of its outermost type.</summary>
    public static Layer Of(Type type)
    {
        var outer = TypeReferences.Outermost(type);
        var ns = outer.Namespace ?? "";
        if (ns == "ProbLatent") return outer.Name == nameof(Inference) ? Layer.Front : Layer.Foundations;
        foreach (var (prefix, layer) in Namespaces)
            if (ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal)) return layer;
        // Compiler-generated helpers (<PrivateImplementationDetails>, embedded attributes) sit outside every namespace.
        return Layer.Foundations;
    }

    /// <summary>
    /// Whether a type in <paramref name="from"/> may refer to one in <paramref name="to"/>: downwards, and the
    /// description's vocabulary (ModelFamily, Covariance, Activation, the parts a backend compiles) for the fitted
    /// models that name it and the backends that compile it.
    /// </summary>
    public static bool Allows(Layer from, Layer to) =>
        to <= from || (to == Layer.Description && from is Layer.Results or Layer.Backends);
}
