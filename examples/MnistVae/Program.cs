// A variational autoencoder on binarized MNIST: the benchmark network (784-200-200-50, tanh, Bernoulli pixels) trained
// by the reparameterized engine for a few epochs, printing each epoch's ELBO as it finishes; then the test ELBO and the
// importance-sampled log p(x) (IWAE) on every 10th test row, a save and reload of the model, and digits drawn as text.
// Run from the repository root (about a minute on two cores; Release matters, the training is numeric work):
//   dotnet run -c Release --project examples/MnistVae -- [DATA_FOLDER] [--epochs N] [--train-rows N] [--iwae K] [--out FILE]
// DATA_FOLDER holds train.bin and test.bin; the default is ../shared/data/binarized_mnist next to the repository root.
using MnistVae;
using ProbLatent;

Settings settings;
try
{
    if (args is ["--help" or "-h"]) { Console.WriteLine(Settings.Usage); return 0; }
    settings = Settings.Parse(args, RepositoryRoot.DefaultDataFolder);
    settings.DataFiles();
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(Settings.Usage);
    return 2;
}

try
{
    MnistVaeDemo.Run(settings, Console.Out);
    return 0;
}
catch (ProbLatentException e)
{
    // A corrupt data file or a diverging run: the library's message names the file, row or epoch.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
