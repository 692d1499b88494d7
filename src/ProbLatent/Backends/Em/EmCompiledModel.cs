using System.Diagnostics;
using ProbLatent.Backends.Shards;
using ProbLatent.Data;
using ProbLatent.Modeling;

namespace ProbLatent.Backends.Em;

/// <summary>
/// EM for every family: the shared fit loop over restarts of <see cref="EmRun"/>, or, over a data source read in blocks, of
/// <see cref="StreamedEmRun"/> for the families whose E step is a sum over blocks (<see cref="IStreamedEm"/>).
/// </summary>
internal sealed class EmCompiledModel(Model model, EmAlgorithm algorithm, EmOptions options) : IterativeCompiledModel(model, "em", options)
{
    public EmOptions Options { get; } = options;

    public override bool MarginalisesMissing => algorithm.MarginalisesMissing;

    /// <summary>
    /// A Gaussian mixture in memory without missing cells runs as a source of one block, one pass over the data per iteration
    /// (its E step and M-step statistics fused); every other family, and data with missing cells, alternates
    /// <see cref="EmAlgorithm.Expect(LatentModels.ILatentModel, DataMatrix)"/> and <see cref="EmAlgorithm.Maximize"/>.
    /// </summary>
    protected override IFitRun Start(DataMatrix data, int restart, Random random) => algorithm.For(data) switch
    {
        GaussianMixtureEm gaussian when !data.HasMissing => StreamedEmRun.InMemory(gaussian, data, restart, random, Options.Regularization),
        LinearGaussianEm linear when !data.HasMissing => new LinearGaussianMomentRun(linear, data, data, data.Source, data.Rows, restart, random,
            Options.Regularization),
        var bound => new EmRun(bound, data, restart, random, Options.Regularization),
    };

