using FactorAnalyserMixtures;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.ExamplePrograms;

/// <summary>examples/MixtureOfFactorAnalysers on a small sample: five models by EM on clusters that each lie near a plane.</summary>
public class MixtureOfFactorAnalysersExampleTests
{
    static readonly (DataMatrix Data, int[] Components) Sample = FactorMixtureComparison.Generate(count: 300, seed: 2);
    static readonly IReadOnlyList<(string Label, FitResult Fit)> Fits = FactorMixtureComparison.Run(Sample.Data, restarts: 1, maxIterations: 60, seed: 1);

    static FitResult Fit(string label) => Fits.Single(f => f.Label == label).Fit;

    [Fact]
    public void Every_fit_is_bounded_by_its_log_likelihood_and_the_mixture_of_factor_analysers_finds_the_components()
    {
        Assert.Equal(["mixture of FA", "mixture of PPCA", "Gaussian mixture, full", "Gaussian mixture, diagonal", "factor analysis"], Fits.Select(f => f.Label));
        foreach (var (label, fit) in Fits)
            Assert.True(fit.Gap >= -1e-9 * Math.Abs(fit.LogLikelihood), $"{label}: ELBO {fit.Elbo.Value} above log p(x) {fit.LogLikelihood}");
        var mfa = Fit("mixture of FA");
        Assert.IsType<MixtureOfFactorAnalysers>(mfa.Parameters);
        Assert.Equal(1.0, FactorMixtureComparison.Agreement(FactorMixtureComparison.Clusters(mfa)!, Sample.Components), 0.02);
        Assert.Null(FactorMixtureComparison.Clusters(Fit("factor analysis")));
    }

    [Fact]
    public void Planes_beat_diagonal_covariances_and_cost_fewer_parameters_than_full_ones()
    {
        var mfa = Fit("mixture of FA");
        Assert.True(mfa.LogLikelihood > Fit("Gaussian mixture, diagonal").LogLikelihood + 100);
        Assert.True(mfa.LogLikelihood > Fit("factor analysis").LogLikelihood + 100);
        var full = Fit("Gaussian mixture, full");
        Assert.True(mfa.Parameters.ParameterCount < full.Parameters.ParameterCount);
        Assert.True(FactorMixtureComparison.Bic(mfa) < FactorMixtureComparison.Bic(full), "the mixture of factor analysers has the lower BIC");
    }

    [Fact]
    public void Agreement_is_taken_under_the_best_matching_of_the_labels()
    {
        Assert.Equal(1.0, FactorMixtureComparison.Agreement([2, 2, 0, 1], [0, 0, 1, 2]));
        Assert.Equal(0.75, FactorMixtureComparison.Agreement([2, 2, 0, 0], [0, 0, 1, 2]));
    }

    [Fact]
    public void Exact_inference_at_the_fitted_parameters_has_its_elbo_at_the_log_likelihood()
    {
        var mfa = Fit("mixture of FA");
        var exact = FactorMixtureComparison.FactorMixture(Covariance.Diagonal).Compile(Inference.Exact(mfa.Parameters)).Fit(Sample.Data);
        Assert.Equal(mfa.LogLikelihood, exact.LogLikelihood, 1e-9 * Math.Abs(mfa.LogLikelihood));
        Assert.Equal(exact.LogLikelihood, exact.Elbo.Value, 1e-9 * Math.Abs(exact.LogLikelihood));
    }

    [Fact]
    public void The_table_has_a_row_per_model_and_checks_the_bound_in_each()
    {
        var output = new StringWriter();
        FactorMixtureComparison.Print(Fits, Sample.Components, output);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("clusters right", lines[0]);
        Assert.Equal(2 + Fits.Count, lines.Length);
        Assert.All(lines.Skip(2), line => Assert.Contains("yes", line));
        Assert.Contains("—", lines[^1]);
    }
}
