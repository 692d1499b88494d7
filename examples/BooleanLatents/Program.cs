// Boolean latent variables with exact enumeration: three hidden binary causes, each lighting six of twelve binary
// pixels (neighbouring causes overlap). Data are drawn from known parameters; the program asks every backend whether
// it can run the model, fits it by EM, evaluates the truth, the fit and a no-latent baseline exactly (log p(x) by
// enumerating the 2³ states), compares the exact posterior's ELBO with that of a mean-field q, and prints the exact
// posterior of two data points beside the mean-field one. examples/SigmoidBeliefNet stacks a second layer on top.
// Run from the repository root: dotnet run -c Release --project examples/BooleanLatents   (Debug works too)
using BooleanLatents;
using ProbLatent.LatentModels;

const int count = 2000;
var truth = BooleanLatentsDemo.Truth();
var drawn = truth.Generate(count, new Random(1));
var data = drawn.Data;
Console.WriteLine($"model: {BooleanLatentsDemo.Model}");
Console.WriteLine($"data:  {count} points drawn from known parameters: cause i lights pixels 4i…4i+5 (wrapping), p(z = 1) = {string.Join(", ", truth.Priors)}");
Console.WriteLine();

foreach (var (backend, outcome) in BooleanLatentsDemo.WhichBackendsRun(truth)) Console.WriteLine($"{backend,-16} {outcome}");
Console.WriteLine("EM learns the parameters (its E step enumerates the 2³ states, its M step takes Newton steps on each pixel's");
Console.WriteLine("logistic regression); exact inference evaluates any given ones. Both are scored against the truth and a baseline");
Console.WriteLine("without latent structure (W = 0: each pixel on with its frequency in the data).");
Console.WriteLine();

BooleanLatentsDemo.PrintComparisons(
[
    BooleanLatentsDemo.Compare("truth", truth, data),
    BooleanLatentsDemo.Compare("EM fit", BooleanLatentsDemo.FitByEm(data), data),
    BooleanLatentsDemo.Compare("independent pixels", BooleanLatentsDemo.IndependentPixels(data), data),
], count, Console.Out);
Console.WriteLine("The mean-field q keeps each bit's exact marginal but treats the bits as independent; its gap below log p(x) is");
Console.WriteLine("exactly Σ KL(q ‖ p(z|x)). Without latent structure the bits are independent a posteriori, and mean-field is exact.");
Console.WriteLine();

var exact = (BooleanPosterior)truth.Posterior(data);
BooleanLatentsDemo.PrintPosterior("a point drawn with cause 2 alone", data, drawn.Latents, BooleanLatentsDemo.FirstWithOnlyCause(drawn.Latents, cause: 1), exact, Console.Out);
Console.WriteLine();
BooleanLatentsDemo.PrintPosterior("the point where mean-field loses most", data, drawn.Latents, BooleanLatentsDemo.LargestMeanFieldLoss(exact), exact, Console.Out);
Console.WriteLine("Explaining away: where two causes overlap, either can light the shared pixels, so given x the bits are correlated");
Console.WriteLine("(one on makes the other less needed). The exact posterior keeps that; a product of independent bits cannot.");
