using ProbLatent.Backends.Vmp.Parts;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>
/// A factor graph on one data set, assembled from the model's parts (<see cref="VmpPart"/>) and started from a seeded
/// random start, and how to read its results: the posterior over the parameters, from the part that generates the data,
/// and the posterior over each point's latents, from the plate that holds them.
/// </summary>
internal sealed class VmpModel
{
    readonly IReadOnlyList<VmpPart> _parts;
    readonly VmpAssembly _assembly;

    VmpModel(IReadOnlyList<VmpPart> parts, VmpAssembly assembly)
    {
        _parts = parts;
        _assembly = assembly;
    }

    public FactorGraph Graph => _assembly.Graph;

    /// <summary>
    /// Adds every part's nodes — the plates, then the decoders' parameters (the data's decoder first), then the latents'
    /// priors' — then every part's factors — the latents' priors, the plates', the decoders' — so each variable sums its
    /// messages in the order its factors were connected.
    /// </summary>
    public static VmpModel Assemble(IReadOnlyList<VmpPart> parts, VmpAssembly assembly)
    {
        foreach (var kind in new[] { PartKind.Plate, PartKind.Decoder, PartKind.LatentPrior })
            foreach (var part in parts.Where(p => p.Kind == kind)) part.AddNodes(assembly);
        foreach (var kind in new[] { PartKind.LatentPrior, PartKind.Plate, PartKind.Decoder })
            foreach (var part in parts.Where(p => p.Kind == kind)) part.Connect(assembly);
        assembly.Graph.PlatesFirst = !parts.Any(p => p.StartsItsPlate);
        return new VmpModel(parts, assembly);
    }

    /// <summary>
    /// Starts every variable, so the ELBO at iteration 0 is defined. The parts set what they start from: a mixture's
    /// q(z) (<see cref="MixtureStart.Responsibilities"/>), or the decoders' parameters. After q(z), every parameter is
    /// updated from its priors alone, so a parameter whose message reads another's q (a mean reads its precision's) finds
    /// one, then from all its messages, in schedule order; after the parameters, those no part set start at their priors,
    /// then the plates are updated from them.
    /// </summary>
    public VmpModel Start()
    {
        var set = _parts.SelectMany(p => p.Start(_assembly)).ToHashSet();
        var graph = Graph;
        var parameters = graph.Parameters;
        if (!graph.PlatesFirst)
        {
            foreach (var node in parameters) node.Update(priorsOnly: true);
            foreach (var node in parameters) node.Update();
        }
        else
        {
            foreach (var node in parameters.Where(n => !set.Contains(n))) node.Update(priorsOnly: true);
            foreach (var plate in graph.Plates) plate.Update();
        }
        return this;
    }

    public IParameterPosterior ParameterPosterior() => _parts.Select(p => p.ParameterPosterior(_assembly)).OfType<IParameterPosterior>().First();

    public IPosterior LatentPosterior() => _parts.Select(p => p.LatentPosterior(_assembly)).OfType<IPosterior>().Single();

    /// <summary>Σₙ log p(xₙ) under <paramref name="parameters"/> where a part knows it without reading the rows again; else null.</summary>
    public double? LogLikelihood(ILatentModel parameters) => _parts.Select(p => p.LogLikelihood(_assembly, parameters)).FirstOrDefault(v => v is not null);

    /// <summary>Refuses a fit whose mixture components collapsed onto too few points (<see cref="MixtureSpread"/>).</summary>
    public void CheckSpread()
    {
        foreach (var part in _parts) part.CheckSpread(_assembly, _assembly.Data);
    }
}
