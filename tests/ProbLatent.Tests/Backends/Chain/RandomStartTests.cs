using ProbLatent.Backends.Em;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Tests.Backends;

namespace ProbLatent.Tests.Backends.Chain;

/// <summary>
/// EM's random starts (<see cref="EmStart.RandomPointMasses"/>): each time step or point on a uniformly drawn state, then one
/// M step. They start every state near the data's mean, so they need more restarts than k-means++, but reach the same maxima.
/// </summary>
public class RandomStartTests
{
    static readonly Model Nile = Model.Define("hmm")
        .Latent("z", Prior.MarkovChain(Prior.Categorical(2)))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full)))
        .Observe("x", 1);

    static readonly Model Mixture = OldFaithfulReferenceTests.Mixture;

    [Fact]
    public void Random_starts_of_baum_welch_reach_the_niles_maximum_with_enough_restarts()
    {
        var fit = Nile.Compile(Inference.Em(restarts: 20, seed: 1, start: EmStart.RandomPointMasses)).Fit(Examples.Nile());
        Assert.Equal(-629.8045, fit.LogLikelihood, 4);
        Assert.True(fit.Converged);
        for (int i = 1; i < fit.Trace.Count; i++) Assert.True(fit.Trace[i] >= fit.Trace[i - 1] - 1e-9, $"iteration {i} decreased the objective");
    }

    [Fact]
    public void The_seed_chooses_the_random_start_and_the_same_seed_gives_the_same_fit()
    {
        var data = Examples.Nile();
        // One iteration from one start shows the start itself: its M step's θ is evaluated.
        double Start(int seed, EmStart start) =>
            Nile.Compile(Inference.Em(restarts: 1, seed: seed, maxIterations: 1, tolerance: -1, start: start)).Fit(data).Trace[0];
        double first = Start(1, EmStart.RandomPointMasses);
        Assert.Equal(first, Start(1, EmStart.RandomPointMasses));
        Assert.NotEqual(first, Start(2, EmStart.RandomPointMasses));
        Assert.NotEqual(first, Start(1, EmStart.KMeansPlusPlus));

        var em = Inference.Em(restarts: 3, seed: 7, start: EmStart.RandomPointMasses);
        var a = (HiddenMarkovModel)Nile.Compile(em).Fit(data).Parameters;
        var b = (HiddenMarkovModel)Nile.Compile(em).Fit(data).Parameters;
        Assert.Equal(a.Transitions.ToArray(), b.Transitions.ToArray());
        Assert.Equal(((GaussianMixture)a.Emissions).Mean(0), ((GaussianMixture)b.Emissions).Mean(0));
    }

    [Fact]
    public void A_mixtures_random_starts_reach_the_old_faithful_reference()
    {
        var fit = Mixture.Compile(Inference.Em(restarts: 5, seed: 1, start: EmStart.RandomPointMasses)).Fit(Examples.OldFaithful());
        Assert.Equal(-1130.264, fit.LogLikelihood, 1e-3);
        double Start(int seed) => Mixture.Compile(Inference.Em(restarts: 1, seed: seed, maxIterations: 1, tolerance: -1, start: EmStart.RandomPointMasses))
            .Fit(Examples.OldFaithful()).Trace[0];
        Assert.NotEqual(Start(1), Start(2));
    }

    [Fact]
    public void Models_whose_em_starts_its_own_way_refuse_random_starts()
    {
        var ppca = Model.Define("ppca").Latent("z", Prior.StandardNormal(1)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic))).Observe("x", 2);
        var e = Assert.Throws<BackendNotSupportedException>(() => ppca.Compile(Inference.Em(start: EmStart.RandomPointMasses)));
        Assert.Contains("model 'ppca': the start RandomPointMasses applies to Gaussian, Bernoulli and categorical mixtures and hidden Markov models, not PPCA or factor analysis", e.Message);
    }
}
