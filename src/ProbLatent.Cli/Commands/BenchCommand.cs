using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ProbLatent.Backends;
using ProbLatent.Cli.Options;
using ProbLatent.Cli.Output;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using Spectre.Console;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent bench vmp|em</c>: the speed of an engine on the benchmark Bayesian Gaussian mixture — points drawn
/// from three 2-D Gaussians (<see cref="Synthetic.ThreeGaussians"/>), K = 3, full covariance, a fixed number of
/// iterations — at several sizes: model compile time, setup (graph building and initialisation), milliseconds per
/// iteration and points per second. The other engine runs on the same data as a baseline in the same run.
/// <c>problatent bench vae</c> measures the reparameterized engine on the benchmark VAE instead: see <see cref="BenchVae"/>;
/// <c>problatent bench bernoulli-mixture</c> EM on a mixture of Bernoullis over binary images: see <see cref="BenchBernoulliMixture"/>;
/// <c>problatent bench stream</c> EM and VMP over a generated Parquet file larger than memory: see <see cref="BenchStream"/>;
/// <c>problatent bench hmm</c> Baum–Welch on long sequences, beside pomegranate: see <see cref="BenchHmm"/>.
/// </summary>
public static class BenchCommand
{
    public static readonly string[] Engines = ["vmp", "em", "vae", BernoulliMixture, "stream", "rbm", "cluster", "hmm"];

    const string BernoulliMixture = "bernoulli-mixture";

