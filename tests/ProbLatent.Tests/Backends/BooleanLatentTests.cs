using ProbLatent.Backends;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends;

public class BooleanLatentTests
{
    [Fact]
    public void Exact_enumeration_agrees_with_a_hand_computed_two_state_case()
    {
        // One latent bit, one pixel: p(x=1) = ρ σ(w + b) + (1 − ρ) σ(b).
        double w = 1.5, b = -0.5, rho = 0.3;
        var model = new BooleanLatentModel([w], [b], [rho]);
        var data = ProbLatent.Data.DataMatrix.FromRows([[1.0], [0.0]]);
        var logLikelihoods = model.PointLogLikelihoods(data);
        double p1 = rho / (1 + Math.Exp(-(w + b))) + (1 - rho) / (1 + Math.Exp(-b));
        Assert.Equal(Math.Log(p1), logLikelihoods[0], 1e-12);
        Assert.Equal(Math.Log(1 - p1), logLikelihoods[1], 1e-12);
        var posterior = Assert.IsType<BooleanPosterior>(model.Posterior(data));
        Assert.Equal(rho / (1 + Math.Exp(-(w + b))) / p1, posterior.Means()[0], 1e-12);
    }

    [Fact]
    public void Exact_backend_evaluates_given_parameters_and_its_elbo_is_tight()
    {
        var random = new Random(2);
        var truth = new BooleanLatentModel(
            Enumerable.Range(0, 8 * 3).Select(_ => random.NextDouble() * 6 - 3).ToArray(),
            Enumerable.Range(0, 8).Select(_ => random.NextDouble() - 0.5).ToArray(), [0.2, 0.5, 0.7]);
        var data = truth.Generate(300, random).Data;
        var model = Model.Define("sbn").Latent("z", Prior.Bernoulli(3)).Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", 8);
        var fit = model.Compile(Inference.Exact(truth)).Fit(data);
        Assert.Equal(fit.LogLikelihood, fit.Elbo.Value, 1e-8);
        Assert.Same(truth, fit.Parameters);
    }
}
