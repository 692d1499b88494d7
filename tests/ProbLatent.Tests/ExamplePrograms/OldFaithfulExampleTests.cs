using OldFaithful;
using ProbLatent.Data;

namespace ProbLatent.Tests.ExamplePrograms;

/// <summary>examples/OldFaithful: EM, VMP and exact inference at each one's parameters, side by side.</summary>
public class OldFaithfulExampleTests
{
    static readonly IReadOnlyList<ComparisonRow> Rows = BackendComparison.Run(Examples.OldFaithful(), restarts: 5, seed: 1);

    static ComparisonRow Row(string method) => Rows.Single(r => r.Method == method);

    [Fact]
    public void Em_reaches_the_reference_maximum_and_exact_inference_at_its_parameters_agrees()
    {
        Assert.Equal(["EM", "VMP", "exact at EM's θ", "exact at VMP's θ"], Rows.Select(r => r.Method));
        Assert.Equal(BackendComparison.ReferenceLogLikelihood, Row("EM").Fit.LogLikelihood, 1e-3);
        Assert.Equal(Row("EM").Fit.LogLikelihood, Row("exact at EM's θ").Fit.LogLikelihood, 1e-9);
        Assert.Equal(Row("VMP").Fit.LogLikelihood, Row("exact at VMP's θ").Fit.LogLikelihood, 1e-9);
    }

    [Fact]
    public void Every_elbo_lies_below_its_log_likelihood_and_only_the_exact_posterior_closes_the_gap()
    {
        foreach (var (method, fit) in Rows)
            Assert.True(fit.Gap >= -1e-9 * Math.Abs(fit.LogLikelihood), $"{method}: ELBO {fit.Elbo.Value} above log p(x) {fit.LogLikelihood}");
        Assert.InRange(Math.Abs(Row("exact at EM's θ").Fit.Gap), 0, 1e-8);
        Assert.InRange(Row("EM").Fit.Gap, 0, 1e-4);
        // VMP's ELBO also pays for not knowing θ: a gap of many nats.
        Assert.True(Row("VMP").Fit.Gap > 10, $"VMP's gap {Row("VMP").Fit.Gap}");
    }

    [Fact]
    public void The_tables_show_every_method_and_the_refusals_name_their_backends()
    {
        var output = new StringWriter();
        BackendComparison.Print(Rows, output);
        BackendComparison.PrintComponents(Rows, Examples.OldFaithful(), output);
        var text = output.ToString();
        foreach (var row in Rows) Assert.Contains(row.Method, text);
        Assert.Contains("-1130.264", text);
        Assert.Contains("mean waiting", text);

        var refusals = BackendComparison.Refusals();
        Assert.Collection(refusals,
            r => Assert.StartsWith("exact backend:", r),
            r => Assert.StartsWith("reparameterized backend:", r));
    }
}
