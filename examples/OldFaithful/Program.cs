// Old Faithful, one model, three kinds of inference: a two-component full-covariance Gaussian mixture fitted by EM
// and by variational message passing (VMP), and each fit's parameters then evaluated by exact inference. The table
// shows log p(x), the ELBO and its terms, the gap between them, the iterations and the time, so you can see what
// each method's q(z) costs against the exact posterior.
// Run from the repository root: dotnet run -c Release --project examples/OldFaithful   (Debug works too, with slower times)
using OldFaithful;
using ProbLatent.Data;

var data = Examples.OldFaithful();   // shipped inside the library: 272 eruptions, (eruptions, waiting) in minutes
Console.WriteLine($"model: {BackendComparison.Mixture}");
Console.WriteLine($"data:  {data.Rows} points × {data.Columns} columns ({string.Join(", ", data.ColumnNames)})");
Console.WriteLine();

// A first, untimed run lets the JIT compile every code path, so the times below are the fits' own and not compilation's.
BackendComparison.Run(data, restarts: 1, seed: 1);
var rows = BackendComparison.Run(data, restarts: 5, seed: 1);
BackendComparison.Print(rows, Console.Out);
Console.WriteLine();

var em = rows.Single(r => r.Method == "EM").Fit;
Console.WriteLine($"EM's maximum: log p(x) = {em.LogLikelihood:F3}; mclust and scikit-learn reach {BackendComparison.ReferenceLogLikelihood:F3} on this model.");
Console.WriteLine("gap = log p(x) − ELBO = KL(q ‖ p(z|x)) ≥ 0: EM's last E step leaves almost none, the exact posterior none at all");
Console.WriteLine("(a rounding-sized gap can come out below zero). VMP's ELBO bounds the evidence, with the parameters integrated out:");
Console.WriteLine("its prior and entropy terms include θ's, and its gap also holds the cost of the parameters' uncertainty, KL(q(θ) ‖ p(θ)).");
Console.WriteLine("Its log p(x) is at the posterior means, a little below EM's maximum: the priors pull on θ.");
Console.WriteLine();

BackendComparison.PrintComponents(rows, data, Console.Out);
Console.WriteLine();
foreach (var refusal in BackendComparison.Refusals()) Console.WriteLine($"refused: {refusal}");
