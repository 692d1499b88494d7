using BooleanLatents;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.ExamplePrograms;

/// <summary>examples/BooleanLatents on a small sample: which backends run the model, exact bounds, explaining away.</summary>
public class BooleanLatentsExampleTests
{
    static readonly BooleanLatentModel Truth = BooleanLatentsDemo.Truth();
    static readonly GeneratedData Drawn = Truth.Generate(300, new Random(1));

    [Fact]
    public void Em_learns_the_model_and_exact_inference_evaluates_given_parameters()
    {
        var outcomes = BooleanLatentsDemo.WhichBackendsRun(Truth);
        Assert.Equal(["exact", "exact(θ)", "em", "vmp", "reparameterized"], outcomes.Select(o => o.Backend));
        Assert.All(outcomes, o => Assert.StartsWith(o.Backend is "exact(θ)" or "em" ? "runs:" : "refuses:", o.Outcome));
        Assert.Contains("2^3 = 8 states", outcomes[1].Outcome);
        Assert.Contains("fit it with Inference.Em()", outcomes[0].Outcome);

        // On the small sample EM reaches the truth's likelihood (maximum likelihood on the sample may exceed it).
        var fit = BooleanLatentsDemo.Compare("EM fit", BooleanLatentsDemo.FitByEm(Drawn.Data, maxIterations: 60), Drawn.Data);
        var truth = BooleanLatentsDemo.Compare("truth", Truth, Drawn.Data);
        Assert.True(fit.LogLikelihood > truth.LogLikelihood - 0.02 * Drawn.Data.Rows, $"EM {fit.LogLikelihood}, truth {truth.LogLikelihood}");
    }

    [Fact]
    public void The_mean_field_gap_is_its_kl_to_the_exact_posterior()
    {
        var truth = BooleanLatentsDemo.Compare("truth", Truth, Drawn.Data);
        Assert.Equal(truth.LogLikelihood, truth.ExactElbo, 1e-8);
        Assert.True(truth.MeanFieldGap > 0.1, $"mean-field gap {truth.MeanFieldGap}");
        Assert.Equal(truth.MeanFieldKl, truth.MeanFieldGap, 1e-8);

        // W = 0: the bits are independent given x, so the mean-field q is the exact posterior; and it explains the data worse.
        var baseline = BooleanLatentsDemo.Compare("independent", BooleanLatentsDemo.IndependentPixels(Drawn.Data), Drawn.Data);
        Assert.Equal(0, baseline.MeanFieldGap, 1e-8);
        Assert.True(truth.LogLikelihood > baseline.LogLikelihood);
    }

    [Fact]
    public void The_points_shown_are_a_single_cause_and_the_worst_mean_field_fit()
    {
        var exact = (BooleanPosterior)Truth.Posterior(Drawn.Data);
        int single = BooleanLatentsDemo.FirstWithOnlyCause(Drawn.Latents, cause: 1);
        Assert.Equal([0.0, 1.0, 0.0], Drawn.Latents.Row(single).ToArray());
        Assert.True(exact.Means()[single * 3 + 1] > 0.99);

        int worst = BooleanLatentsDemo.LargestMeanFieldLoss(exact);
        var meanField = BooleanLatentsDemo.MeanField(exact);
        double Kl(int n) => new BooleanPosterior(meanField.Row(n).ToArray(), 1, 3).KlDivergence(new BooleanPosterior(exact.Row(n).ToArray(), 1, 3));
        Assert.All(Enumerable.Range(0, Drawn.Data.Rows), n => Assert.True(Kl(n) <= Kl(worst) + 1e-12));

        var output = new StringWriter();
        BooleanLatentsDemo.PrintPosterior("single", Drawn.Data, Drawn.Latents, single, exact, output);
        var text = output.ToString();
        Assert.Contains("drawn with z = 010", text);
        Assert.Equal(1 + 2 + 8 + 1, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
