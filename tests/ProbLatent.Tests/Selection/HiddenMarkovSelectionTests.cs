using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Selection;

namespace ProbLatent.Tests.Selection;

public class HiddenMarkovSelectionTests
{
    static Model Hmm(int states) => Model.Define("nile")
        .Latent("z", Prior.MarkovChain(Prior.Categorical(states)))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full)))
        .Observe("x", 1);

    // 0.01 of the variance keeps every restart of K = 3 wide; at the default some collapse and are dropped (CollapsedRestartTests).
    static readonly SelectionResult Nile = new ModelSelection(Hmm, Inference.Em(restarts: 10, seed: 1, regularization: 0.01))
        .FitSequences(SequenceData.Single(Examples.Nile()), [1, 2, 3]);

    [Fact]
    public void The_nile_is_two_states_by_bic_at_the_peers_maximum()
    {
        Assert.Empty(Nile.Failed);
        var bic = Nile.Candidates.Select(c => c.Bic).ToArray();
        Assert.True(bic[1] > bic[0] && bic[1] > bic[2], $"BIC {string.Join(", ", bic)}");
        Assert.Equal(2, Nile.Best(Criterion.Bic)!.Size);
        Assert.Equal(2, Nile.Best(Criterion.Icl)!.Size);
        // −629.8045 is the best of many starts of pomegranate and of a NumPy Baum–Welch (BaumWelchTests).
        Assert.Equal(-629.8045, Nile.Candidates[1].LogLikelihood, 4);
        Assert.Equal(100, Nile.DataCount);
    }

    [Fact]
    public void The_free_parameters_are_the_initial_states_the_transitions_and_each_states_emission()
    {
        // K − 1 + K(K − 1) + 2K: a mean and a variance per state.
        Assert.Equal([2, 7, 14], Nile.Candidates.Select(c => c.ParameterCount));
        foreach (var c in Nile.Candidates)
        {
            Assert.Equal(2 * c.LogLikelihood - c.ParameterCount * Math.Log(100), c.Bic, 9);
            Assert.Equal(2 * c.LogLikelihood - 2 * c.ParameterCount, c.Aic, 9);
        }
    }

    [Fact]
    public void The_icl_is_the_bic_less_twice_the_entropy_of_the_posterior_over_paths()
    {
        var nile = SequenceData.Single(Examples.Nile());
        Assert.Equal(Nile.Candidates[0].Bic, Nile.Candidates[0].Icl!.Value, 9);
        foreach (var c in Nile.Candidates.Skip(1))
        {
            var posterior = ((HiddenMarkovModel)c.Fit.Parameters).Posterior(nile);
            double entropy = posterior.Entropy();
            Assert.Equal(c.Bic - 2 * entropy, c.Icl!.Value, 9);
            Assert.True(entropy > 0);
            // The steps are not labelled independently: the path's entropy is below the sum of the marginals'.
            double marginals = 0;
            for (int t = 0; t < posterior.Count; t++)
                foreach (var p in posterior.Row(t)) if (p > 0) marginals -= p * Math.Log(p);
            Assert.True(entropy <= marginals + 1e-9, $"H[path] {entropy} > Σₜ H[zₜ] {marginals}");
        }
    }

    [Fact]
    public void A_fit_of_another_model_is_not_scored_as_a_chain()
    {
        var data = Examples.Nile();
        var mixture = Model.Define("nile").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 1)
            .Compile(Inference.Em(restarts: 1, seed: 1)).Fit(data);
        var e = Assert.Throws<ArgumentException>(() => ModelSelection.Score(2, mixture, SequenceData.Single(data)));
        Assert.Contains("not a hidden Markov model", e.Message);
    }
}
