using ProbLatent.Backends.Vmp;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Tests.Cli;

namespace ProbLatent.Tests.Backends;

/// <summary>
/// A mixture component that collapses onto too few distinct points is a likelihood spike, not a fit: EM and VMP stop
/// with the iteration, the component and what to change, and the command line exits 1 with that line.
/// </summary>
public class CollapsedComponentTests
{
    static Model Mixture(int k, Covariance covariance = Covariance.Full) => Model.Define("gmm")
        .Latent("z", Prior.Categorical(k)).Decoder(Decoder.PerComponent(Likelihood.Gaussian(covariance))).Observe("x", 2);

    static readonly DataMatrix ThreeRows = DataMatrix.FromRows([[1.0, 2], [3, 5], [4, 4]], ["a", "b"]);

    [Fact]
    public void Em_with_as_many_components_as_points_stops_at_the_start_naming_a_one_point_component()
    {
        var data = Examples.OldFaithful();
        var ex = Assert.Throws<FitDivergedException>(() => Mixture(272).Compile(Inference.Em(restarts: 1)).Fit(data));
        Assert.Equal(0, ex.Iteration);
        Assert.Matches(@"^em: the fit diverged at iteration 0: component \d+ of 272 collapsed: the points it holds \(1 distinct, weight 1 of 272\)", ex.Message);
        Assert.Contains("fit fewer than 272 components, or raise the regularization to at least 0.01", ex.Message);
    }

    [Fact]
    public void Em_on_three_rows_with_two_full_components_is_refused_for_want_of_three_points_per_component()
    {
        var ex = Assert.Throws<FitDivergedException>(() => Mixture(2).Compile(Inference.Em(restarts: 1)).Fit(ThreeRows));
        Assert.Contains("a full covariance in 2 dimensions needs at least 3 distinct points in general position", ex.Message);
    }

    static readonly DataMatrix OnALine = DataMatrix.FromRows([[0.0, 0], [1, 2], [2, 4], [3, 6], [5, 10]], ["a", "b"]);

    [Fact]
    public void A_one_component_em_fit_that_collapses_is_not_told_to_fit_fewer_components()
    {
        var ex = Assert.Throws<FitDivergedException>(() => Mixture(1).Compile(Inference.Em(restarts: 1, seed: 1)).Fit(OnALine));
        Assert.Contains("component 0 of 1 collapsed", ex.Message);
        Assert.DoesNotContain("fit fewer than", ex.Message);
        Assert.Contains(": raise the regularization to at least", ex.Message);
    }

    [Fact]
    public void A_one_component_vmp_fit_that_collapses_is_told_what_else_to_change()
    {
        var ex = Assert.Throws<FitDivergedException>(() => Mixture(1).Compile(Inference.Vmp(restarts: 1, seed: 1)).Fit(OnALine));
        Assert.Contains("component 0 of 1 collapsed", ex.Message);
        Assert.DoesNotContain("fit fewer than", ex.Message);
        Assert.Contains("fit it to rows with spread in every direction, or state a prior on the precisions", ex.Message);
    }

