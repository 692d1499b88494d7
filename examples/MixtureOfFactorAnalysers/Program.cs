// A mixture of factor analysers (Ghahramani and Hinton 1996): a categorical c picks a component and a Gaussian h its
// factors, x | c, h ~ N(W_c h + μ_c, Ψ_c). Data from a known mixture of three components, each near a plane of its own
// in 6 dimensions, is fitted by EM as a mixture of factor analysers and of PPCA, and, for comparison, as Gaussian
// mixtures (full and diagonal covariances) and one factor analyser. Then exact inference at EM's parameters: the
// responsibilities and E[h | x, c] of a few points, and draws from the fitted mixture.
// Run from the repository root: dotnet run -c Release --project examples/MixtureOfFactorAnalysers   (Debug works too)
using FactorAnalyserMixtures;
using ProbLatent;
using ProbLatent.LatentModels;
using static FactorAnalyserMixtures.FactorMixtureComparison;

var (data, truth) = Generate(count: 1000, seed: 1);
Console.WriteLine($"model: {FactorMixture(ProbLatent.Modeling.Covariance.Diagonal)}");
Console.WriteLine($"data:  {data.Rows} points from a mixture of {Components} factor analysers with {LatentDimension} factors each in {DataDimension} dimensions");
Console.WriteLine();

var fits = Run(data, restarts: 3, seed: 1);
Print(fits, truth, Console.Out);
Console.WriteLine();
Console.WriteLine("Each component's covariance is W Wᵀ + Ψ: two directions of spread and a noise variance per dimension, fewer numbers");
Console.WriteLine("than a full covariance, which pays for the directions the data does not use; diagonal covariances cannot follow");
Console.WriteLine("the planes, and one factor analyser has no clusters. PPCA's one noise variance per component is the narrower shape.");
Console.WriteLine();

var mfa = fits[0].Fit;
var exact = mfa.Model.Compile(Inference.Exact(mfa.Parameters)).Fit(data);
Console.WriteLine($"exact inference at EM's parameters: log p(x) = {exact.LogLikelihood:F3}, ELBO at the exact posterior = {exact.Elbo.Value:F3}");
Console.WriteLine("(a fit numbers its components in its own order, a permutation of the truth's)");
var posterior = (FactorMixturePosterior)exact.LatentPosterior;
foreach (int n in new[] { 0, 1, 2 })
{
    int c = posterior.Responsibilities.MostProbable()[n];
    var r = posterior.Responsibilities.Row(n).ToArray();
    Console.WriteLine($"  point {n} (drawn by component {truth[n]}): p(c | x) = [{string.Join(", ", r.Select(p => p.ToString("F3")))}], " +
                      $"E[h | x, c = {c}] = [{string.Join(", ", posterior.Component(c).Mean(n).ToArray().Select(m => m.ToString("F3")))}]");
}
var drawn = mfa.Sample(5, seed: 2);
Console.WriteLine($"five draws from the fitted mixture, with the component and factors that made them ({string.Join(", ", drawn.Latents.ColumnNames)}):");
for (int n = 0; n < drawn.Data.Rows; n++)
    Console.WriteLine($"  [{string.Join(", ", drawn.Data.Row(n).ToArray().Select(x => x.ToString("F2")))}]  " +
                      $"c = {drawn.Latents[n, 0]}, h = [{string.Join(", ", drawn.Latents.Row(n)[1..].ToArray().Select(h => h.ToString("F2")))}]");
