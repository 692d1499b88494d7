using System.Diagnostics;
using System.Globalization;
using ProbLatent.Backends;
using ProbLatent.Cli.Output;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using Spectre.Console;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent bench bernoulli-mixture</c>: EM for a mixture of Bernoullis on 784-pixel binary images — binarized MNIST
/// when <c>--data</c> names it (its rows repeated where a size asks for more), otherwise images drawn from a random
/// mixture of ten Bernoulli components about as dense as MNIST — at several sizes: milliseconds per iteration, points per
/// second and GFLOP/s of the nominal dense work, and the speedup against <see cref="ReferenceBernoulliEm"/>, the code EM
/// ran before its E and M steps became products over the ones, timed on the same data in the same run. Sizes above
/// <c>--in-memory-rows</c> are fitted over a source of the images in blocks, as a file larger than memory is, keeping nothing
/// per row: a million rows of 784 pixels in doubles, and their responsibilities for 500 components, would not fit.
/// </summary>
public static class BenchBernoulliMixture
{
    public const int DefaultComponents = 500;
    public const int DefaultIterations = 3;
    public const int DefaultReferenceRows = 100_000;
    public const int DefaultInMemoryRows = 100_000;
    const int Pixels = 784;

    /// <param name="dataPath">A binarized-MNIST folder (its train.bin) or .bin file; null for synthetic images.</param>
    /// <param name="referenceRows">Sizes above this skip the reference, which takes minutes per iteration there.</param>
    /// <param name="inMemoryRows">Sizes above this are fitted over a source read in blocks (<see cref="RepeatedSource"/>).</param>
    public static int Run(CliContext context, string? dataPath, IReadOnlyList<int> sizes, int iterations, int components, int referenceRows,
        int inMemoryRows = DefaultInMemoryRows)
    {
        if (iterations < 1) throw new UsageException($"--iterations must be at least 1, got {iterations}");
        if (components < 1) throw new UsageException($"--components must be at least 1, got {components}");
        var source = dataPath is null ? null : ReadImages(dataPath);
        var model = Model.Define("bench-bernoulli-mixture").Latent("z", Prior.Categorical(components))
            .Decoder(Decoder.PerComponent(Likelihood.Bernoulli())).Observe("x", source?.Columns ?? Pixels);
        var backend = Inference.Em(restarts: 1, seed: 1, maxIterations: iterations, tolerance: -1);
        var inv = CultureInfo.InvariantCulture;
        var table = new Table();
        foreach (var header in new[] { "points", "code", "ms / iteration", "points / s", "GFLOP/s", "speed vs reference", "log p(x) / point", "relative difference" })
            table.AddColumn(new TableColumn(new Text(header)).RightAligned());
        var cancellation = context.Cancellation;
        int measuredSizes = 0;
        try
        {
            foreach (int n in sizes)
            {
                if (cancellation.IsCancellationRequested) break;
                if (n > inMemoryRows)
                {
                    var images = source ?? SyntheticImages(Math.Min(n, inMemoryRows));
                    var streamed = model.Compile(backend).FitSource(RepeatedSource(images, n), cancellation: cancellation);
                    if (cancellation.IsCancellationRequested) break;
                    AddRow(n, "streamed", streamed, RepeatedLogLikelihood((BernoulliMixture)streamed.Parameters, images, n), images.Columns);
                    table.AddRow("", "reference (before)", "not run (streamed)", "", "", "", "", "");
                    measuredSizes++;
                    continue;
                }
                var data = source is null ? SyntheticImages(n) : Repeated(source, n);
                double flopsPerPoint = 4.0 * components * data.Columns;
                var fit = model.Compile(backend).Fit(data, cancellation: cancellation);
                if (cancellation.IsCancellationRequested) break;
                double perIteration = PerIteration(fit);
                var fitted = (BernoulliMixture)fit.Parameters;
                fitted.PosteriorProbabilities(data, out double logLikelihood);
                string Rate(double ms) => (n / ms * 1000).ToString("N0", inv);
                AddRow(n, "products over the ones", fit, logLikelihood, data.Columns);
                if (n <= referenceRows)
                {
                    var clock = Stopwatch.StartNew();
                    var reference = ReferenceBernoulliEm.Iterate(fitted, data, iterations, cancellation, out double referenceLogLikelihood);
                    double referencePerIteration = clock.Elapsed.TotalMilliseconds / iterations;
                    if (cancellation.IsCancellationRequested) break;
                    table.AddRow("", "reference (before)", referencePerIteration.ToString("F1", inv), Rate(referencePerIteration),
                        Format.GigaflopsPerSecond(n / referencePerIteration * 1000 * flopsPerPoint),
                        (referencePerIteration / perIteration).ToString("F1", inv) + "×", (referenceLogLikelihood / n).ToString("F4", inv),
                        (Math.Abs(referenceLogLikelihood - logLikelihood) / Math.Abs(referenceLogLikelihood)).ToString("E1", inv));
                }
                else table.AddRow("", "reference (before)", $"not run above --reference-rows {referenceRows.ToString("N0", inv)}", "", "", "", "", "");
                measuredSizes++;
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested) { }

        void AddRow(int n, string code, FitResult fit, double logLikelihood, int columns)
        {
            double ms = PerIteration(fit);
            table.AddRow(n.ToString("N0", inv), code, ms.ToString("F1", inv), (n / ms * 1000).ToString("N0", inv),
                Format.GigaflopsPerSecond(n / ms * 1000 * 4.0 * components * columns), "", (logLikelihood / n).ToString("F4", inv), "");
        }

        context.Output.WriteLine($"EM on a mixture of {components} Bernoullis over {(source is null ? $"synthetic {Pixels}-pixel images (ten components, seed 1)" : source.Source)}: " +
                                 $"{iterations} iterations per fit, one restart, seed 1, {Environment.ProcessorCount} cores");
        context.Output.WriteLine($"GFLOP/s counts the dense work, 4·K·d per point and iteration (the E step's x·log-odds and the M step's Σ r x); " +
                                 "the reference starts from the fitted parameters, its log p(x) is the E step's at them, as is the fast code's beside it; " +
                                 $"streamed: the same products over a source read in blocks, keeping nothing per row (sizes above --in-memory-rows {inMemoryRows.ToString("N0", inv)})");
        if (measuredSizes > 0) context.Console.Write(table);
        if (cancellation.IsCancellationRequested)
        {
            context.Error.WriteLine($"error: cancelled; {(measuredSizes == 0 ? "no size was measured" : $"the table covers the {measuredSizes} of {sizes.Count} sizes measured before it")}");
            return ExitCodes.Cancelled;
        }
        return ExitCodes.Success;
    }

    static double PerIteration(FitResult fit) => (fit.WallTime - fit.SetupTime).TotalMilliseconds / fit.Iterations;

    /// <summary>
    /// <paramref name="rows"/> rows as a source of blocks of <paramref name="images"/>, starting over from its first row where it
    /// has fewer, held once in memory: a fit over it reads it in blocks and keeps nothing per row, as over a file.
    /// </summary>
    static DataSource RepeatedSource(DataMatrix images, int rows)
    {
        var parts = new List<DataSource>();
        for (int start = 0; start < rows; start += images.Rows)
            parts.Add(DataSource.InMemory(start + images.Rows <= rows ? images : Repeated(images, rows - start)));
        return DataSource.Concatenate(parts, $"{rows:N0} rows of {images.Source ?? "images"}");
    }

    /// <summary>log p(x) of <see cref="RepeatedSource"/>'s rows at <paramref name="mixture"/>: each whole copy's, then the rest's.</summary>
    static double RepeatedLogLikelihood(BernoulliMixture mixture, DataMatrix images, int rows)
    {
        mixture.PosteriorProbabilities(images, out double whole);
        int rest = rows % images.Rows;
        double logLikelihood = rows / images.Rows * whole;
        if (rest > 0)
        {
            mixture.PosteriorProbabilities(Repeated(images, rest), out double part);
            logLikelihood += part;
        }
        return logLikelihood;
    }

    static DataMatrix ReadImages(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, Options.VaeData.TrainFile) : path;
        return BinarizedMnist.Read(file);
    }

