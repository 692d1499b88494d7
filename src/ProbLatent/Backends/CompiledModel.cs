using ProbLatent.Data;
using ProbLatent.Modeling;

namespace ProbLatent.Backends;

/// <summary>A model compiled for one backend, ready to fit data.</summary>
public abstract class CompiledModel(Model model, string backend)
{
    public Model Model { get; } = model;
    public string Backend { get; } = backend;

    /// <summary>
    /// Fits the model to the data; reports progress per iteration and stops early on cancellation, returning what it
    /// has fitted, or throwing <see cref="OperationCanceledException"/> when it has fitted nothing yet.
    /// </summary>
    public abstract FitResult Fit(DataMatrix data, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default);

    /// <summary>
    /// Checks the data suits the model before any work: its dimension and its support, and under a Gaussian likelihood
    /// that every column varies, within the range double precision can fit (see <see cref="GaussianValues"/>).
    /// </summary>
    protected void CheckData(DataMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckColumns(data.Columns, data.Source);
        foreach (var latent in Model.Latents)
            if (latent.Prior is CategoricalPrior { Components: var k } && k > data.Rows)
                throw new DataException($"has {Counted.Of(data.Rows, "row")}, fewer than the {Counted.Of(k, "component")} of latent '{latent.Name}'", data.Source);
        if (Model.DecoderSpec!.Likelihood is BernoulliLikelihood) data.CheckBinary();
        else data.CheckGaussianTraining();
    }

    /// <summary>Checks a data set's width against the observed variable's dimension.</summary>
    protected void CheckColumns(int columns, string source)
    {
        var observed = Model.Observed!;
        if (columns != observed.Dimension)
            throw new DataException(
                $"has {Counted.Of(columns, "column")} but model '{Model.Name}' observes '{observed.Name}' with dimension {observed.Dimension}", source);
    }
}
