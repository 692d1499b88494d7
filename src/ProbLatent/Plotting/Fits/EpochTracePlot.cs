using ProbLatent.Backends.Reparameterized;

namespace ProbLatent.Plotting.Fits;

/// <summary>
/// A variational autoencoder's training per epoch: the training objective (the mean over the epoch's minibatches, while
/// the model was changing), and the validation and test ELBO at the end of each epoch; dashed, the importance-sampled
/// log-likelihood of the kept model when it was estimated. A plain autoencoder's trace is its reconstruction
/// log-likelihood log p(x | f(x)) on each set instead.
/// </summary>
public static class EpochTracePlot
{
    /// <param name="objective">What training maximised: "ELBO", or "IWAE-5".</param>
    /// <param name="logLikelihood">The kept model's log p(x) per point and what it is ("test log p(x), IWAE-1000 on every 10th row"), or null.</param>
    /// <exception cref="ArgumentException">No epochs.</exception>
    /// <param name="pointMass">The epochs are a plain autoencoder's, whose objective is the reconstruction log-likelihood.</param>
    public static LineChart Of(IReadOnlyList<EpochReport> epochs, string objective, (double PerPoint, string Label)? logLikelihood = null, bool pointMass = false)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        if (epochs.Count == 0) throw new ArgumentException("a training trace needs at least one epoch");
        var x = epochs.Select(e => (double)e.Epoch).ToArray();
        var series = new List<LineSeries> { new($"train {objective} (mean over the epoch)", x, epochs.Select(e => e.TrainObjective).ToArray()) };
        if (epochs.All(e => e.ValidationElbo is not null))
            series.Add(new LineSeries("validation ELBO", x, epochs.Select(e => e.ValidationElbo!.Value).ToArray()));
        if (epochs.All(e => e.TestElbo is not null))
            series.Add(new LineSeries("test ELBO", x, epochs.Select(e => e.TestElbo!.Value).ToArray()));
        if (epochs.All(e => e.ValidationReconstruction is not null))
            series.Add(new LineSeries($"validation {objective}", x, epochs.Select(e => e.ValidationReconstruction!.Value).ToArray()));
        if (epochs.All(e => e.TestReconstruction is not null))
            series.Add(new LineSeries($"test {objective}", x, epochs.Select(e => e.TestReconstruction!.Value).ToArray()));
        return new LineChart
        {
            Title = pointMass ? "Training an autoencoder: the reconstruction log-likelihood per epoch" : "Training a VAE: the bound per epoch",
            Subtitle = "nats per data point; train: averaged over each epoch's minibatches as they were trained, the others at each epoch's end",
            XTitle = "epoch",
            YTitle = "nats per data point",
            Series = series,
            ReferenceLines = logLikelihood is { } ll ? [new ReferenceLine(ll.Label, ll.PerPoint, ChartStyle.AxisColour)] : [],
            IntegerX = true,
        };
    }
}
