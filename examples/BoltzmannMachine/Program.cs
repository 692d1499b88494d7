// A restricted Boltzmann machine on the bars problem: 4×4 binary images in which each row and each column is a bar,
// lit with probability 1/4. Contrastive divergence (CD-1) and persistent CD (PCD-1) train 8 hidden units, one per
// bar at best; with 8 hidden units log Z is exact by enumerating their 2⁸ states, so the log-likelihoods below are
// exact, and AIS's estimate of log Z can be checked against it. Encoding gives p(h = 1 | v) — which bars an image
// holds — and sampling runs Gibbs chains for new images.
// Run from the repository root: dotnet run -c Release --project examples/BoltzmannMachine   (Debug works too)
using BoltzmannMachine;
using ProbLatent.LatentModels;

var data = BoltzmannMachineDemo.Bars4x4(2000, seed: 1);
Console.WriteLine($"model: {BoltzmannMachineDemo.Model}");
Console.WriteLine($"data:  {data.Rows} 4×4 images of bars; the independent-pixel model of their base rates has log p(v) " +
                  $"{BoltzmannMachineDemo.BaseRateLogLikelihood(data):F3} per point");
Console.WriteLine();

RestrictedBoltzmannMachine? trained = null;
foreach (bool persistent in new[] { false, true })
{
    var fit = BoltzmannMachineDemo.Fit(data, persistent, epochs: 50);
    trained = (RestrictedBoltzmannMachine)fit.Parameters;
    Console.WriteLine($"{(persistent ? "PCD-1" : "CD-1 ")}: {fit.Iterations} epochs in {fit.WallTime.TotalSeconds:F1} s; exact log p(v) {fit.LogLikelihoodPerPoint:F3} per point, " +
                      $"pseudo-log-likelihood {fit.Trace[0]:F3} → {fit.Trace[^1]:F3}");
}
Console.WriteLine();

var estimate = trained!.EstimateLogPartition(new AisOptions { Chains = 100, Temperatures = 1000, Seed = 1 }, data);
Console.WriteLine($"log Z of the PCD machine: exact {trained.LogPartition:F4}; {estimate}");
Console.WriteLine();

Console.WriteLine("the hidden units' filters (pixels with a weight above half the unit's largest):");
BoltzmannMachineDemo.PrintFilters(trained, Console.Out);
Console.WriteLine();

var first = data.SelectRows([0]);
Console.WriteLine($"encode: the first image and p(h = 1 | v) = {string.Join(" ", trained.HiddenProbabilities(first).Select(p => p.ToString("F2")))}");
BoltzmannMachineDemo.PrintImages([first.Row(0).ToArray()], Console.Out);
Console.WriteLine();

Console.WriteLine("sample: six images from Gibbs chains (1000 sweeps of burn-in, 10 between samples)");
var drawn = trained.Sample(6, new GibbsOptions { Chains = 6, Seed = 2 }).Data;
BoltzmannMachineDemo.PrintImages(drawn.ToRows(), Console.Out);
