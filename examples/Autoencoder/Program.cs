// The plain autoencoder: a point-mass guide z = f(x), so nothing is drawn and no ELBO or log p(x) exists, trained on the
// reconstruction Σ log p(x | f(x)) alone. With a linear encoder and decoder under Gaussian noise it can do no better than
// principal components, and it does as well: on the iris flowers, for codes of 1, 2 and 3 numbers, its reconstruction
// beside that of projecting on the leading principal components, and how closely its codes follow the principal scores.
// Run from the repository root: dotnet run -c Release --project examples/Autoencoder   (Debug works too)
using Autoencoders;
using ProbLatent.Data;

var data = Examples.Iris();
Console.WriteLine($"model: {AutoencoderComparison.Linear(2, data.Columns)}");
Console.WriteLine($"data:  iris, {data.Rows} flowers × {data.Columns} measurements");
Console.WriteLine();
AutoencoderComparison.Print(AutoencoderComparison.Run(data, [1, 2, 3]), Console.Out);
Console.WriteLine();
Console.WriteLine("No linear map through q codes reconstructs better than the q leading principal components (Eckart–Young).");
Console.WriteLine("The autoencoder, trained by gradient steps on its reconstruction alone, comes within hundredths of a nat of");
Console.WriteLine("that ceiling, and its codes span the principal scores' space: canonical correlations near 1 mean the codes are");
Console.WriteLine("the scores up to an invertible linear map (an autoencoder, unlike PCA, has no reason to pick orthogonal axes).");
Console.WriteLine("For the 2-D codes of MNIST beside a VAE's, see `problatent fit --model autoencoder --beside` in the CLI README.");
