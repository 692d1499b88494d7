// A two-component Gaussian mixture on Old Faithful (embedded in the library), fitted by EM and then
// evaluated exactly: the ELBO of EM's last q lies below the exact log-likelihood, and the exact posterior closes the gap.
// Run: dotnet run --project examples/OldFaithful
using ProbLatent;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

var data = Examples.OldFaithful();
var mixture = Model.Define("old-faithful")
    .Latent("z", Prior.Categorical(components: 2))
    .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full)))
    .Observe("x", dimension: 2);

var em = mixture.Compile(Inference.Em(restarts: 5, seed: 1)).Fit(data);
var exact = mixture.Compile(Inference.Exact(em.Parameters)).Fit(data);

Console.WriteLine($"EM    log p(x) = {em.LogLikelihood:F3}  ELBO = {em.Elbo.Value:F6}  gap = {em.Gap:E2}  ({em.Iterations} iterations, {em.WallTime.TotalMilliseconds:F1} ms)");
Console.WriteLine($"exact log p(x) = {exact.LogLikelihood:F3}  ELBO = {exact.Elbo.Value:F6}  gap = {exact.Gap:E2}");
Console.WriteLine($"ELBO terms: {em.Elbo}");

var fitted = (GaussianMixture)em.Parameters;
for (int k = 0; k < fitted.Components; k++)
    Console.WriteLine($"component {k}: weight {fitted.Weights[k]:F3}, mean ({string.Join(", ", fitted.Mean(k).Select(v => v.ToString("F3")))})");

var assignments = ((DiscretePosterior)em.Encode(data)).MostProbable();
Console.WriteLine($"points per component: {string.Join(", ", assignments.GroupBy(a => a).OrderBy(g => g.Key).Select(g => g.Count()))}");
