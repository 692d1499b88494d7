using ProbabilisticPca;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.ExamplePrograms;

/// <summary>examples/ProbabilisticPca on a small data set: four backends on one model, then factor analysis.</summary>
public class ProbabilisticPcaExampleTests
{
    static readonly DataMatrix Data = PpcaComparison.Generate(count: 1000, seed: 3);
    static readonly IReadOnlyList<FitResult> Fits = PpcaComparison.Run(Data, epochs: 50, seed: 1);

    [Fact]
    public void All_four_backends_run_the_one_model_and_each_elbo_bounds_its_log_likelihood()
    {
        Assert.Equal(["exact", "em", "vmp", "reparameterized"], Fits.Select(f => f.Backend));
        foreach (var fit in Fits)
        {
            Assert.Same(PpcaComparison.Ppca, fit.Model);
            Assert.True(fit.Gap >= -1e-9 * Math.Abs(fit.LogLikelihood), $"{fit.Backend}: ELBO {fit.Elbo.Value} above log p(x) {fit.LogLikelihood}");
        }
    }

    [Fact]
    public void No_fit_exceeds_the_closed_form_maximum_and_factor_analysis_reaches_at_least_it()
    {
        double maximum = Fits[0].LogLikelihood;
        foreach (var fit in Fits.Skip(1)) Assert.True(fit.LogLikelihood <= maximum + 1e-6, $"{fit.Backend}: {fit.LogLikelihood} > {maximum}");
        Assert.Equal(maximum, Fits[1].LogLikelihood, 1e-4);
        Assert.True(PpcaComparison.FitFactorAnalysis(Data).LogLikelihood >= maximum - 1e-6);
    }

    [Fact]
    public void The_closed_form_loadings_are_orthogonal()
    {
        // Tipping and Bishop's W = U (Λ − σ²I)^½ has orthogonal columns: the angle the program reports for the VAE's W.
        Assert.Equal(90, PpcaComparison.ColumnAngleDegrees((LinearGaussianModel)Fits[0].Parameters), 1e-6);
    }

    [Fact]
    public void The_table_checks_the_bound_in_every_row()
    {
        var output = new StringWriter();
        PpcaComparison.Print(Fits.Select(f => (f.Backend, f)), output);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("ELBO ≤ log p(x)", lines[0]);
        Assert.Equal(2 + Fits.Count, lines.Length);
        Assert.All(lines.Skip(2), line => Assert.Contains("yes", line));
    }
}
