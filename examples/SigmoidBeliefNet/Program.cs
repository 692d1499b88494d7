// A two-layer sigmoid belief net, h2 ∈ {0,1}² → h1 ∈ {0,1}⁴ → x ∈ {0,1}¹⁶, over 4×4 binary images: the top bits pick
// which quadrants are likely on, each quadrant bit lights its pixels. Data are drawn from known parameters; EM learns
// them with exact enumeration of the 2⁶ joint states (its objective never decreases), encoding gives p(h | x) layer by
// layer — the abstraction — and sampling draws new images from the fitted net — the generation.
// Run from the repository root: dotnet run -c Release --project examples/SigmoidBeliefNet   (Debug works too)
using SigmoidBeliefNet;
using ProbLatent.LatentModels;

const int count = 2000;
var truth = SigmoidBeliefNetDemo.Truth();
var data = truth.Generate(count, new Random(1)).Data;
Console.WriteLine($"model: {SigmoidBeliefNetDemo.Model}");
Console.WriteLine($"data:  {count} 4×4 images drawn from a known net: h2₁ turns on the top quadrants, h2₂ the diagonal ones");
Console.WriteLine();
foreach (var (backend, outcome) in SigmoidBeliefNetDemo.WhichBackendsRun(truth)) Console.WriteLine($"{backend,-16} {outcome}");
Console.WriteLine();

var fit = SigmoidBeliefNetDemo.Fit(data);
var fitted = (BooleanLatentModel)fit.Parameters;
Console.WriteLine($"EM: {fit.Iterations} iterations of the best of 3 restarts, converged {fit.Converged}; log p(x) + log p(θ) went from " +
                  $"{fit.Trace[0]:F1} to {fit.Trace[^1]:F1}, its smallest rise in one iteration {SigmoidBeliefNetDemo.SmallestRise(fit.Trace):G3}");
SigmoidBeliefNetDemo.PrintLikelihoods(data, truth, fitted, Console.Out);
double gap = truth.PointLogLikelihoods(data).Average() - fitted.PointLogLikelihoods(data).Average();
Console.WriteLine($"EM's fit is {gap:F3} nats per point below the generating net (a negative gap is above it: EM maximises the");
Console.WriteLine("likelihood of this sample). EM finds a local maximum, so more restarts can only help; the bits are learned up to");
Console.WriteLine("their order and sign, which the likelihood does not see.");
Console.WriteLine();

Console.WriteLine("encode: two images and their posterior marginals under the fit, top layer first");
SigmoidBeliefNetDemo.PrintEncoding(fitted, data, 0, Console.Out);
Console.WriteLine();
SigmoidBeliefNetDemo.PrintEncoding(fitted, data, 1, Console.Out);
Console.WriteLine();
Console.WriteLine("sample: eight images drawn from the fitted net (h2, then h1 given h2, then x given h1)");
SigmoidBeliefNetDemo.PrintSamples(fitted, 8, seed: 2, Console.Out);
