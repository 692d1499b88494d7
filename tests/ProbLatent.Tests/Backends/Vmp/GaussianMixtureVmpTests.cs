using ProbLatent.Backends.Vmp;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Vmp;

public class GaussianMixtureVmpTests
{
    static readonly Model Mixture = Model.Define("old-faithful")
        .Latent("z", Prior.Categorical(2))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full)))
        .Observe("x", dimension: 2);

    /// <summary>The priors of Infer.NET's mixture-of-Gaussians tutorial.</summary>
    static readonly VmpPriors TutorialPriors = new() { WeightConcentration = 1, MeanPrecision = 0.01, WishartShape = 100, WishartScale = 0.01 };

    [Fact]
    public void Old_faithful_with_the_tutorial_priors_converges_with_a_monotone_elbo_and_two_clusters()
    {
        var fit = Mixture.Compile(Inference.Vmp(seed: 1, priors: TutorialPriors)).Fit(Examples.OldFaithful());
        Assert.True(fit.Converged);
        for (int i = 1; i < fit.Trace.Count; i++) Assert.True(fit.Trace[i] >= fit.Trace[i - 1] - 1e-9, $"the ELBO fell at iteration {i + 1}");
        Assert.Equal(fit.Elbo.Value, fit.Trace[^1]);
        var posterior = Assert.IsType<GaussianMixturePosterior>(fit.ParameterPosterior);
        // Each Wishart posterior's shape is the prior's plus half the points its component holds: together 100·2 + 272/2.
        Assert.Equal(2 * 100 + 272 / 2.0, posterior.Precisions.Sum(w => w.Shape), 1e-9);
        Assert.Equal(272 + 2, posterior.Weights.Concentration.Sum(), 1e-9);
        var means = posterior.Means.Select(m => m.Mean).OrderBy(m => m[0]).ToArray();
        Assert.Equal(2.07, means[0][0], 0.1);
        Assert.Equal(54.4, means[0][1], 0.5);
        Assert.Equal(4.28, means[1][0], 0.1);
        Assert.Equal(80.0, means[1][1], 0.5);
    }

    [Fact]
    public void The_same_seed_gives_the_same_fit()
    {
        var a = Mixture.Compile(Inference.Vmp(restarts: 2, seed: 4)).Fit(Examples.OldFaithful());
        var b = Mixture.Compile(Inference.Vmp(restarts: 2, seed: 4)).Fit(Examples.OldFaithful());
        Assert.Equal(a.Trace, b.Trace);
    }

    [Fact]
    public void Improper_priors_are_refused_naming_the_prior()
    {
        var ex = Assert.Throws<BackendNotSupportedException>(() => Mixture.Compile(Inference.Vmp(priors: new VmpPriors { WishartShape = 0.2 })));
        Assert.Contains("Wishart shape 0.2 must exceed (d − 1)/2 = 0.5", ex.Message);
        ex = Assert.Throws<BackendNotSupportedException>(() => Mixture.Compile(Inference.Vmp(priors: new VmpPriors { MeanPrecision = -1 })));
        Assert.Contains("mean precision must be positive", ex.Message);
        ex = Assert.Throws<BackendNotSupportedException>(() => Mixture.Compile(Inference.Vmp(priors: new VmpPriors { MeanMean = [0, 0, 0] })));
        Assert.Contains("prior mean has 3 values but the data dimension is 2", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Mixture.Compile(Inference.Vmp(restarts: 0)));
    }

    [Fact]
    public void A_diverging_fit_names_the_iteration_and_the_variable()
    {
        // Points of order 1e30, far inside the data limits but far from the unit priors' scale: a component's posterior
        // rate loses its positive definiteness to rounding some iterations in. (Data whose statistics overflow is refused
        // before any fit: see ExtremeValueTests.) Which draws lose it depends on the statistics' rounding: these (seed 2) do
        // at every scale from 1e20 to 1e70.
        var random = new Random(2);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var data = new DataMatrix(Enumerable.Range(0, 80).Select(_ => 1e30 * Normal()).ToArray(), 40, 2);
        // Infer.NET's unit priors, given (data-scaled ones follow the data to any scale).
        var priors = new VmpPriors { MeanPrecision = 0.01, WishartShape = 2, WishartScale = 0.5 };
        var ex = Assert.Throws<FitDivergedException>(() => Mixture.Compile(Inference.Vmp(restarts: 1, priors: priors, start: VmpStart.RandomPointMasses)).Fit(data));
        // From random point masses (the k-means++ start, in units of each column's spread, keeps this fit proper).
        Assert.StartsWith($"vmp: the fit diverged at iteration {ex.Iteration}: ", ex.Message);
        Assert.EndsWith("(restart 0); check the priors and the data's scale", ex.Message);
        Assert.InRange(ex.Iteration, 1, 1000);
    }

    [Fact]
    public void A_non_conjugate_model_is_refused_naming_the_factor_and_what_works()
    {
        var boolean = Model.Define("sbn").Latent("z", Prior.Bernoulli(3)).Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", 4);
        var ex = Assert.Throws<BackendNotSupportedException>(() => boolean.Compile(Inference.Vmp()));
        Assert.Contains("x ~ Bernoulli(σ(W z + b)) is not conjugate", ex.Message);
        Assert.Contains("Inference.Exact(parameters)", ex.Message);
    }
}
