using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Selection;
using ProbLatent.Tests.Cli;

namespace ProbLatent.Tests.Backends;

/// <summary>A restart that collapses is dropped and named; the fit keeps the best of the others and fails only when every restart does.</summary>
public class CollapsedRestartTests
{
    static Model NileHmm(int states) => Model.Define("nile")
        .Latent("z", Prior.MarkovChain(Prior.Categorical(states)))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full)))
        .Observe("x", 1);

    [Fact]
    public void A_nile_hmm_of_three_states_drops_its_collapsing_restarts_and_keeps_the_best_of_the_others()
    {
        var fit = NileHmm(3).Compile(Inference.Em(restarts: 10, seed: 1)).Fit(Examples.Nile());
        Assert.NotEmpty(fit.DroppedRestarts);
        Assert.True(fit.DroppedRestarts.Count < 10);
        foreach (var note in fit.DroppedRestarts)
        {
            Assert.Matches(@"^restart \d+ of 10 collapsed at iteration \d+: ", note);
            Assert.DoesNotContain("the fit diverged", note);
        }
        Assert.True(double.IsFinite(fit.LogLikelihood));
        // Three states explain the Nile at least as well as the two-state peers' maximum.
        Assert.True(fit.LogLikelihood >= -629.8045 - 1e-6, $"log p(x) = {fit.LogLikelihood}");
        for (int i = 1; i < fit.Trace.Count; i++) Assert.True(fit.Trace[i] >= fit.Trace[i - 1] - 1e-9, $"iteration {i} decreased the objective");
    }

    [Fact]
    public void Selecting_the_nile_hmms_states_at_the_default_regularization_fits_every_size()
    {
        var selection = new ModelSelection(NileHmm, Inference.Em(restarts: 10, seed: 1)).FitSequences(SequenceData.Single(Examples.Nile()), [1, 2, 3]);
        Assert.Empty(selection.Failed);
        Assert.Equal(3, selection.Candidates.Count);
        Assert.Equal(-629.8045, selection.Candidates[1].LogLikelihood, 4);
    }

    [Fact]
    public void The_command_line_notes_each_dropped_restart_on_the_error_stream()
    {
        var run = CliRun.Of("fit", "--example", "nile", "--model", "hmm", "--states", "3", "--restarts", "10", "--seed", "1");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"note: restart \d+ of 10 collapsed at iteration \d+: ", run.Error);
    }

    // Two distinct points for three components: every start leaves a component on a single point.
    static readonly DataMatrix TwoPoints = DataMatrix.FromRows([[0.0, 1.0], [2.0, -1.0], [2.0, -1.0], [0.0, 1.0]], ["a", "b"]);

    static readonly Model ThreeComponents = Model.Define("gmm").Latent("z", Prior.Categorical(3))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 2);

    [Fact]
    public void A_fit_whose_every_restart_collapses_fails_naming_each_restarts_reason()
    {
        var ex = Assert.Throws<FitDivergedException>(() => ThreeComponents.Compile(Inference.Em(restarts: 3, seed: 1)).Fit(TwoPoints));
        Assert.StartsWith("em: the fit diverged at iteration", ex.Message);
        Assert.Contains("every one of the 3 restarts diverged or collapsed", ex.Message);
        Assert.Contains("collapsed: the points it holds", ex.Message);
        foreach (var restart in new[] { 2, 3 }) Assert.Contains($"restart {restart} at iteration", ex.Message);
    }

    [Fact]
    public void A_fit_of_one_restart_that_collapses_fails_with_that_restarts_own_reason()
    {
        var ex = Assert.Throws<FitDivergedException>(() => ThreeComponents.Compile(Inference.Em(restarts: 1, seed: 1)).Fit(TwoPoints));
        Assert.DoesNotContain("every one of", ex.Message);
        Assert.Contains("collapsed", ex.Message);
    }
}
