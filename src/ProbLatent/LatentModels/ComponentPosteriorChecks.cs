namespace ProbLatent.LatentModels;

/// <summary>What a posterior q(cₙ) q(zₙ | cₙ) over a categorical c and a Gaussian z checks of its parts, whichever Gaussian it keeps.</summary>
internal static class ComponentPosteriorChecks
{
    /// <summary>The components as an array, after checking there is one per state of c, each over the same points, all of one dimension.</summary>
    /// <exception cref="ArgumentException">The count of components, or a component's points or dimension, does not fit.</exception>
    public static T[] Require<T>(DiscretePosterior responsibilities, IReadOnlyList<T> components, Func<T, int> dimension) where T : IPosterior
    {
        ArgumentNullException.ThrowIfNull(responsibilities);
        ArgumentNullException.ThrowIfNull(components);
        if (components.Count != responsibilities.States)
            throw new ArgumentException($"expected one Gaussian per component ({responsibilities.States}), got {components.Count}", nameof(components));
        if (components.Any(g => g.Count != responsibilities.Count || dimension(g) != dimension(components[0])))
            throw new ArgumentException($"every component's Gaussian must cover the {responsibilities.Count} points with one latent dimension", nameof(components));
        return components.ToArray();
    }
}
