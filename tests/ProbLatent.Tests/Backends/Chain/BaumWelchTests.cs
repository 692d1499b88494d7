using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Chain;

public class BaumWelchTests
{
    static Model Hmm(int states, Likelihood emission, int dimension) => Model.Define("hmm")
        .Latent("z", Prior.MarkovChain(Prior.Categorical(states)))
        .Decoder(Decoder.PerComponent(emission))
        .Observe("x", dimension);

    [Fact]
    public void Nile_with_two_gaussian_states_reaches_the_peers_maximum_and_changes_state_in_1898()
    {
        // −629.8045 is the best of many starts of pomegranate and of a NumPy Baum–Welch on the same series.
        var nile = Examples.Nile();
        var fit = Hmm(2, Likelihood.Gaussian(Covariance.Full), 1).Compile(Inference.Em(restarts: 10, seed: 1)).Fit(nile);
        Assert.Equal(-629.8045, fit.LogLikelihood, 4);
        Assert.True(fit.Converged);
        Assert.Equal(fit.Iterations + 1, fit.Trace.Count);
        for (int i = 1; i < fit.Trace.Count; i++) Assert.True(fit.Trace[i] >= fit.Trace[i - 1] - 1e-9, $"iteration {i} decreased the objective");
        Assert.True(fit.Elbo.Value <= fit.LogLikelihood + 1e-9);

        var hmm = (HiddenMarkovModel)fit.Parameters;
        var path = hmm.Viterbi(nile).States;
        int changes = Enumerable.Range(1, path.Count - 1).Count(t => path[t] != path[t - 1]);
        int last = Enumerable.Range(1, path.Count - 1).Single(t => path[t] != path[t - 1]) - 1;
        Assert.Equal(1, changes);
        Assert.Equal(1898, Examples.NileFirstYear + last);
        Assert.True(hmm.Emissions is GaussianMixture g && g.Mean(path[0])[0] > g.Mean(path[^1])[0], "the flow is higher before the change");
    }

    [Fact]
    public void Baum_welch_over_several_sequences_of_different_lengths_recovers_the_chain_that_drew_them()
    {
        var truth = new HiddenMarkovModel([0.5, 0.5], [0.95, 0.05, 0.1, 0.9],
            new GaussianMixture([0.5, 0.5], [-2, 0, 2, 1], [1, 0, 0, 1, 1, 0.3, 0.3, 1], 2, Covariance.Full));
        var drawn = truth.GenerateSequences([3000, 1500, 700], new Random(3));
        var fit = Hmm(2, Likelihood.Gaussian(Covariance.Full), 2).Compile(Inference.Em(restarts: 2, seed: 1)).FitSequences(drawn.Data);
        var hmm = (HiddenMarkovModel)fit.Parameters;
        int first = ((GaussianMixture)hmm.Emissions).Mean(0)[0] < 0 ? 0 : 1;
        Assert.Equal(0.95, hmm.Transition(first, first), 0.02);
        Assert.Equal(0.9, hmm.Transition(1 - first, 1 - first), 0.03);
        Assert.True(fit.LogLikelihood >= truth.LogLikelihood(drawn.Data), "the fit is at least as likely as the truth on the truth's data");
        Assert.Equal(5200, fit.DataCount);
        var posterior = Assert.IsType<ChainPosterior>(fit.LatentPosterior);
        Assert.Equal([3000, 1500, 700], posterior.Lengths);
        Assert.Equal(3, posterior.InitialCounts.Sum(), 9);
        Assert.Equal(5200 - 3, posterior.TransitionCounts.Sum(), 6);
    }

    [Fact]
    public void Dirichlet_priors_on_the_transitions_make_each_row_the_map_of_its_expected_moves()
    {
        var nile = Examples.Nile();
        var model = Hmm(2, Likelihood.Gaussian(Covariance.Diagonal), 1)
            .Prior("transitions", ParameterPrior.Dirichlet(50))
            .Prior("initial", ParameterPrior.Dirichlet(2));
        var fit = model.Compile(Inference.Em(restarts: 3, seed: 1, tolerance: -1, maxIterations: 60)).Fit(nile);
        for (int i = 1; i < fit.Trace.Count; i++) Assert.True(fit.Trace[i] >= fit.Trace[i - 1] - 1e-9, $"iteration {i} decreased the MAP objective");
        // One more M step from the final posterior, by the formula, moves the transitions by no more than the fit's last steps did.
        var hmm = (HiddenMarkovModel)fit.Parameters;
        var q = hmm.Posterior(SequenceData.Single(nile));
        for (int i = 0; i < 2; i++)
        {
            double row = q.TransitionCounts[i * 2] + q.TransitionCounts[i * 2 + 1] + 2 * 50 - 2;
            Assert.Equal((q.TransitionCounts[i * 2 + i] + 49) / row, hmm.Transition(i, i), 4);
        }
        Assert.True(hmm.Transition(0, 1) > 0.2, "fifty pseudo-moves each way keep the chain from settling in one state");
    }

    [Fact]
    public void A_bernoulli_hmm_needs_regularization_and_fits_binary_sequences_with_it()
    {
        var model = Hmm(2, Likelihood.Bernoulli(), 3);
        var e = Assert.Throws<BackendNotSupportedException>(() => model.Compile(Inference.Em(regularization: 0)));
        Assert.Contains("a hidden Markov model with Bernoulli emissions needs regularization > 0", e.Message);
        var truth = new HiddenMarkovModel([1, 0], [0.9, 0.1, 0.2, 0.8], new BernoulliMixture([0.5, 0.5], [0.9, 0.9, 0.1, 0.1, 0.2, 0.8], 3));
        var drawn = truth.GenerateSequences([400, 400], new Random(5));
        var fit = model.Compile(Inference.Em(restarts: 2, seed: 2)).FitSequences(drawn.Data);
        Assert.True(fit.LogLikelihood >= truth.LogLikelihood(drawn.Data));
        Assert.IsType<BernoulliMixture>(((HiddenMarkovModel)fit.Parameters).Emissions);
    }

    [Fact]
    public void Exact_evaluates_the_fitted_chain_to_ems_log_likelihood_and_its_elbo_is_tight()
    {
        var nile = Examples.Nile();
        var model = Hmm(2, Likelihood.Gaussian(Covariance.Full), 1);
        var em = model.Compile(Inference.Em(restarts: 3, seed: 1)).Fit(nile);
        var exact = model.Compile(Inference.Exact(em.Parameters)).Fit(nile);
        Assert.Equal(em.LogLikelihood, exact.LogLikelihood, 9);
        Assert.Equal(exact.LogLikelihood, exact.Elbo.Value, 8);
        var refused = Assert.Throws<BackendNotSupportedException>(() => model.Compile(Inference.Exact()));
        Assert.Contains("fit it with Inference.Em()", refused.Message);
        var diagonal = Hmm(2, Likelihood.Gaussian(Covariance.Diagonal), 1);
        var wrongForm = Assert.Throws<BackendNotSupportedException>(() => diagonal.Compile(Inference.Exact(em.Parameters)));
        Assert.Contains("declares Gaussian(Diagonal) emissions, but the parameters given have Gaussian(Full) ones", wrongForm.Message);
    }
}