    /// <summary>The first <paramref name="rows"/> rows of <paramref name="images"/>, starting over from its first row where it has fewer.</summary>
    static DataMatrix Repeated(DataMatrix images, int rows)
    {
        int d = images.Columns;
        var values = new double[(long)rows * d <= Array.MaxLength ? rows * d : throw new UsageException($"{rows:N0} rows of {d} pixels do not fit in one array")];
        for (int start = 0; start < rows; start += images.Rows)
            images.Values[..(Math.Min(images.Rows, rows - start) * d)].CopyTo(values.AsSpan(start * d));
        return new DataMatrix(values, rows, d, source: images.Source);
    }

    /// <summary>
    /// Images from ten Bernoulli components whose pixels are on with probability 0.02 or, in a random fifth of them, 0.6
    /// (about one pixel in seven set, as in binarized MNIST).
    /// </summary>
    static DataMatrix SyntheticImages(int rows)
    {
        const int k = 10;
        var random = new Random(1);
        var probabilities = new double[k * Pixels];
        for (int i = 0; i < probabilities.Length; i++) probabilities[i] = random.NextDouble() < 0.2 ? 0.6 : 0.02;
        var truth = new BernoulliMixture(Enumerable.Repeat(1.0 / k, k).ToArray(), probabilities, Pixels);
        return truth.Generate(rows, random).Data;
    }
}
