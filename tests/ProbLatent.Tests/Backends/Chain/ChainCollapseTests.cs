using ProbLatent.Backends;
using ProbLatent.Backends.Em;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Chain;

/// <summary>A hidden Markov model's state that collapses is named as a state, with the steps the chain's posterior gives it.</summary>
public class ChainCollapseTests
{
    [Fact]
    public void A_collapsed_state_counts_the_steps_the_chains_marginals_give_it_not_those_its_emission_mixture_would()
    {
        // 20 spread steps and three copies of 7: the chain puts state 1 on the copies alone, where the emissions as a mixture
        // (state 1 broad around 7, equal weights) would give it every step from 4 up.
        var values = Enumerable.Range(0, 20).Select(t => t * 0.5).Concat([7.0, 7.0, 7.0]).ToArray();
        var data = SequenceData.Single(new DataMatrix(values, values.Length, 1, ["flow"]));
        int steps = values.Length;
        var marginals = new double[2 * steps];
        for (int t = 0; t < steps; t++) marginals[2 * t + (t >= 20 ? 1 : 0)] = 1;
        var transitions = new double[4];
        for (int t = 1; t < steps; t++) transitions[(t - 1 >= 20 ? 2 : 0) + (t >= 20 ? 1 : 0)]++;
        var q = new ChainPosterior(marginals, [steps], 2, [1, 0], transitions, 0);
        var current = new HiddenMarkovModel([0.5, 0.5], [0.9, 0.1, 0.1, 0.9],
            new GaussianMixture([0.5, 0.5], [2, 7], [4, 4], 1, Covariance.Full));
        var algorithm = new HiddenMarkovEm(new GaussianMixtureEm(2, Covariance.Full, 1e-6, MixturePriors.None) { Words = CollapseWords.Chain }, null, null);
        var bound = algorithm.For(data);
        var ex = Assert.ThrowsAny<ProbLatentException>(() => algorithm.Maximize(current, data, q, bound, new Lazy<double[]>(() => HiddenMarkovEm.Columns(data.Steps))));
        Assert.StartsWith("state 1 of 2 collapsed: the steps it holds (1 distinct, weight 3 of 23 steps) have no spread", ex.Message);
        Assert.Contains("fit fewer than 2 states", ex.Message);
        Assert.Contains("keeps a state of that weight", ex.Message);
    }

    [Fact]
    public void A_fitted_hmms_dropped_restart_names_the_state_and_the_steps_of_the_sequence()
    {
        var model = Model.Define("nile").Latent("z", Prior.MarkovChain(Prior.Categorical(3)))
            .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 1);
        var fit = model.Compile(Inference.Em(restarts: 10, seed: 1)).Fit(Examples.Nile());
        Assert.NotEmpty(fit.DroppedRestarts);
        foreach (var note in fit.DroppedRestarts)
            Assert.Matches(@"^restart \d+ of 10 collapsed at iteration \d+: state \d of 3 collapsed: the steps it holds \(\d+ distinct, weight [0-9.e+-]+ of 100 steps\)", note);
    }
}