    /// <summary>
    /// Fits a source read in blocks with one pass per iteration (data in memory is fitted as a matrix is). The start is drawn
    /// from every row when the source has at most <see cref="EmOptions.StartRows"/>, so that it, the ridge and every check are
    /// an in-memory fit's, and from a seeded sample of that many rows beyond. A source that is not cheap to read again is read
    /// once, by the start's first pass, and then from a temporary copy of its values (<see cref="DataSource.Spill"/>).
    /// </summary>
    public override FitResult FitSource(DataSource source, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source is MatrixSource held) return Fit(held.Data, progress, cancellation);
        if (algorithm is not IStreamedEm and not LinearGaussianEm)
            throw new BackendNotSupportedException(Backend,
                $"model '{Model.Name}': EM over a source read in blocks fits Gaussian and Bernoulli mixtures, PPCA and factor analysis; this model is fitted in memory: read {source.Name} into memory to fit it");
        Options.Validate();
        CheckColumns(source.Columns, source.Name);
        var clock = Stopwatch.StartNew();
        using var spill = source.ReadsCheaply ? null : DataSource.Spill(source);
        source = spill ?? source;
        if (algorithm is LinearGaussianEm linear)
            return FitMoments(linear, SourceStart.Read(source, binary: false, Options.StartRows, Options.Seed, cancellation, covariance: true), source.Name,
                source.GivenColumnNames, clock, progress, cancellation);
        var streaming = (IStreamedEm)algorithm;
        bool binary = Model.DecoderSpec!.Likelihood is BernoulliLikelihood;
        var read = SourceStart.Read(source, binary, Options.StartRows, Options.Seed, cancellation, missing: streaming.StreamsMissing);
        var streamed = Streamed(streaming, read, binary);
        if (read.HasMissing) streamed = streamed.WithMissingCells();
        return Loop(read.Rows, source.GivenColumnNames,
            (restart, random) => new StreamedEmRun(streamed, new SourceSweep(streamed, source), source.ColumnNames, read.Rows, read.Start, restart, random,
                Options.Regularization, cancellation),
            clock, clock.Elapsed, progress, cancellation);
    }

    /// <summary>
    /// Fits shards wherever they are (this machine's threads, or the workers of a cluster), one sweep per iteration whose
    /// statistics are summed in shard order, from a start that depends only on the shards' rows and their order
    /// (<see cref="ShardStart"/>): the same shards give the same fit wherever they are held.
    /// </summary>
    public override FitResult FitShards(IShardTransport shards, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        return FitShards(new TransportShards(shards), progress, cancellation);
    }

    /// <inheritdoc cref="FitShards(IShardTransport, IProgress{FitProgress}?, CancellationToken)"/>
    internal FitResult FitShards(IShardExecutor shards, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (algorithm is not IStreamedEm and not LinearGaussianEm)
            throw new BackendNotSupportedException(Backend,
                $"model '{Model.Name}': EM over shards fits Gaussian and Bernoulli mixtures, PPCA and factor analysis, as VMP does; this model is fitted in memory " +
                "only (a mixture of factor analysers by EM or VMP)");
        Options.Validate();
        CheckColumns(shards.ColumnNames.Count, shards.Name);
        var clock = Stopwatch.StartNew();
        var columnNames = shards.HasColumnNames ? shards.ColumnNames : null;
        if (algorithm is LinearGaussianEm linear)
            return FitMoments(linear, ShardStart.Read(shards, binary: false, Options.StartRows, Options.Seed, cancellation, covariance: true, out _), shards.Name,
                columnNames, clock, progress, cancellation);
        var streaming = (IStreamedEm)algorithm;
        bool binary = Model.DecoderSpec!.Likelihood is BernoulliLikelihood;
        var read = ShardStart.Read(shards, binary, Options.StartRows, Options.Seed, cancellation, covariance: false, out _);
        var streamed = Streamed(streaming, read, binary);
        return Loop(read.Rows, columnNames,
            (restart, random) => new StreamedEmRun(streamed, shards, shards.ColumnNames, read.Rows, read.Start, restart, random, Options.Regularization,
                cancellation),
            clock, clock.Elapsed, progress, cancellation);
    }

    /// <summary>
    /// PPCA or factor analysis over rows read in passes: the start's passes give x̄ and S over every row (held whole when there
    /// are at most <see cref="EmOptions.StartRows"/>, so they are the in-memory fit's; else summed in block or shard order),
    /// and every iteration runs on them, as the in-memory fit does (<see cref="LinearGaussianMomentRun"/>): no sweep reads the rows.
    /// </summary>
    FitResult FitMoments(LinearGaussianEm linear, SourceStart read, string name, IReadOnlyList<string>? columnNames, Stopwatch clock,
        IProgress<FitProgress>? progress, CancellationToken cancellation)
    {
        LinearGaussianEm bound;
        if (read.HoldsAll)
        {
            CheckData(read.Start);
            bound = (LinearGaussianEm)linear.For(read.Start);
        }
        else
        {
            read.Start.CheckGaussianTraining();
            bound = linear.For(LinearGaussianEm.Moments.Of(read.Means!, read.Covariance!, read.Rows));
        }
        return Loop(read.Rows, columnNames,
            (restart, random) => new LinearGaussianMomentRun(bound, read.Start, null, name, read.Rows, restart, random, Options.Regularization),
            clock, clock.Elapsed, progress, cancellation);
    }

    /// <summary>The algorithm bound to what the start read: an in-memory fit's when it holds every row, else the columns' variances.</summary>
    IStreamedEm Streamed(IStreamedEm streaming, SourceStart read, bool binary)
    {
        IStreamedEm streamed;
        if (read.HoldsAll)
        {
            CheckData(read.Start);
            streamed = (IStreamedEm)algorithm.For(read.Start);
        }
        else
        {
            streamed = read.Variances is { } variances ? streaming.WithColumnVariances(variances) : streaming;
            if (!binary) read.Start.CheckGaussianTraining();
        }
        return streamed;
    }
}