    [Fact]
    public void One_column_is_one_dimension_in_the_message()
    {
        var column = DataMatrix.FromRows([[1.0], [1.0], [1.0], [2.0], [3.0]], ["a"]);
        var oneDimensional = Model.Define("gmm").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 1);
        var ex = Assert.Throws<FitDivergedException>(() => oneDimensional.Compile(Inference.Em(restarts: 1, seed: 1)).Fit(column));
        Assert.Contains("a full covariance in 1 dimension needs at least 2 distinct points in general position", ex.Message);
    }

    [Fact]
    public void A_regularization_as_wide_as_the_advice_fits_the_three_rows_without_a_spike()
    {
        var fit = Mixture(2).Compile(Inference.Em(restarts: 1, regularization: 0.02)).Fit(ThreeRows);
        var mixture = (LatentModels.GaussianMixture)fit.Parameters;
        var (_, variances) = ProbLatent.Numerics.SampleMoments.ColumnMoments(ThreeRows);
        for (int c = 0; c < 2; c++)
            for (int j = 0; j < 2; j++)
                Assert.True(mixture.Covariance(c)[j, j] >= 0.01 * variances[j], $"component {c}, column {j}: {mixture.Covariance(c)[j, j]}");
    }

    [Fact]
    public void A_diagonal_component_on_points_equal_in_one_column_names_the_column()
    {
        // Five rows share b = 7 exactly: a diagonal component on them has no spread in b.
        var rows = Enumerable.Range(0, 30).Select(i => new[] { Math.Sin(i) * 3, Math.Cos(1.7 * i) * 2 })
            .Concat(Enumerable.Range(0, 5).Select(i => new[] { 40.0 + i, 7.0 })).ToArray();
        var data = DataMatrix.FromRows(rows, ["a", "b"]);
        var ex = Assert.Throws<FitDivergedException>(() => Mixture(2, Covariance.Diagonal).Compile(Inference.Em(restarts: 1)).Fit(data));
        Assert.Contains("have no spread in column 'b'", ex.Message);
        Assert.Contains("a diagonal covariance needs two distinct values in every column", ex.Message);
    }

    [Fact]
    public void Vmp_refuses_a_kept_component_on_identical_points_that_only_its_prior_keeps_finite()
    {
        var rows = Enumerable.Range(0, 40).Select(i => new[] { Math.Sin(i) * 3, Math.Cos(1.7 * i) * 2 })
            .Concat(Enumerable.Repeat(new[] { 30.0, 30.0 }, 6)).ToArray();
        var data = DataMatrix.FromRows(rows, ["a", "b"]);
        var ex = Assert.Throws<FitDivergedException>(() => Mixture(2).Compile(Inference.Vmp(restarts: 2, seed: 1)).Fit(data));
        Assert.StartsWith("vmp: the fit diverged at iteration", ex.Message);
        Assert.Contains("collapsed: the points it holds (1 distinct, weight 6", ex.Message);
        Assert.Contains("only the prior holds its covariance up", ex.Message);
        Assert.Contains("--prior-weights", ex.Message);
    }

    [Fact]
    public void Vmp_with_as_many_components_as_points_empties_the_ones_it_does_not_need_instead_of_collapsing()
    {
        var fit = Mixture(272).Compile(Inference.Vmp(restarts: 1, seed: 1)).Fit(Examples.OldFaithful());
        var posterior = (GaussianMixturePosterior)fit.ParameterPosterior!;
        var counts = posterior.Weights.Concentration.Select(a => a - 1).ToArray();
        Assert.True(fit.LogLikelihood < -1100, $"log p(x) {fit.LogLikelihood}: no spike above the two-component maximum −1130.3");
        Assert.True(counts.Count(n => n >= 1) < 30, $"{counts.Count(n => n >= 1)} components hold a point or more");
    }

    [Fact]
    public void The_command_line_exits_1_with_the_collapse_on_one_line()
    {
        var run = CliRun.Of("fit", "--example", "old-faithful", "--components", "272");
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("error: em: the fit diverged at iteration 0: component ", run.ErrorLine);
        Assert.Contains("raise the regularization to at least 0.01", run.ErrorLine);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void The_command_lines_regularization_reaches_em_and_applies_to_em_only()
    {
        using var csv = new TempCsv("a,b\n1,2\n3,5\n4,4\n");
        Assert.Equal(0, CliRun.Of("fit", "--data", csv.Path, "--model", "gmm", "--components", "2", "--regularization", "0.02").ExitCode);
        Assert.Equal(1, CliRun.Of("fit", "--data", csv.Path, "--model", "gmm", "--components", "2").ExitCode);
        CliRun.Refused(2, "error: --regularization applies to --backend em, not vmp",
            "fit", "--data", csv.Path, "--model", "gmm", "--backend", "vmp", "--regularization", "0.02");
    }
}
