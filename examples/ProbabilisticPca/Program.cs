// Probabilistic PCA two ways on data it generates: the closed-form maximum-likelihood solution (exact backend)
// and EM, which must climb to the same log-likelihood. Then factor analysis on the same data.
// Run: dotnet run --project examples/ProbabilisticPca
using ProbLatent;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

var random = new Random(1);
var truth = new LinearGaussianModel(
    loadings: Enumerable.Range(0, 8 * 2).Select(_ => random.NextDouble() * 2 - 1).ToArray(),
    mean: new double[8], noiseVariances: Enumerable.Repeat(0.1, 8).ToArray(), latentDimension: 2, isotropic: true);
var data = truth.Generate(5000, random).Data;

var ppca = Model.Define("ppca")
    .Latent("z", Prior.StandardNormal(dimension: 2))
    .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic)))
    .Observe("x", dimension: 8);
var factorAnalysis = Model.Define("fa")
    .Latent("z", Prior.StandardNormal(dimension: 2))
    .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)))
    .Observe("x", dimension: 8);

foreach (var (name, fit) in new[]
{
    ("PPCA, closed form", ppca.Compile(Inference.Exact()).Fit(data)),
    ("PPCA, EM", ppca.Compile(Inference.Em(restarts: 1, seed: 1, tolerance: 1e-10)).Fit(data)),
    ("FA, EM", factorAnalysis.Compile(Inference.Em(restarts: 1, seed: 1, tolerance: 1e-10)).Fit(data)),
})
{
    var model = (LinearGaussianModel)fit.Parameters;
    Console.WriteLine($"{name,-18} log p(x) = {fit.LogLikelihood,12:F4}  ELBO = {fit.Elbo.Value,12:F4}  " +
                      $"iterations = {fit.Iterations,4}  noise = {model.NoiseVariances.Average():F4} (true 0.1)");
}
