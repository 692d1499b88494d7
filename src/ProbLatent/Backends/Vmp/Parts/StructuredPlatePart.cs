using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Parts;

/// <summary>
/// One plate for two latents: a categorical c and a Gaussian h that a factor reads together with c selecting — the
/// decoder of the data selecting a linear map over h (a mixture of factor analysers), or h's own conditional selecting its
/// mean and precision (a mixture of common factor analysers). Under such a factor, h given c = k has a Gaussian message of
/// its own per component, so mean-field q(c) q(h) would lose the coupling and give every point a covariance of its own;
/// q(cₙ, hₙ) = q(cₙ) q(hₙ | cₙ) keeps it, with one covariance per component (Ghahramani and Beal 2000), and is updated as a
/// pair (<see cref="FactorMixturePlateNode"/>). A root standard normal h adds its prior h | c ~ N(0, I) here; a conditioned h
/// takes its prior from its conditional's part.
/// </summary>
internal sealed class StructuredPlatePart(LatentNode categorical, LatentNode gaussian) : VmpPart
{
    FactorMixturePlateNode? _plate;

    public override string Description => $"latents '{categorical.Name}', '{gaussian.Name}': structured plate q({categorical.Name}ₙ) q({gaussian.Name}ₙ | {categorical.Name}ₙ)";

    public override PartKind Kind => PartKind.Plate;

    public override void AddNodes(VmpAssembly assembly) => _plate = assembly.AddPlate(
        new FactorMixturePlateNode($"{categorical.Name}, {gaussian.Name}", assembly.Data.Rows, categorical.States!.Value, gaussian.Dimension,
            assembly.Data.Missing), categorical, gaussian);

    public override void Connect(VmpAssembly assembly)
    {
        if (gaussian is { IsRoot: true, Prior: StandardNormalPrior })
            assembly.Graph.Connect(new StandardNormalGivenComponentFactor($"{gaussian.Name} | {categorical.Name} ~ N(0, I)", _plate!), _plate!);
    }

    public override IPosterior LatentPosterior(VmpAssembly assembly)
    {
        var plate = _plate!;
        var gaussians = Enumerable.Range(0, plate.Components).Select(c => ComponentPosterior(plate, c)).ToArray();
        return new FactorMixturePosterior(Responsibilities(plate), gaussians);
    }

    /// <summary>q(hₙ | cₙ = c) of every row: its means, and the component's covariance (per pattern of missing cells where some are).</summary>
    public static GaussianPosterior ComponentPosterior(FactorMixturePlateNode plate, int c)
    {
        int n = plate.Count, k = plate.Components, q = plate.Dimension, qq = q * q;
        var means = new double[n * q];
        for (int i = 0; i < n; i++) plate.Means.AsSpan((i * k + c) * q, q).CopyTo(means.AsSpan(i * q, q));
        if (plate.Missing is null) return new GaussianPosterior(means, plate.Covariance(c).ToArray(), n, q);
        var covariances = new double[plate.Patterns * qq];
        for (int p = 0; p < plate.Patterns; p++) plate.Covariance(p, c).CopyTo(covariances.AsSpan(p * qq, qq));
        return new GaussianPosterior(means, covariances, Enumerable.Range(0, n).Select(plate.PatternOf).ToArray(), q);
    }

    public static DiscretePosterior Responsibilities(FactorMixturePlateNode plate) =>
        new((double[])plate.Responsibilities.Clone(), plate.Count, plate.Components);
}
