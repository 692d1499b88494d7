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
    /// Fits the model to sequences. A sequence model (a Markov-chain latent) reads each sequence's steps in order; a model of
    /// independent points fits every step of every sequence as one point, as <see cref="Fit"/> fits <see cref="SequenceData.Steps"/>.
    /// </summary>
    public virtual FitResult FitSequences(SequenceData data, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Fit(data.Steps, progress, cancellation);
    }

    /// <summary>
    /// Fits the model to a data source. Data held in memory (<see cref="DataSource.InMemory"/>) is fitted as
    /// <see cref="Fit"/> fits it; a source read in blocks is fitted by
    /// the backends that sweep it a block at a time (EM and VMP for Gaussian and Bernoulli mixtures, EM for PPCA and factor
    /// analysis from the mean and covariance its start's passes take), and refused by the others, which
    /// say so: read such a source into memory (<see cref="DataSource.ReadAll"/>) to fit it with them.
    /// </summary>
    public virtual FitResult FitSource(DataSource source, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source is MatrixSource held) return Fit(held.Data, progress, cancellation);
        throw new BackendNotSupportedException(Backend,
            $"model '{Model.Name}': the {Backend} backend fits data held in memory, and {source.Name} is read in blocks; EM and VMP fit Gaussian and " +
            "Bernoulli mixtures, and EM PPCA and factor analysis, over a source read in blocks; read the source into memory to fit it here");
    }

    /// <summary>
    /// Checks the data suits the model before any work: its dimension and its support, and under a Gaussian likelihood
    /// that every column varies, within the range double precision can fit (see <see cref="GaussianValues"/>).
    /// </summary>
    protected void CheckData(DataMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckColumns(data.Columns, data.Source);
        if (!MarginalisesMissing) data.RefuseMissing($"the {Backend} backend for model '{Model.Name}'");
        data.Missing?.RefuseUnobservedColumns(data.Shape);
        foreach (var latent in Model.Latents)
            if (latent.Prior is CategoricalPrior { Components: var k } && k > data.Rows)
                throw new DataException($"has {Counted.Of(data.Rows, "row")}, fewer than the {Counted.Of(k, "component")} of latent '{latent.Name}'", data.Source);
            else if (latent.Prior is MarkovChainPrior { States: var states } && states > data.Rows)
                throw new DataException($"has {Counted.Of(data.Rows, "step")} in all, fewer than the {Counted.Of(states, "state")} of the chain '{latent.Name}'", data.Source);
        if (Model.DecoderSpec!.Likelihood is CategoricalLikelihood categorical) data.CheckSymbols(categorical.Symbols);
        else if (Model.DecoderSpec!.Likelihood is BernoulliLikelihood) data.CheckBinary();
        else data.CheckGaussianTraining();
    }

    /// <summary>
    /// Whether this backend marginalises missing cells for this model (EM for Gaussian and Bernoulli mixtures, PPCA, factor analysis and mixtures of factor analysers, Exact for their given parameters, VMP for Gaussian mixtures),
    /// scoring log p(x_observed); data with missing cells is refused otherwise, naming the backend and the model.
    /// </summary>
    public virtual bool MarginalisesMissing => false;

    /// <summary>
    /// Fits shards held elsewhere (the workers of a cluster, behind <paramref name="shards"/>): one sweep per iteration whose
    /// statistics are summed in shard order, from a start read from the shards' answers alone, so the same shards give the
    /// same fit wherever they are held. EM and VMP fit Gaussian and Bernoulli mixtures so, and EM PPCA and factor analysis
    /// (from the shards' mean and covariance, summed in shard order); other backends and models refuse.
    /// </summary>
    /// <exception cref="BackendNotSupportedException">This backend or model does not fit over shards.</exception>
    public virtual FitResult FitShards(Shards.IShardTransport shards, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default) =>
        throw new BackendNotSupportedException(Backend,
            $"model '{Model.Name}': a fit over shards runs EM or VMP for Gaussian and Bernoulli mixtures (Inference.Em, Inference.Vmp) and EM for PPCA and factor analysis");

    /// <summary>Checks a data set's width against the observed variable's dimension.</summary>
    protected void CheckColumns(int columns, string source)
    {
        var observed = Model.Observed!;
        if (columns != observed.Dimension)
            throw new DataException(
                $"has {Counted.Of(columns, "column")} but model '{Model.Name}' observes '{observed.Name}' with dimension {observed.Dimension}", source);
    }
}
