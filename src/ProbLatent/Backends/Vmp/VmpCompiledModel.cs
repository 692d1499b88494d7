using System.Diagnostics;
using ProbLatent.Backends.Shards;
using ProbLatent.Backends.Vmp.Models;
using ProbLatent.Backends.Vmp.Parts;
using ProbLatent.Backends.Vmp.Passes;
using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Backends.Vmp;

/// <summary>
/// A model compiled by VMP: the parts its graph compiled to, each adding its variables and factors to one factor graph
/// per data set and restart, and the schedule the graph derives from them. <see cref="Fit"/> runs the shared fit loop
/// over restarts, each on a factor graph built from its start.
/// </summary>
public sealed class VmpCompiledModel : CompiledModel
{
    readonly IReadOnlyList<VmpPart> _parts;
    readonly VmpCompilation _compilation;
    readonly Loop _loop;
    IReadOnlyList<string>? _schedule;

    internal VmpCompiledModel(VmpCompilation compilation, IReadOnlyList<VmpPart> parts) : base(compilation.Model, "vmp")
    {
        _compilation = compilation;
        _parts = parts;
        _loop = new Loop(this);
    }

    public VmpOptions Options => _compilation.Options;

    /// <summary>
    /// A Gaussian or Bernoulli mixture's gate takes missing cells: a diagonal Gaussian or a Bernoulli one drops a missing
    /// cell, which its component's other cells do not depend on, marginalising it exactly; a full Gaussian one keeps a q over
    /// the missing cells given the component. So does a linear-Gaussian decoder of its own factors (PPCA, factor analysis,
    /// mixtures of them), whose cells are independent given the factors and the component. Every other model's VMP (a
    /// mixture of common factor analysers among them) refuses missing cells.
    /// </summary>
    public override bool MarginalisesMissing =>
        ComponentMixtureShape.Of(_compilation.Graph) is { IsChain: false, Component: GaussianLikelihood or BernoulliLikelihood }
        || _compilation.Graph.Observation.Decoder is { Map: LinearDecoder, Likelihood: GaussianLikelihood, Input.IsRoot: true };

    /// <summary>The parts the graph compiled to, in the order they are listed by the graph: each latent's, then each decoder's.</summary>
    public IReadOnlyList<string> Parts => _parts.Select(p => p.Description).ToArray();

    /// <summary>
    /// The variables of the factor graph in the order a sweep updates them (see the remarks of the factor graph: the plates,
    /// and the parameters nearest the data first, beginning on the side the start did not set). The names and the order do
    /// not depend on the data, only on the model.
    /// </summary>
    public IReadOnlyList<string> Schedule => _schedule ??= Placeholder().Graph.Schedule.Select(n => n.Name).ToArray();

    /// <summary>The graph on a row of zeros, for its shape alone: nodes and factors, never started.</summary>
    VmpModel Placeholder() =>
        VmpModel.Assemble(NewParts(), new VmpAssembly(_compilation, new DataMatrix(new double[Dimension], 1, Dimension), new Random(0), null));

    /// <summary>The parts anew: each holds the nodes of one factor graph, so every restart, and every fit running at once, has its own.</summary>
    IReadOnlyList<VmpPart> NewParts() => VmpRules.Parts(_compilation.Graph, out _);

    int Dimension => _compilation.Dimension;

    /// <summary>Whether the start sets q of a plate (a mixture's q(z)), which over shards beyond the start's rows must be k-means++.</summary>
    bool StartsItsPlate => _parts.Any(p => p.StartsItsPlate);

    public override FitResult Fit(DataMatrix data, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default) =>
        _loop.Fit(data, progress, cancellation);

    /// <summary>
    /// Fits sequences: a Markov chain latent runs along each sequence's steps (the Bayesian hidden Markov model, whose q(z) is
    /// a chain per sequence), and its log p(x) at the posterior means sums the sequences'; a model of independent points fits
    /// every step as one point.
    /// </summary>
    public override FitResult FitSequences(SequenceData data, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return _compilation.Graph.Latents.Any(l => l.Kind == Modeling.Graph.LatentKind.Chain)
            ? _loop.FitSequences(data, progress, cancellation)
            : Fit(data.Steps, progress, cancellation);
    }

