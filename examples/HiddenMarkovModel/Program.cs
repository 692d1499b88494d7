// The Nile's annual flow, 1871–1970, as one sequence: a 2-state hidden Markov model with Gaussian emissions, fitted by
// Baum–Welch (EM) and as the Bayesian HMM (VMP), and each fit's parameters evaluated by exact forward–backward. The most
// probable (Viterbi) path of each fit changes state once, the year the flow dropped (the Aswan dam's start is 1898).
// Run from the repository root: dotnet run -c Release --project examples/HiddenMarkovModel
using HiddenMarkovModelExample;
using ProbLatent.Data;
using ProbLatent.LatentModels;

var data = Examples.Nile();   // shipped inside the library: 100 years of flow, 10⁸ m³
Console.WriteLine($"model: {NileRegimes.Chain}");
Console.WriteLine($"data:  {data.Rows} years from {Examples.NileFirstYear}");
Console.WriteLine();

var rows = NileRegimes.Run(data, restarts: 10, seed: 1);
NileRegimes.Print(rows, Console.Out);
Console.WriteLine();
Console.WriteLine($"Baum–Welch's maximum {rows[0].Fit.LogLikelihood:F4}; pomegranate and a NumPy Baum–Welch reach {NileRegimes.ReferenceLogLikelihood:F4}.");
var hmm = (HiddenMarkovModel)rows[0].Fit.Parameters;
var g = (GaussianMixture)hmm.Emissions;
for (int k = 0; k < hmm.States; k++)
    Console.WriteLine($"state {k}: mean flow {g.Mean(k)[0]:F1}, expected duration {hmm.ExpectedDurations()[k]:G4} years");
