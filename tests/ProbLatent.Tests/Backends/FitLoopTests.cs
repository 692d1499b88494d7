using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends;

/// <summary>The fit loop EM and VMP share: one convergence rule, one trace layout, one answer to cancellation, no shared state.</summary>
public class FitLoopTests
{
    static readonly Model Iris3 = Model.Define("iris")
        .Latent("z", Prior.Categorical(3))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full)))
        .Observe("x", dimension: 4);

    static readonly Model IrisPpca = Model.Define("iris-ppca")
        .Latent("z", Prior.StandardNormal(2))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic)))
        .Observe("x", dimension: 4);

    public static TheoryData<string> Backends => ["em", "vmp"];

    static IBackend Backend(string name, int restarts = 2, int seed = 1, double tolerance = Convergence.DefaultTolerance, int maxIterations = 1000) => name switch
    {
        "em" => Inference.Em(restarts: restarts, seed: seed, maxIterations: maxIterations, tolerance: tolerance),
        _ => Inference.Vmp(restarts: restarts, seed: seed, maxIterations: maxIterations, tolerance: tolerance),
    };

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_fit_stops_at_the_first_iteration_that_changes_the_objective_by_less_than_the_tolerance_per_point(string backend)
    {
        const double tolerance = 1e-6;
        var data = Examples.Iris();
        var fit = Iris3.Compile(Backend(backend, tolerance: tolerance)).Fit(data);
        Assert.True(fit.Converged);
        Assert.Equal(fit.Iterations + 1, fit.Trace.Count); // the start, then each iteration
        var changes = fit.Trace.Zip(fit.Trace.Skip(1), (a, b) => Math.Abs(b - a) / data.Rows).ToArray();
        Assert.True(changes[^1] < tolerance, $"the last change per point is {changes[^1]}");
        Assert.All(changes[..^1], c => Assert.True(c >= tolerance, $"a change of {c} per point did not stop the fit"));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_fit_cancelled_before_its_first_iteration_throws(string backend)
    {
        var compiled = Iris3.Compile(Backend(backend));
        var ex = Assert.Throws<OperationCanceledException>(() => compiled.Fit(Examples.Iris(), cancellation: new CancellationToken(canceled: true)));
        Assert.Contains("before its first iteration", ex.Message);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_fit_cancelled_after_an_iteration_returns_that_restart_not_converged(string backend)
    {
        using var cancel = new CancellationTokenSource();
        var reports = new List<FitProgress>();
        var fit = Iris3.Compile(Backend(backend, restarts: 3)).Fit(Examples.Iris(), new SynchronousProgress<FitProgress>(p =>
        {
            reports.Add(p);
            if (p.Iteration == 2) cancel.Cancel();
        }), cancel.Token);
        // The running restart stops after the iteration that saw the request; no other restart starts.
        Assert.Equal([(0, 1), (0, 2)], reports.Select(p => (p.Restart, p.Iteration)));
        Assert.Equal(2, fit.Iterations);
        Assert.False(fit.Converged);
        Assert.Equal(reports.Select(p => p.Objective), fit.Trace.Skip(1));
    }

    /// <summary>
    /// Of the restarts, the fit keeps the one whose last objective is the highest, whichever place it ran in; Iris with
    /// K = 3 has restarts that end at different optima, so keeping any other (the first, the last) shows.
    /// </summary>
    [Theory]
    [MemberData(nameof(Backends))]
    public void The_restart_with_the_highest_final_objective_is_kept(string backend)
    {
        var finals = new SortedDictionary<int, double>();
        var traces = new Dictionary<int, List<double>>();
        var fit = Iris3.Compile(Backend(backend, restarts: 8, seed: 3)).Fit(Examples.Iris(), new SynchronousProgress<FitProgress>(p =>
        {
            finals[p.Restart] = p.Objective;
            (traces.TryGetValue(p.Restart, out var t) ? t : traces[p.Restart] = []).Add(p.Objective);
        }));
        Assert.Equal(8, finals.Count);
        Assert.True(finals.Values.Distinct().Count() > 1, $"every restart ended at {finals[0]}: nothing to choose between");
        var best = finals.Values.Max();
        Assert.Equal(best, fit.Trace[^1]);
        Assert.Equal(traces[finals.First(f => f.Value == best).Key], fit.Trace.Skip(1));
        // VMP's objective is its ELBO; EM's is log p(x) before its last M step, so only the trace shows it.
        if (backend == "vmp") Assert.Equal(best, fit.Elbo.Value, 9);
    }

    /// <summary>Several restarts are the default of both iterative backends, so a bad start alone does not decide a fit.</summary>
    [Fact]
    public void Em_and_vmp_restart_several_times_by_default()
    {
        foreach (var backend in new IBackend[] { Inference.Em(), Inference.Vmp() })
        {
            var restarts = new HashSet<int>();
            Iris3.Compile(backend).Fit(Examples.Iris(), new SynchronousProgress<FitProgress>(p => restarts.Add(p.Restarts)));
            Assert.Equal([5], restarts);
        }
    }

    /// <summary>
    /// Fits of one compiled model running at once, each on its own data (PPCA's EM keeps the data's covariance, VMP's
    /// mixtures their factor graphs), give exactly what the same fits give one after another.
    /// </summary>
    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Concurrent_fits_of_one_compiled_model_give_the_sequential_results(string backend)
    {
        var iris = Examples.Iris();
        var rows = Enumerable.Range(0, iris.Rows).Select(n => iris.Row(n).ToArray()).ToArray();
        DataMatrix[] data =
        [
            iris,
            DataMatrix.FromRows(rows.Select(r => r.Select(v => 10 * v + 1).ToArray()).ToArray()),
            DataMatrix.FromRows(rows.Reverse().Take(120).ToArray()),
            DataMatrix.FromRows(rows.Select(r => new[] { r[3], r[2], r[1], r[0] }).ToArray()),
        ];
        foreach (var model in new[] { IrisPpca, Iris3 })
        {
            var compiled = model.Compile(Backend(backend, restarts: 2, maxIterations: 50));
            var sequential = data.Select(d => compiled.Fit(d)).ToArray();
            using var start = new Barrier(data.Length);
            var concurrent = data.Select(d => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                return compiled.Fit(d);
            }, TaskCreationOptions.LongRunning)).ToArray();
            var results = await Task.WhenAll(concurrent);
            for (int i = 0; i < data.Length; i++)
            {
                var (alone, together) = (sequential[i], results[i]);
                Assert.Equal(alone.Trace, together.Trace);
                Assert.Equal(alone.LogLikelihood, together.LogLikelihood);
                Assert.Equal(alone.Elbo, together.Elbo);
            }
        }
    }
}