    public static Command Create(CliContext context)
    {
        var engine = new Argument<string>("engine")
        {
            Description = "The engine to measure: vmp or em (on the benchmark mixture), vae (the reparameterized engine), " +
                          "bernoulli-mixture (EM on binary images), stream (EM and VMP over a generated Parquet file), rbm (the contrastive backend beside scikit-learn), " +
                          "cluster (EM over 1, 2 and 3 local worker processes), or hmm (Baum–Welch on long sequences, beside pomegranate)",
        };
        engine.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (!Engines.Contains(value)) r.AddError($"unknown engine '{value}' for bench; use one of: {string.Join(", ", Engines)}");
        });
        var rows = new Option<string>("--rows")
        {
            Description = $"vmp, em, bernoulli-mixture: comma-separated data sizes; stream: the rows of the file (default {BenchStream.DefaultRows:N0})",
            DefaultValueFactory = _ => "10000,100000,1000000", HelpName = "N,N,…",
        };
        var iterations = new Option<int>("--iterations")
        {
            Description = $"vmp, em, stream, hmm: iterations per fit (default 50; stream {BenchStream.DefaultIterations}; bernoulli-mixture {BenchBernoulliMixture.DefaultIterations}; hmm {BenchHmm.DefaultIterations})",
            DefaultValueFactory = _ => 50, HelpName = "I",
        };
        var components = new Option<int>("--components") { Description = $"bernoulli-mixture: mixture components (default {BenchBernoulliMixture.DefaultComponents})", DefaultValueFactory = _ => BenchBernoulliMixture.DefaultComponents, HelpName = "K" };
        var referenceRows = new Option<int>("--reference-rows") { Description = $"bernoulli-mixture: the largest size the reference (the code before) runs at (default {BenchBernoulliMixture.DefaultReferenceRows:N0})", DefaultValueFactory = _ => BenchBernoulliMixture.DefaultReferenceRows, HelpName = "N" };
        var inMemoryRows = new Option<int>("--in-memory-rows")
        {
            Description = $"bernoulli-mixture: the largest size fitted in memory; larger ones are fitted over a source read in blocks, keeping nothing per row (default {BenchBernoulliMixture.DefaultInMemoryRows:N0})",
            DefaultValueFactory = _ => BenchBernoulliMixture.DefaultInMemoryRows, HelpName = "N",
        };
        var steps = new Option<string>("--steps") { Description = $"hmm: comma-separated numbers of steps T (default {BenchHmm.DefaultSteps})", DefaultValueFactory = _ => BenchHmm.DefaultSteps, HelpName = "T,T,…" };
        var sequences = new Option<int>("--sequences") { Description = $"hmm: each T is also run split into this many sequences, in parallel (default {BenchHmm.DefaultSequences}; 1 runs one sequence only)", DefaultValueFactory = _ => BenchHmm.DefaultSequences, HelpName = "S" };
        var peer = new Option<bool>("--peer")
        {
            Description = "vmp, em: run scikit-learn's GaussianMixture and BayesianGaussianMixture on the same points in the same run; " +
                          "hmm: pomegranate's Baum–Welch on the same data (/usr/bin/python3 with python3-sklearn or python3-pomegranate)",
        };
        var writeData = new Option<string>("--write-data") { Description = "hmm: write each data set to FOLDER/hmm-TxS.csv (columns sequence, x1, x2), for a peer", HelpName = "FOLDER" };
        // A streamed fit of bench stream runs in a child process of its own, started with these, so its peak memory is its own.
        var childFit = new Option<string>("--child-fit") { Hidden = true };
        var childData = new Option<string>("--child-data") { Hidden = true };

        var common = new CommonOptions();
        common.Data.Description = "vae, bernoulli-mixture, rbm: a binarized-MNIST folder (its train.bin is used) or a .bin file (bernoulli-mixture: synthetic images without it; rbm: a small generated binary set)";
        common.Data.HelpName = "DIR|FILE.bin";
        common.Epochs.Description = $"vae, rbm: passes over the training data (default {BenchVae.DefaultEpochs})";
        common.BatchSize.Description = "vae, rbm: data points per minibatch (default 100)";
        common.Seed.Description = $"vae, rbm: random seed (default {BenchVae.DefaultSeed})";
        common.Ais.Description = $"rbm: AIS of log Z with 100 chains × T temperatures on the trained machine (default {BenchRbm.DefaultTemperatures})";
        common.Hidden.Description = $"vae: the hidden layers' widths from the data side, comma-separated (default {string.Join(",", ModelOptions.DefaultHidden)}); " +
                                    $"rbm: one number, the hidden units (default {BenchRbm.DefaultHidden})";
        Option[] mixtureOptions = [rows, iterations];
        Option[] bernoulliOptions = [components, referenceRows, inMemoryRows];
        Option[] vaeOptions = [common.Data, common.Epochs, common.BatchSize, common.Seed, common.LearningRate, common.LatentDimension, common.Hidden, common.Activation];
        var repeats = CommonOptions.Int("rbm: train this many times, taking turns with scikit-learn, and report the medians and ranges (default 1)", "R", 1, "--repeats");
        Option[] rbmOptions = [common.Ais, repeats];
        Option[] hmmOptions = [steps, sequences, writeData];
        var command = new Command("bench", "Measure an engine's speed: vmp or em on the benchmark Gaussian mixture (three 2-D Gaussians, K = 3, full covariance), " +
                                           "vae, the reparameterized engine training the benchmark VAE (784-200-200-50, tanh) on binarized MNIST, " +
                                           "bernoulli-mixture, EM on a mixture of Bernoullis over binarized MNIST or synthetic images, " +
                                           "stream, EM and VMP over a generated Parquet file read in blocks, " +
                                           "rbm, CD-1 training of a 500-hidden RBM beside scikit-learn's BernoulliRBM, and AIS on it, " +
                                           "cluster, EM over 1, 2 and 3 local worker processes, " +
                                           "or hmm, Baum–Welch on a 3-state 2-D Gaussian hidden Markov model, beside pomegranate");
        command.Arguments.Add(engine);
        CommonOptions.Add(command, mixtureOptions, bernoulliOptions, vaeOptions, rbmOptions, hmmOptions, [peer]);
        command.Options.Add(childFit);
        command.Options.Add(childData);
        command.SetAction(parse =>
        {
            var name = parse.GetRequiredValue(engine);
            (string, bool)[] Given(IEnumerable<Option> options) => options.Select(o => (o.Name, CommonOptions.IsGiven(parse, o))).ToArray();
            if (name == "hmm")
            {
                UsageException.ThrowIfGiven("applies to bench vmp, em, bernoulli-mixture, stream and cluster, not hmm; bench hmm takes --steps", Given([rows]));
                UsageException.ThrowIfGiven("applies to another bench engine, not hmm", Given([.. bernoulliOptions, .. vaeOptions, .. rbmOptions]));
                return BenchHmm.Run(context, new BenchHmm.Settings(ParseSizes(parse.GetValue(steps)!, "--steps", 1),
                    CommonOptions.IsGiven(parse, iterations) ? parse.GetValue(iterations) : BenchHmm.DefaultIterations, parse.GetValue(sequences),
                    parse.GetValue(peer), parse.GetValue(writeData) is { } folder ? Directory.CreateDirectory(folder).FullName : null));
            }
            UsageException.ThrowIfGiven($"applies to bench hmm, not {name}", Given(hmmOptions));
            if (name is not ("vmp" or "em")) UsageException.ThrowIfGiven($"applies to bench vmp, em and hmm, not {name}", Given([peer]));
            if (name == "rbm")
            {
                UsageException.ThrowIfGiven("applies to bench vmp and em, not rbm", mixtureOptions.Select(o => (o.Name, CommonOptions.IsGiven(parse, o))).ToArray());
                UsageException.ThrowIfGiven($"applies to bench {BernoulliMixture}, not rbm", bernoulliOptions.Select(o => (o.Name, CommonOptions.IsGiven(parse, o))).ToArray());
                UsageException.ThrowIfGiven("applies to bench vae, not rbm", new Option[] { common.LatentDimension, common.Activation }.Select(o => (o.Name, CommonOptions.IsGiven(parse, o))).ToArray());
                return BenchRbm.Run(context, new BenchRbm.Settings(parse.GetValue(common.Data), RbmHidden(parse.GetValue(common.Hidden)), parse.GetValue(common.Epochs) ?? BenchRbm.DefaultEpochs,
                    parse.GetValue(common.BatchSize) ?? BenchRbm.DefaultBatchSize, parse.GetValue(common.LearningRate) ?? BenchRbm.DefaultLearningRate,
                    parse.GetValue(common.Seed) ?? BenchRbm.DefaultSeed, parse.GetValue(common.Ais) ?? BenchRbm.DefaultTemperatures,
                    parse.GetValue(repeats) ?? 1));
            }
            UsageException.ThrowIfGiven($"applies to bench rbm, not {name}", rbmOptions.Select(o => (o.Name, CommonOptions.IsGiven(parse, o))).ToArray());
            bool vae = name == "vae";
            if (name == BernoulliMixture)
            {
                UsageException.ThrowIfGiven($"applies to bench vae, not {name}",
                    vaeOptions.Where(o => o != common.Data).Select(o => (o.Name, CommonOptions.IsGiven(parse, o))).ToArray());
                return BenchBernoulliMixture.Run(context, CommonOptions.Given(parse, common.Data), ParseRows(parse.GetValue(rows)!),
                    CommonOptions.IsGiven(parse, iterations) ? parse.GetValue(iterations) : BenchBernoulliMixture.DefaultIterations,
                    parse.GetValue(components), parse.GetValue(referenceRows), parse.GetValue(inMemoryRows));
            }
            UsageException.ThrowIfGiven($"applies to bench {BernoulliMixture}, not {name}", bernoulliOptions.Select(o => (o.Name, CommonOptions.IsGiven(parse, o))).ToArray());
            UsageException.ThrowIfGiven(vae ? "applies to bench vmp, em, stream and cluster, not vae" : $"applies to bench vae, not {name}",
                (vae ? mixtureOptions : vaeOptions).Select(o => (o.Name, CommonOptions.IsGiven(parse, o))).ToArray());
            if (name == "cluster")
            {
                var clusterRows = CommonOptions.IsGiven(parse, rows) ? ParseRows(parse.GetValue(rows)!) : [BenchCluster.DefaultRows];
                if (clusterRows.Length != 1) throw new UsageException("bench cluster takes one size: --rows N");
                return BenchCluster.Run(context, clusterRows[0], CommonOptions.IsGiven(parse, iterations) ? parse.GetValue(iterations) : BenchCluster.DefaultIterations);
            }
            if (name == "stream")
            {
                int streamIterations = CommonOptions.IsGiven(parse, iterations) ? parse.GetValue(iterations) : BenchStream.DefaultIterations;
                if (parse.GetValue(childFit) is { } child)
                    return BenchStream.RunChildFit(context, child, parse.GetValue(childData) ?? throw new UsageException("--child-fit needs --child-data"), streamIterations);
                var size = CommonOptions.IsGiven(parse, rows) ? ParseRows(parse.GetValue(rows)!) : [BenchStream.DefaultRows];
                if (size.Length != 1) throw new UsageException("bench stream takes one size: --rows N");
                return BenchStream.Run(context, size[0], streamIterations);
            }
            if (!vae) return Run(context, name, ParseRows(parse.GetValue(rows)!), parse.GetValue(iterations), parse.GetValue(peer));
            return BenchVae.Run(context, common.ReadModelOptions(parse) with { Family = ModelKind.Vae.Name() }, common.ReadBackendOptions(parse));
        });
        return command;
    }

    static int RbmHidden(int[]? hidden) => hidden switch
    {
        null or [] => BenchRbm.DefaultHidden,
        [var n] => n,
        _ => throw new UsageException($"--hidden gives bench rbm one number, its hidden units, not {hidden.Length} ({string.Join(",", hidden)})"),
    };

    static int[] ParseRows(string text) => ParseSizes(text, "--rows", 3);

    static int[] ParseSizes(string text, string option, int least)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out sizes[i]) || sizes[i] < least)
                throw new UsageException($"{option} expects sizes of at least {least} separated by commas, got '{parts[i]}'");
        return sizes.Length > 0 ? sizes : throw new UsageException($"{option} needs at least one size");
    }

    /// <param name="peer">Whether scikit-learn runs on the same points after them (<see cref="MixturePeer"/>).</param>
    public static int Run(CliContext context, string engine, IReadOnlyList<int> sizes, int iterations, bool peer = false)
    {
        if (iterations < 1) throw new UsageException($"--iterations must be at least 1, got {iterations}");
        var model = Model.Define("bench-mixture").Latent("z", Prior.Categorical(BenchComponents))
            .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", BenchDimension);
        var baseline = engine == "vmp" ? "em" : "vmp";
        IBackend Backend(string name) => name == "vmp"
            ? Inference.Vmp(restarts: 1, seed: 1, maxIterations: iterations, tolerance: -1)
            : Inference.Em(restarts: 1, seed: 1, maxIterations: iterations, tolerance: -1);

        var warmup = Synthetic.ThreeGaussiansData(10_000);
        var table = new Table();
        foreach (var header in new[] { "points", "engine", "compile (ms)", "setup (ms)", "ms / iteration", "points / s", "GFLOP/s", $"speed vs {baseline}", "before (ms)", "vs before", "ELBO / point" })
            table.AddColumn(new TableColumn(new Text(header)).RightAligned());
        var inv = CultureInfo.InvariantCulture;
        var cancellation = context.Cancellation;
        int measuredSizes = 0;
        var perIteration = new List<(int Rows, double Em, double Vmp)>();
        try
        {
            // Warm up until the JIT has promoted the hot loops to optimised code (tiered compilation needs repeated calls).
            for (int i = 0; i < 3 && !cancellation.IsCancellationRequested; i++)
            {
                model.Compile(Backend(engine)).Fit(warmup, cancellation: cancellation);
                model.Compile(Backend(baseline)).Fit(warmup, cancellation: cancellation);
            }
            foreach (int n in sizes)
            {
                if (cancellation.IsCancellationRequested) break;
                var data = Synthetic.ThreeGaussiansData(n);
                // Each size is fitted once before it is measured: the first fit of a size also pays for touching fresh memory.
                Measure(model, Backend(engine), data, cancellation);
                Measure(model, Backend(baseline), data, cancellation);
                var measured = Measure(model, Backend(engine), data, cancellation);
                var reference = Measure(model, Backend(baseline), data, cancellation);
                var before = new Dictionary<string, double> { ["em"] = BeforeEm(data, iterations), ["vmp"] = BeforeVmp(data, iterations) };
                // A fit that Ctrl+C cut short ran fewer iterations than the others: its size is not measured.
                if (cancellation.IsCancellationRequested) break;
                measuredSizes++;
                perIteration.Add(engine == "em" ? (n, measured.PerIteration, reference.PerIteration) : (n, reference.PerIteration, measured.PerIteration));
                foreach (var (name, m) in new[] { (engine, measured), (baseline, reference) })
                    table.AddRow(
                        n.ToString("N0", inv), name, m.Compile.TotalMilliseconds.ToString("F3", inv), m.Fit.SetupTime.TotalMilliseconds.ToString("F1", inv),
                        m.PerIteration.ToString("F2", inv), (n / m.PerIteration * 1000).ToString("N0", inv),
                        Format.GigaflopsPerSecond(n / m.PerIteration * 1000 * SweepFlopsPerPoint),
                        name == engine ? (reference.PerIteration / measured.PerIteration).ToString("F2", inv) + "×" : "1×",
                        before[name].ToString("F2", inv), (before[name] / m.PerIteration).ToString("F2", inv) + "×",
                        (m.Fit.Elbo.Value / n).ToString("F4", inv));
            }
        }
        // An EM or VMP fit that Ctrl+C stops before its first iteration has no result at all.
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested) { }
        context.Output.WriteLine($"{engine} on {model}: {iterations} iterations per fit, one restart, seed 1, {Environment.ProcessorCount} cores");
        context.Output.WriteLine($"{SweepFlopsPerPoint} FLOPs per point in one sweep (nominal: each component's E-step log-density and responsibility, and its sufficient statistics)");
        context.Output.WriteLine("before: the same iteration's E step and statistics by the kernels the library had before its block kernels (ReferenceMixtureSweeps), timed in this run");
        if (measuredSizes > 0) context.Console.Write(table);
        if (cancellation.IsCancellationRequested)
        {
            context.Error.WriteLine($"error: cancelled; {(measuredSizes == 0 ? "no size was measured" : $"the table covers the {measuredSizes} of {sizes.Count} sizes measured before it")}");
            return ExitCodes.Cancelled;
        }
        if (!peer) context.Output.WriteLine("scikit-learn: not run (give --peer)");
        else MixturePeer.Report(context, iterations, perIteration);
        return ExitCodes.Success;
    }

    /// <summary>
    /// The nominal floating-point operations of one EM or VMP sweep per point of the benchmark mixture (K = 3
    /// full-covariance components in D = 2): per component, the E step's residual (D), triangular solve (D²), squared
    /// norm (2D) and log-density (2), its share of the responsibilities' normalisation (4, an exponential counted as
    /// one), and the sufficient statistics: count (1), weighted sum (2D) and weighted outer product's upper triangle
    /// (D(D + 1)). Both engines do this work and more (VMP's expectations, EM's log-likelihood), so it is a floor.
    /// </summary>
    internal const int SweepFlopsPerPoint = BenchComponents * (2 * BenchDimension * BenchDimension + 6 * BenchDimension + 7);

    const int BenchComponents = 3, BenchDimension = 2;

    sealed record Measurement(TimeSpan Compile, FitResult Fit, double PerIteration);

    /// <summary>Milliseconds per iteration of EM's E step and M-step statistics as the library computed them before its block kernels, at the generating mixture.</summary>
    static double BeforeEm(DataMatrix data, int iterations)
    {
        var (weights, means, covariances) = Generating();
        var x = data.Values.ToArray();
        return TimePerCall(() => ReferenceMixtureSweeps.EmIteration(weights, means, covariances, BenchDimension, x), iterations);
    }

    /// <summary>
    /// Milliseconds per iteration of VMP's plate sweep as the library computed it before its block kernels, at expected
    /// parameters of the generating mixture (E[Λₖ] = Σₖ⁻¹, the means' covariances Σₖ / (N πₖ)).
    /// </summary>
    static double BeforeVmp(DataMatrix data, int iterations)
    {
        var (weights, means, covariances) = Generating();
        int k = weights.Length, d = BenchDimension, dd = d * d;
        var precisions = new double[k * dd];
        var meanCovariances = new double[k * dd];
        var logDeterminants = new double[k];
        for (int c = 0; c < k; c++)
        {
            var covariance = Synthetic.ThreeGaussians.Covariance(c);
            covariance.Inverse().ToRowMajorArray().CopyTo(precisions, c * dd);
            for (int i = 0; i < dd; i++) meanCovariances[c * dd + i] = covariances[c * dd + i] / (data.Rows * weights[c]);
            logDeterminants[c] = -Math.Log(covariance.Determinant());
        }
        var columns = new double[data.Rows * d];
        for (int j = 0; j < d; j++)
            for (int n = 0; n < data.Rows; n++) columns[j * data.Rows + n] = data[n, j];
        var logWeights = weights.Select(w => Math.Log(w)).ToArray();
        return TimePerCall(() => ReferenceMixtureSweeps.VmpPass(precisions, means, meanCovariances, logDeterminants, logWeights, d, columns), iterations);
    }

    static (double[] Weights, double[] Means, double[] Covariances) Generating()
    {
        var mixture = Synthetic.ThreeGaussians;
        int k = mixture.Components;
        return (mixture.Weights.ToArray(), Enumerable.Range(0, k).SelectMany(mixture.Mean).ToArray(),
            Enumerable.Range(0, k).SelectMany(c => mixture.Covariance(c).ToRowMajorArray()).ToArray());
    }

    /// <summary>The mean time of a call over <paramref name="calls"/> calls, after one untimed call.</summary>
    static double TimePerCall(Action call, int calls)
    {
        call();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++) call();
        return clock.Elapsed.TotalMilliseconds / calls;
    }

    /// <summary>Times Model.Compile, then the fit; per iteration is the fit's time after setup, over its iterations.</summary>
    static Measurement Measure(Model model, IBackend backend, DataMatrix data, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var compiled = model.Compile(backend);
        var compile = clock.Elapsed;
        var fit = compiled.Fit(data, cancellation: cancellation);
        double perIteration = (fit.WallTime - fit.SetupTime).TotalMilliseconds / fit.Iterations;
        return new Measurement(compile, fit, perIteration);
    }
}
