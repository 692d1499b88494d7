using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Chain;

public class BayesianHmmVmpTests
{
    static Model Hmm(int states, Likelihood emission, int dimension) => Model.Define("hmm")
        .Latent("z", Prior.MarkovChain(Prior.Categorical(states)))
        .Decoder(Decoder.PerComponent(emission))
        .Observe("x", dimension);

    [Fact]
    public void Vmp_on_the_nile_climbs_its_elbo_below_the_likelihood_and_finds_the_change_in_1898()
    {
        var nile = Examples.Nile();
        var fit = Hmm(2, Likelihood.Gaussian(Covariance.Full), 1).Compile(Inference.Vmp(restarts: 3, seed: 1)).Fit(nile);
        for (int i = 1; i < fit.Trace.Count; i++) Assert.True(fit.Trace[i] >= fit.Trace[i - 1] - 1e-9, $"iteration {i} decreased the ELBO");
        Assert.True(fit.Converged);
        Assert.True(fit.Elbo.Value < -629.8045, $"the ELBO {fit.Elbo.Value} is below the maximum likelihood");
        var posterior = Assert.IsType<HiddenMarkovPosterior>(fit.ParameterPosterior);
        Assert.Equal(2, posterior.Transitions.Count);
        var hmm = Assert.IsType<HiddenMarkovModel>(fit.Parameters);
        Assert.Equal(hmm.LogLikelihood(SequenceData.Single(nile)), fit.LogLikelihood, 9);
        var path = hmm.Viterbi(nile).States;
        int last = Enumerable.Range(1, path.Count - 1).Single(t => path[t] != path[t - 1]) - 1;
        Assert.Equal(1898, Examples.NileFirstYear + last);
        var q = Assert.IsType<ChainPosterior>(fit.LatentPosterior);
        Assert.Equal(nile.Rows - 1, q.TransitionCounts.Sum(), 9);
        Assert.Equal(fit.Elbo.Value, fit.Elbo.ExpectedLogLikelihood + fit.Elbo.ExpectedLogPrior + fit.Elbo.Entropy, 9);
    }

    [Fact]
    public void A_start_from_a_fitted_mixture_is_refused_saying_how_the_chain_starts()
    {
        var nile = Examples.Nile();
        var mixture = Model.Define("gmm").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 1)
            .Compile(Inference.Em(seed: 1)).Fit(nile).Parameters;
        var e = Assert.Throws<BackendNotSupportedException>(() =>
            Hmm(2, Likelihood.Gaussian(Covariance.Full), 1).Compile(new ProbLatent.Backends.Vmp.VmpBackend(new ProbLatent.Backends.Vmp.VmpOptions(StartFrom: mixture))));
        Assert.Contains("HiddenMarkovModel starts its chain from k-means++ responsibilities over the steps (VmpOptions.Start)", e.Message);
        Assert.DoesNotContain("loadings", e.Message);
    }
}
