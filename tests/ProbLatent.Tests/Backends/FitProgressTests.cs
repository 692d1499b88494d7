using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends;

/// <summary>What a fit reports while it runs: each iteration or epoch, as it finishes, on the fitting thread.</summary>
public class FitProgressTests
{
    static readonly Model Ppca = Model.Define("ppca")
        .Latent("z", Prior.StandardNormal(1))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic)))
        .Observe("x", dimension: 3);

    static DataMatrix Data()
    {
        var random = new Random(3);
        var truth = new LinearGaussianModel([1.5, -1, 0.5], [0, 1, 2], [0.2, 0.2, 0.2], 1, isotropic: true);
        return truth.Generate(200, random).Data;
    }

    /// <summary>The reports of a fit, with whether each came on the thread that called Fit.</summary>
    static (FitResult Fit, List<(FitProgress Report, bool SameThread)> Reports) FitAndRecord(IBackend backend)
    {
        var reports = new List<(FitProgress, bool)>();
        int thread = Environment.CurrentManagedThreadId;
        var fit = Ppca.Compile(backend).Fit(Data(),
            new SynchronousProgress<FitProgress>(p => reports.Add((p, Environment.CurrentManagedThreadId == thread))));
        return (fit, reports);
    }

    [Theory]
    [InlineData("em")]
    [InlineData("vmp")]
    public void Em_and_vmp_report_each_iteration_with_the_objective_their_trace_records(string backend)
    {
        var (fit, reports) = FitAndRecord(backend == "em"
            ? Inference.Em(restarts: 1, maxIterations: 50, tolerance: 1e-10)
            : Inference.Vmp(restarts: 1, maxIterations: 50, tolerance: 1e-10));
        Assert.Equal(fit.Iterations, reports.Count);
        Assert.NotEmpty(reports);
        for (int i = 0; i < reports.Count; i++)
        {
            var (report, sameThread) = reports[i];
            Assert.Equal((i + 1, 50, ProgressUnit.Iteration), (report.Iteration, report.MaxIterations, report.Unit));
            Assert.Equal(fit.Trace[i + 1], report.Objective); // the trace starts at the initial parameters
            Assert.True(sameThread);
        }
    }

    [Fact]
    public void The_reparameterized_backend_reports_each_epoch_as_an_epoch()
    {
        var (fit, reports) = FitAndRecord(Inference.Reparameterized(epochs: 3, batchSize: 50, learningRate: 1e-2, seed: 2));
        Assert.Equal(3, reports.Count);
        Assert.NotEmpty(reports);
        for (int i = 0; i < reports.Count; i++)
        {
            var (report, sameThread) = reports[i];
            Assert.Equal((i + 1, 3, ProgressUnit.Epoch), (report.Iteration, report.MaxIterations, report.Unit));
            Assert.Equal(fit.Trace[i], report.Objective);
            Assert.True(sameThread);
        }
        Assert.True(reports[2].Report.Elapsed >= reports[0].Report.Elapsed);
    }
}