    /// <summary>
    /// Fits a Gaussian mixture (full or diagonal), a Bernoulli mixture, PPCA or factor analysis over a source read in blocks
    /// (data in memory is fitted as the matrix is). A mixture's sweep updates q(θ) from the statistics of the last pass, then
    /// makes one pass over the source in which each block's q(zₙ) comes from the current q(θ) and adds its statistics and its
    /// share of the ELBO's local terms, keeping nothing per row. PPCA and factor analysis read the source once, into its count,
    /// mean and covariance (the start's passes), and sweep on them alone, as the fit in memory does (see
    /// <see cref="Factors.LinearGaussianFactor"/>). A source of at most <see cref="VmpOptions.StartRows"/> rows starts as the
    /// same rows in memory do (see <see cref="VmpOptions.StartRows"/> beyond), so it gives the in-memory fit's numbers; the
    /// result's q(z) keeps the expected counts (<see cref="LatentModels.StreamedPosterior"/>).
    /// </summary>
    /// <exception cref="BackendNotSupportedException">A part of the model keeps a posterior per row held in memory (a mixture of factor analysers), naming it.</exception>
    public override FitResult FitSource(DataSource source, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source is MatrixSource held) return Fit(held.Data, progress, cancellation);
        RefuseRowsReadInPasses($"a source read in blocks", $"read {source.Name} into memory to fit this model");
        return _loop.FitSource(source, progress, cancellation);
    }

    /// <summary>
    /// Fits shards wherever they are (this machine's threads, or the workers of a cluster) as <see cref="FitSource"/> fits a
    /// source: a mixture's sweep updates q(θ) here, then sends every shard what its rows' q(zₙ) read (E[log π] and the
    /// components' expected natural parameters, fixed for the pass) and sums the shards' statistics and entropies in shard
    /// order, from a start that depends only on the shards' rows and their order (<see cref="ShardStart"/>); PPCA and factor
    /// analysis ask the shards only the start's passes, whose sums in shard order give the count, mean and covariance they
    /// sweep on. Shards that together hold at most <see cref="VmpOptions.StartRows"/> rows start as the same rows in memory
    /// do; beyond, a mixture's start is k-means++ on the sample. Cancelling stops the shards' pass under way, and the fit keeps
    /// q(θ) as its last complete sweep left it (scored in one more pass).
    /// </summary>
    /// <exception cref="BackendNotSupportedException">The model is not a Gaussian or Bernoulli mixture, PPCA or factor analysis, or a mixture's start other than k-means++ is asked of shards beyond the start's rows.</exception>
    public override FitResult FitShards(IShardTransport shards, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        return FitShards(new TransportShards(shards), progress, cancellation);
    }

    /// <inheritdoc cref="FitShards(IShardTransport, IProgress{FitProgress}?, CancellationToken)"/>
    internal FitResult FitShards(IShardExecutor shards, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        RefuseRowsReadInPasses("shards", "fit it in memory");
        return _loop.FitShards(shards, progress, cancellation);
    }

    void RefuseRowsReadInPasses(string rows, string instead)
    {
        if (_parts.FirstOrDefault(p => !p.Streams) is { } part)
            throw new BackendNotSupportedException(Backend,
                $"model '{Model.Name}': its part \"{part.Description}\" keeps a posterior per row of data held in memory, so VMP fits it in memory only; " +
                $"VMP over {rows} fits Gaussian (full or diagonal) and Bernoulli mixtures, PPCA and factor analysis, as EM does; a mixture of factor " +
                $"analysers is fitted in memory only, by EM or VMP: {instead}");
    }

    /// <summary>Whether the start over rows read in passes takes their covariance: a full Gaussian mixture's priors are stated in it, PPCA and factor analysis sweep on it.</summary>
    bool StartTakesCovariance =>
        Model.DecoderSpec!.Likelihood is GaussianLikelihood { Covariance: Covariance.Full } || _parts.Any(p => p is LinearGaussianPart);

    /// <summary>Restart <paramref name="random"/>'s factor graph on the data, started; a given q(c) replaces the start's responsibilities (for tests).</summary>
    internal VmpModel Build(DataMatrix data, Random random, double[]? responsibilities = null, IReadOnlyList<int>? sequences = null) =>
        VmpModel.Assemble(NewParts(), new VmpAssembly(_compilation, data, random, responsibilities, sequences)).Start();

    /// <summary>Restart <paramref name="random"/>'s factor graph over rows read in passes, started from what <paramref name="start"/> read.</summary>
    VmpModel Build(IPlateRows rows, SourceStart start, Random random) =>
        VmpModel.Assemble(NewParts(), new VmpAssembly(_compilation, rows, start, random)).Start();

    /// <summary>The shared fit loop; a start from a given fit is the same for every restart, so it runs once.</summary>
    sealed class Loop(VmpCompiledModel model) : IterativeCompiledModel(model.Model, "vmp",
        model.Options.StartFrom is null ? model.Options : model.Options with { Restarts = 1 })
    {
        protected override IFitRun Start(DataMatrix data, int restart, Random random) =>
            new VmpRun(() => model.Build(data, random), new SourcePlateRows(DataSource.InMemory(data)), restart);

        /// <summary>The restarts over the steps of the sequences, each a chain along its own steps.</summary>
        public override FitResult FitSequences(SequenceData data, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
        {
            var steps = data.Steps;
            CheckData(steps);
            return Loop(steps.Rows, steps.GivenColumnNames,
                (restart, random) => new VmpRun(() => model.Build(steps, random, sequences: data.Lengths), new SourcePlateRows(DataSource.InMemory(steps)), restart, data),
                Stopwatch.StartNew(), TimeSpan.Zero, progress, cancellation);
        }

        /// <summary>
        /// Reads the start (every block checked as the in-memory checks would, naming its file, row group and row), then runs
        /// the restarts over the source.
        /// </summary>
        public override FitResult FitSource(DataSource source, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
        {
            CheckColumns(source.Columns, source.Name);
            var clock = Stopwatch.StartNew();
            // Read once, by the start's first pass, then from a temporary copy of its values, deleted when the fit ends.
            using var spill = source.ReadsCheaply ? null : DataSource.Spill(source);
            source = spill ?? source;
            var likelihood = Model.DecoderSpec!.Likelihood;
            bool binary = likelihood is BernoulliLikelihood;
            // A Bernoulli gate drops a block's missing pixels as it reads them; a Gaussian one needs its rows in memory.
            var read = SourceStart.Read(source, binary, model.Options.StartRows, model.Options.Seed, cancellation,
                covariance: model.StartTakesCovariance, missing: binary && model.MarginalisesMissing);
            return FitRows(new SourcePlateRows(source, cancellation), read, binary, source.GivenColumnNames, clock, progress, cancellation);
        }

        /// <summary>The start from the shards' answers, then the restarts, each plate pass asked of every shard.</summary>
        public FitResult FitShards(IShardExecutor shards, IProgress<FitProgress>? progress, CancellationToken cancellation)
        {
            CheckColumns(shards.ColumnNames.Count, shards.Name);
            var clock = Stopwatch.StartNew();
            var likelihood = Model.DecoderSpec!.Likelihood;
            bool binary = likelihood is BernoulliLikelihood;
            var read = ShardStart.Read(shards, binary, model.Options.StartRows, model.Options.Seed, cancellation,
                covariance: model.StartTakesCovariance, out var shardRows);
            if (!read.HoldsAll && model.StartsItsPlate && (model.Options.StartFrom is not null || model.Options.Start != VmpStart.KMeansPlusPlus))
                throw new BackendNotSupportedException(Backend,
                    $"model '{Model.Name}': {shards.Name} hold {read.Rows:N0} rows, more than the start's {model.Options.StartRows:N0}, and a start " +
                    "from a given fit or random point masses is drawn as the rows come, which shards are not sent; start from k-means++ (VmpStart.KMeansPlusPlus)");
            return FitRows(new ShardPlateRows(shards, shardRows, cancellation), read, binary,
                shards.HasColumnNames ? shards.ColumnNames : null, clock, progress, cancellation);
        }

        /// <summary>The start's rows checked as the in-memory fit checks them (or, of a sample, for a Gaussian's training), then the restarts over <paramref name="rows"/>.</summary>
        FitResult FitRows(IPlateRows rows, SourceStart read, bool binary, IReadOnlyList<string>? columnNames, Stopwatch clock,
            IProgress<FitProgress>? progress, CancellationToken cancellation)
        {
            if (read.HoldsAll) CheckData(read.Start);
            else if (!binary) read.Start.CheckGaussianTraining();
            return Loop(read.Rows, columnNames,
                (restart, random) => new VmpRun(() => model.Build(rows, read, random), rows, restart), clock, clock.Elapsed, progress, cancellation);
        }

        public override bool MarginalisesMissing => model.MarginalisesMissing;
    }
}
