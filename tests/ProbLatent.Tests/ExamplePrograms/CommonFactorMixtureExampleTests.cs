using CommonFactorMixtures;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.ExamplePrograms;

/// <summary>examples/CommonFactorMixture with few iterations: the iris flowers by a mixture of common factor analysers and its neighbours.</summary>
public class CommonFactorMixtureExampleTests
{
    static readonly int[] Species = CommonFactorComparison.Species();
    static readonly IReadOnlyList<(string Label, FitResult Fit)> Fits = CommonFactorComparison.Run(Examples.Iris(), restarts: 1, maxIterations: 60, seed: 1);

    static FitResult Fit(string label) => Fits.Single(f => f.Label == label).Fit;

    [Fact]
    public void The_common_factor_mixture_finds_the_species_with_fewer_parameters_than_a_factor_space_per_component()
    {
        Assert.Equal(["mixture of common FA", "mixture of FA", "Gaussian mixture, full"], Fits.Select(f => f.Label));
        Assert.Equal([50, 50, 50], Species.GroupBy(s => s).Select(g => g.Count()));
        foreach (var (label, fit) in Fits)
            Assert.True(fit.Gap >= -1e-9 * Math.Abs(fit.LogLikelihood), $"{label}: ELBO {fit.Elbo.Value} above log p(x) {fit.LogLikelihood}");
        var mcfa = Fit("mixture of common FA");
        var fitted = Assert.IsType<MixtureOfCommonFactorAnalysers>(mcfa.Parameters);
        Assert.True(fitted.ParameterCount < Fit("mixture of FA").Parameters.ParameterCount);
        Assert.True(CommonFactorComparison.SpeciesAgreement(mcfa, Species) > 0.9);
    }

    [Fact]
    public void Exact_evaluates_the_fit_and_the_species_sit_apart_in_the_shared_factor_space()
    {
        var mcfa = Fit("mixture of common FA");
        var exact = CommonFactorComparison.CommonFactors.Compile(Inference.Exact(mcfa.Parameters)).Fit(Examples.Iris());
        Assert.Equal(mcfa.LogLikelihood, exact.LogLikelihood);
        Assert.Equal(exact.LogLikelihood, exact.Elbo.Value, 1e-9 * Math.Abs(exact.LogLikelihood));
        var centres = CommonFactorComparison.SpeciesFactorMeans((FactorMixturePosterior)exact.LatentPosterior, Species);
        for (int a = 0; a < 3; a++)
            for (int b = a + 1; b < 3; b++)
                Assert.True(Math.Sqrt(centres[a].Zip(centres[b]).Sum(p => (p.First - p.Second) * (p.First - p.Second))) > 0.5, $"species {a} and {b} sit together");
        var output = new StringWriter();
        CommonFactorComparison.PrintParameters((MixtureOfCommonFactorAnalysers)mcfa.Parameters, output);
        Assert.Contains("A (4×2, shared)", output.ToString());
        Assert.Equal(5, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
