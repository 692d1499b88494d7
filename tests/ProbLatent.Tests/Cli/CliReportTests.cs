using System.Globalization;
using System.Text.Json;
using ProbLatent.Cli;
using ProbLatent.Cli.Output;
using ProbLatent.Tests.Plotting;

namespace ProbLatent.Tests.Cli;

/// <summary><c>compare --json</c>, <c>compare --report</c>, <c>compare --backends</c> and <c>fit --model vae --report</c>, run in-process.</summary>
public class CliReportTests
{
    static JsonElement Fit(JsonElement document, string label) =>
        document.GetProperty("fits").EnumerateArray().Single(f => f.GetProperty("label").GetString() == label);

    [Fact]
    public void CompareJsonIsTheTableForMachines()
    {
        var json = CliRun.Of("compare", "--example", "old-faithful", "--json");
        Assert.True(json.ExitCode == ExitCodes.Success, json.Error);
        Assert.Equal("", json.Error);
        using var document = JsonDocument.Parse(json.Out);
        var root = document.RootElement;
        Assert.StartsWith("old-faithful: z ~ Categorical(2)", root.GetProperty("model").GetString());
        Assert.Equal(272, root.GetProperty("data").GetProperty("rows").GetInt32());
        Assert.Equal(["em", "vmp", "exact at em's θ", "exact at vmp's θ"], root.GetProperty("fits").EnumerateArray().Select(f => f.GetProperty("label").GetString()));

        var em = Fit(root, "em");
        Assert.Equal("em", em.GetProperty("backend").GetString());
        Assert.Equal(JsonValueKind.Null, em.GetProperty("parametersFrom").ValueKind);
        Assert.Equal(-1130.264, em.GetProperty("logLikelihood").GetDouble(), 3);
        Assert.Equal(-4.1554, em.GetProperty("perPoint").GetDouble(), 4);
        Assert.True(em.GetProperty("isExact").GetBoolean());
        Assert.Equal(JsonValueKind.Null, em.GetProperty("standardError").ValueKind);
        // The ELBO is the sum of its terms, and KL is minus the prior and entropy terms.
        double elbo = em.GetProperty("elbo").GetDouble();
        double likelihood = em.GetProperty("expectedLogLikelihood").GetDouble(), prior = em.GetProperty("expectedLogPrior").GetDouble();
        double entropy = em.GetProperty("entropy").GetDouble(), kl = em.GetProperty("kl").GetDouble();
        Assert.Equal(elbo, likelihood + prior + entropy, 9);
        Assert.Equal(-(prior + entropy), kl, 9);
        Assert.Equal(em.GetProperty("logLikelihood").GetDouble() - elbo, em.GetProperty("gap").GetDouble(), 9);
        Assert.True(em.GetProperty("converged").GetBoolean());
        Assert.True(em.GetProperty("milliseconds").GetDouble() > 0);
        Assert.True(em.GetProperty("trace").GetArrayLength() >= em.GetProperty("iterations").GetInt32());
        Assert.Equal("em", Fit(root, "exact at em's θ").GetProperty("parametersFrom").GetString());

        var skipped = Assert.Single(root.GetProperty("skipped").EnumerateArray());
        Assert.Equal("reparameterized", skipped.GetProperty("backend").GetString());
        Assert.Contains("no reparameterization", skipped.GetProperty("reason").GetString());
        Assert.Equal(0, root.GetProperty("failed").GetArrayLength());
    }

