using ProbLatent.Backends.Reparameterized;

namespace MnistVae;

/// <summary>Prints a table of epochs: its header, then a line for each <see cref="EpochReport"/>.</summary>
public sealed class EpochPrinter(TextWriter writer)
{
    const string Format = "{0,5}  {1,10}  {2,14}  {3,8}  {4,9}  {5,9}  {6,8}";

    public void WriteHeader() =>
        writer.WriteLine(Format, "epoch", "train ELBO", "reconstruction", "KL", "test ELBO", "samples/s", "time (s)");

    public void Report(EpochReport r)
    {
        writer.WriteLine(Format, r.Epoch, r.TrainObjective.ToString("F2"), r.TrainReconstruction.ToString("F2"), r.TrainKl.ToString("F2"),
            r.TestElbo?.ToString("F2") ?? "", r.SamplesPerSecond.ToString("N0"), r.TrainingTime.TotalSeconds.ToString("F2"));
        writer.Flush();
    }
}
