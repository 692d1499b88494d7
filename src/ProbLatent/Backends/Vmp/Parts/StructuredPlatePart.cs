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
        new FactorMixturePlateNode($"{categorical.Name}, {gaussian.Name}", assembly.Data.Rows, categorical.States!.Value, gaussian.Dimension), categorical, gaussian);

    public override void Connect(VmpAssembly assembly)
    {
        if (gaussian is { IsRoot: true, Prior: StandardNormalPrior })
            assembly.Graph.Connect(new StandardNormalGivenComponentFactor($"{gaussian.Name} | {categorical.Name} ~ N(0, I)", _plate!), _plate!);
    }

    public override IPosterior LatentPosterior(VmpAssembly assembly)
    {
        var plate = _plate!;
        int n = plate.Count, k = plate.Components, q = plate.Dimension;
        var gaussians = Enumerable.Range(0, k).Select(c =>
        {
            var means = new double[n * q];
            for (int i = 0; i < n; i++) plate.Means.AsSpan((i * k + c) * q, q).CopyTo(means.AsSpan(i * q, q));
            return new GaussianPosterior(means, plate.Covariance(c).ToArray(), n, q);
        }).ToArray();
        return new FactorMixturePosterior(Responsibilities(plate), gaussians);
    }

    public static DiscretePosterior Responsibilities(FactorMixturePlateNode plate) =>
        new((double[])plate.Responsibilities.Clone(), plate.Count, plate.Components);
}
