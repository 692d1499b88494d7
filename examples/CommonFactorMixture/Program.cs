// A mixture of common factor analysers (Baek, McLachlan and Flack 2010): a categorical c picks a component, the factors
// z | c ~ N(ξ_c, Ω_c) sit where that component puts them in one factor space the components share, and x | z ~ N(A z + μ, Ψ)
// with one loading matrix A. It is a composition of parts — a latent given an earlier one — which Exact and EM compile by
// their local rules. The iris flowers are fitted by EM beside a mixture of factor analysers and a Gaussian mixture; then
// the fitted parameters, Exact's evaluation of them, and where each species sits in the shared factor space.
// Run from the repository root: dotnet run -c Release --project examples/CommonFactorMixture   (Debug works too)
using CommonFactorMixtures;
using ProbLatent;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using static CommonFactorMixtures.CommonFactorComparison;

var data = Examples.Iris();
var species = Species();
Console.WriteLine($"model: {CommonFactors.Graph}");
Console.WriteLine($"data:  iris, {data.Rows} flowers × {data.Columns} measurements, 3 species");
Console.WriteLine();

var fits = Run(data, restarts: 3, seed: 1);
Print(fits, species, Console.Out);
Console.WriteLine();
Console.WriteLine("The common factor analysers pay for one 4×2 loading matrix where the mixture of factor analysers pays for three:");
Console.WriteLine("fewer parameters, a lower likelihood, and every cluster seen through the same two factors.");
Console.WriteLine();

var mcfa = fits[0].Fit;
var fitted = (MixtureOfCommonFactorAnalysers)mcfa.Parameters;
Console.WriteLine($"{fitted} (factors pinned to mean 0 and pooled covariance I):");
PrintParameters(fitted, Console.Out);
var exact = mcfa.Model.Compile(Inference.Exact(fitted)).Fit(data);
Console.WriteLine($"exact inference at EM's parameters: log p(x) = {exact.LogLikelihood:F3}, ELBO at the exact posterior = {exact.Elbo.Value:F3}");
var names = Examples.IrisSpecies().Distinct().ToArray();
var centres = SpeciesFactorMeans((FactorMixturePosterior)exact.LatentPosterior, species);
Console.WriteLine("each species' mean E[z | x] in the shared factor space:");
for (int s = 0; s < centres.Length; s++)
    Console.WriteLine($"  {names[s],-12} z = [{string.Join(", ", centres[s].Select(v => v.ToString("F3")))}]");
