using ProbLatent.Backends.Vmp.Models;
using ProbLatent.Data;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp.Rules;

/// <summary>
/// A categorical latent selecting a linear-Gaussian decoder over a standard normal latent (<see cref="FactorMixtureShape"/>):
/// a structured plate q(c) q(h | c) under Dirichlet weights, and per component loadings with ARD, means and Gamma noise —
/// the Bayesian mixture of factor analysers or of PPCA. It starts from k-means++ responsibilities, not from a fitted mixture.
/// </summary>
internal sealed class PerComponentLinearGaussianRule : VmpRule
{
    public override bool Accepts(ModelGraph graph) => FactorMixtureShape.Of(graph) is not null;

    public override Func<DataMatrix, Random, VmpModel> Compile(VmpCompilation compilation)
    {
        var shape = FactorMixtureShape.Of(compilation.Graph)!;
        compilation.CheckLatentDimension(shape.Input);
        int k = shape.Components, q = shape.LatentDimension;
        var priors = compilation.Priors;
        return (data, random) => FactorMixtureVmp.Build(data, k, q, shape.Isotropic, priors,
            compilation.Responsibilities(data, k, random, inColumnUnits: true), random);
    }
}