    [Fact]
    public void AnImportanceSampledLogLikelihoodShowsItsStandardErrorInTheTableAndTheJson()
    {
        // compare refuses a VAE (nothing else can fit it), but its rows and JSON carry an estimated log p(x) as any fit would.
        var random = new Random(5);
        var data = new ProbLatent.Data.DataMatrix(Enumerable.Range(0, 100 * 16).Select(_ => random.Next(2) * 1.0).ToArray(), 100, 16, source: "bits");
        var model = ProbLatent.Modeling.Model.Define("bits").Latent("z", ProbLatent.Modeling.Prior.StandardNormal(2))
            .Decoder(ProbLatent.Modeling.Decoder.Mlp(8), ProbLatent.Modeling.Likelihood.Bernoulli()).Observe("x", 16);
        var fit = model.Compile(ProbLatent.Inference.Reparameterized(epochs: 2, batchSize: 50, seed: 1)).Fit(data);
        Assert.False(fit.LogLikelihoodIsExact);
        var results = new CompareResults(model, data, [new CompareRow(fit)], [], []);

        var cells = CompareTable.Cells(results.Rows[0]);
        Assert.Equal($"{Format.Total(fit.LogLikelihood)} ± {Format.StandardError(fit.LogLikelihoodStandardError)}", cells[1]);
        Assert.Contains(CompareTable.Notes(results), n => n.StartsWith("± is the Monte Carlo standard error", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(CompareJson.Serialize(results));
        var row = Fit(document.RootElement, "reparameterized");
        Assert.False(row.GetProperty("isExact").GetBoolean());
        Assert.Equal(fit.LogLikelihoodStandardError, row.GetProperty("standardError").GetDouble());
        Assert.Equal(fit.LogLikelihoodSamples, row.GetProperty("importanceSamples").GetInt32());
    }

    [Fact]
    public void CompareReportWritesTheTableTheJsonThePlotsAndAPageThatShowsThem()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "report", "old-faithful");
        var run = CliRun.Of("compare", "--example", "old-faithful", "--report", folder);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var files = new[] { "table.md", "results.json", "elbo-trace.svg", "clusters-em.svg", "clusters-vmp.svg", "report.html" };
        Assert.Equal(files.Order(), Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Contains($"report: {Path.Combine(folder, "report.html")} ({string.Join(", ", files)})", run.Out);

        // The Markdown table has the printed table's rows, cell for cell, and both come from the same numbers as the JSON.
        var printed = run.OutLines.Where(l => l.StartsWith("│ ", StringComparison.Ordinal)).Skip(1)
            .Select(l => l.Trim('│').Split('│').Select(c => c.Trim()).ToArray()).ToArray();
        var markdown = CliRun.Lines(File.ReadAllText(Path.Combine(folder, "table.md"))).Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Skip(1)
            .Select(l => l.Trim('|').Split(" | ").Select(c => c.Trim()).ToArray()).ToArray();
        Assert.Equal(4, printed.Length);
        Assert.Equal(printed, markdown);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "results.json")));
        foreach (var row in printed)
        {
            var fit = Fit(document.RootElement, row[0]);
            Assert.Equal(Format.Total(fit.GetProperty("logLikelihood").GetDouble()), row[1]);
            Assert.Equal(Format.PerPoint(fit.GetProperty("perPoint").GetDouble()), row[2]);
            Assert.Equal(Format.Total(fit.GetProperty("elbo").GetDouble()), row[3]);
            Assert.Equal(Format.Total(fit.GetProperty("expectedLogLikelihood").GetDouble()), row[4]);
            Assert.Equal(Format.Total(fit.GetProperty("kl").GetDouble()), row[5]);
            Assert.Equal(Format.Gap(fit.GetProperty("gap").GetDouble()), row[6]);
            Assert.Equal(fit.GetProperty("iterations").GetInt32().ToString(CultureInfo.InvariantCulture), row[7]);
            Assert.Equal(Format.Milliseconds(TimeSpan.FromMilliseconds(fit.GetProperty("milliseconds").GetDouble())), row[9]);
        }

        // Every chart is well-formed SVG with its title; the page shows each one.
        var page = File.ReadAllText(Path.Combine(folder, "report.html"));
        foreach (var svg in files.Where(f => f.EndsWith(".svg", StringComparison.Ordinal)))
        {
            SvgAssert.ParseFile(Path.Combine(folder, svg));   // checks the XML declaration and the SVG root
            Assert.Contains($"<img src=\"{svg}\"", page);
        }
        Assert.Contains("Objective per iteration on old-faithful", File.ReadAllText(Path.Combine(folder, "elbo-trace.svg")));
        Assert.Contains("em: a 2-component Gaussian mixture on old-faithful", File.ReadAllText(Path.Combine(folder, "clusters-em.svg")));
        Assert.Contains("<td>exact at em&#39;s θ</td>", page);
    }

    [Fact]
    public void ComparePpcaReportDrawsEachBackendsPrincipalDirections()
    {
        using var temp = new TempFolder();
        var run = CliRun.Of("compare", "--example", "iris", "--model", "ppca", "--latent-dim", "2", "--backends", "exact,em", "--report", temp.Path);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        foreach (var file in new[] { "directions-exact.svg", "directions-em.svg", "elbo-trace.svg" })
            Assert.True(File.Exists(temp[file]), file);
        // The subtitle wraps over several lines: read the text back as one.
        var text = string.Join(" ", SvgAssert.Texts(SvgAssert.ParseFile(temp["directions-em.svg"])));
        Assert.Contains("columns sepal_length and petal_length: the two of 4 with the largest variance", text);
        Assert.Contains("direction 1: sd ", text);
    }

    [Fact]
    public void CompareHmmReportDrawsTheViterbiStatesOverTimeAndTheTransitionHeatMap()
    {
        using var temp = new TempFolder();
        var run = CliRun.Of("compare", "--example", "nile", "--model", "hmm", "--states", "2", "--backends", "em", "--seed", "1", "--restarts", "10", "--report", temp.Path);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);

        var states = SvgAssert.ParseFile(temp["states-em.svg"]);
        var texts = SvgAssert.Texts(states);
        // The Viterbi path changes state once, in 1898: 28 years from 1871 in the higher state, 72 after.
        Assert.Contains("state 1 (72 steps)", texts);
        Assert.Contains("state 2 (28 steps)", texts);
        Assert.Contains(texts, t => t.StartsWith("state 1 mean 850", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("state 2 mean 1097", StringComparison.Ordinal));
        // A point per year (and one per state in the legend), two colours; the means are dashed lines across the plot.
        var circles = SvgAssert.All(states, "circle").ToArray();
        Assert.Equal(100 + 2, circles.Length);
        Assert.Equal(2, circles.Select(c => (string?)c.Attribute("fill")).Distinct().Count());
        Assert.Equal(2, SvgAssert.All(states, "line").Count(l => l.Attribute("stroke-dasharray") is not null && (double)l.Attribute("x2")! - (double)l.Attribute("x1")! > 500));

        var transitions = SvgAssert.ParseFile(temp["transitions-em.svg"]);
        var cells = SvgAssert.All(transitions, "rect").Where(r => (string?)r.Attribute("stroke") == "white").ToArray();
        Assert.Equal(4, cells.Length);
        var labels = SvgAssert.Texts(transitions);
        // Row "from", column "to": the low state never leaves; the high state leaves with probability 1/28.
        Assert.Equal(["1.000", "0.000", "0.036", "0.964"], labels.Where(t => t.Length == 5 && t[1] == '.').ToArray());
        Assert.Contains("from", labels);
        Assert.Contains("to", labels);
        // Darker is more probable: the cell of 1.000 is the palette's blue, that of 0.000 white.
        Assert.Equal(["#1f77b4", "#ffffff"], cells.Take(2).Select(c => (string)c.Attribute("fill")!));
        Assert.Contains("states-em.svg", File.ReadAllText(temp["report.html"]));
        Assert.Contains("transitions-em.svg", File.ReadAllText(temp["report.html"]));
    }

    [Fact]
    public void SelectHmmReportDrawsTheBestChainsPlots()
    {
        using var temp = new TempFolder();
        var run = CliRun.Of("select", "--example", "nile", "--model", "hmm", "--states", "1..2", "--seed", "1", "--restarts", "10", "--report", temp.Path);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        foreach (var file in new[] { "states-best-K2.svg", "transitions-best-K2.svg", "criteria.svg", "table.md" })
            Assert.True(File.Exists(temp[file]), file);
        Assert.Contains("states (K)", SvgAssert.Texts(SvgAssert.ParseFile(temp["criteria.svg"])));
    }

    [Fact]
    public void BackendsRunsOnlyTheNamedBackends()
    {
        var run = CliRun.Of("compare", "--example", "old-faithful", "--backends", "vmp,em", "--json");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var document = JsonDocument.Parse(run.Out);
        // In the usual order, without exact (not named, so no exact evaluations either) and nothing skipped.
        Assert.Equal(["em", "vmp"], document.RootElement.GetProperty("fits").EnumerateArray().Select(f => f.GetProperty("label").GetString()));
        Assert.Equal(0, document.RootElement.GetProperty("skipped").GetArrayLength());

        var table = CliRun.Of("compare", "--example", "old-faithful", "--backends", "em");
        Assert.Equal(ExitCodes.Success, table.ExitCode);
        Assert.Single(table.OutLines, l => l.StartsWith("│ em ", StringComparison.Ordinal));
        Assert.DoesNotContain("skipped", table.Out);
    }

    [Theory]
    [InlineData("--backends em,kmeans", "unknown backend 'kmeans' for --backends; use some of: exact, em, vmp, reparameterized")]
    [InlineData("--backends em,em", "--backends names a backend twice: 'em,em'")]
    [InlineData("--backends em,vmp --epochs 5", "--epochs applies to the reparameterized, contrastive and score-function backends, none of which --backends names")]
    [InlineData("--backends exact,reparameterized --restarts 2", "--restarts applies to em and vmp, which --backends does not name")]
    public void BadBackendListsAreUsageErrors(string options, string expected)
    {
        var run = CliRun.Of(["compare", "--example", "old-faithful", .. options.Split(' ')]);
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Contains(expected, run.ErrorLine);
    }

    [Fact]
    public void AReportPathThatIsAFileFailsBeforeAnyFitting()
    {
        using var temp = new TempCsv("not a folder", "taken");
        var run = CliRun.Of("compare", "--example", "old-faithful", "--report", temp.Path);
        Assert.Equal(ExitCodes.DataOrModelError, run.ExitCode);
        Assert.Equal($"error: {temp.Path}: is a file; --report needs a folder to write the report into", run.ErrorLine);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void FitReportIsForVaesAndPointsOtherModelsToCompare()
    {
        var run = CliRun.Of("fit", "--example", "old-faithful", "--report", "out");
        Assert.Equal(ExitCodes.UsageError, run.ExitCode);
        Assert.Equal("error: fit --report applies to vae and autoencoder; for gmm use 'problatent compare --report out --backends em', which writes the same plots", run.ErrorLine);
    }

    [Fact]
    public void FitVaeReportDrawsTheTrainingTheDigitsAndTheTwoDimensionalLatentSpace()
    {
        using var data = TempMnist.Folder(validation: true);
        var folder = Path.Combine(data.Path, "report");
        var run = CliRun.Of("fit", "--model", "vae", "--data", data.Path, "--hidden", "16", "--latent-dim", "2", "--seed", "1", "--epochs", "2",
            "--iwae-eval", "20", "--report", folder);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var files = new[] { "elbo-trace.svg", "generated.svg", "latent.svg", "manifold.svg", "report.html" };
        Assert.Equal(files.Order(), Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Equal($"report: {Path.Combine(folder, "report.html")} ({string.Join(", ", files)})", run.OutLines.Last(l => l.Length > 0));

        var texts = SvgAssert.Texts(SvgAssert.ParseFile(Path.Combine(folder, "elbo-trace.svg")));
        Assert.Contains("validation ELBO", texts);
        Assert.Contains("test ELBO", texts);
        Assert.Contains(texts, t => t.StartsWith("test log p(x), IWAE-20", StringComparison.Ordinal));
        // The 64-pixel images are 8 × 8; the test file here is not the MNIST test split, so its points have one colour.
        Assert.Single(SvgAssert.All(SvgAssert.ParseFile(Path.Combine(folder, "generated.svg")), "image"));
        Assert.Contains("the data has no labels", File.ReadAllText(Path.Combine(folder, "latent.svg")));
        // The page repeats the run's summary and shows each chart.
        var page = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.Contains("<th>kept</th>", page);
        Assert.Contains("<th>test log p(x)</th>", page);
        foreach (var svg in files.Where(f => f.EndsWith(".svg", StringComparison.Ordinal))) Assert.Contains($"<img src=\"{svg}\"", page);
    }

    [SkippableFact]
    public void TheVaeReportColoursTheMnistTestSplitByDigit()
    {
        // The real test split (recognised by its checksum) as both training and test data: one quick epoch of a tiny network.
        using var data = new TempFolder();
        File.Copy(SharedData.PathOf("binarized_mnist/test.bin"), Path.Combine(data.Path, "train.bin"));
        File.Copy(SharedData.PathOf("binarized_mnist/test.bin"), Path.Combine(data.Path, "test.bin"));
        var folder = Path.Combine(data.Path, "report");
        var run = CliRun.Of("fit", "--model", "vae", "--data", data.Path, "--hidden", "16", "--latent-dim", "2", "--seed", "1", "--epochs", "1",
            "--iwae-eval", "0", "--report", folder);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var latent = File.ReadAllText(Path.Combine(folder, "latent.svg"));
        Assert.Contains("coloured by digit", latent);
        for (int digit = 0; digit < 10; digit++) Assert.Contains($"digit {digit}: ", latent);
        // No IWAE estimate was made, so the trace has no dashed line.
        Assert.DoesNotContain("IWAE", File.ReadAllText(Path.Combine(folder, "elbo-trace.svg")));
    }
}
