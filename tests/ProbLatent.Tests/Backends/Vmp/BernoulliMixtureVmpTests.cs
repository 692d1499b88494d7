using System.Diagnostics;
using ProbLatent.Backends.Vmp;
using ProbLatent.Backends.Vmp.Models;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Numerics;
using Xunit.Abstractions;

namespace ProbLatent.Tests.Backends.Vmp;

/// <summary>The Bayesian mixture of Bernoullis: on binarized MNIST, and on a case small enough to check by hand.</summary>
public class BernoulliMixtureVmpTests(ITestOutputHelper output)
{
    static readonly Lazy<DataMatrix> Mnist = new(() => BinarizedMnist.Read(ShippedData.MnistTrain));

    static Model Mixture(int components, int dimension) => Model.Define("bernoulli-mixture")
        .Latent("z", Prior.Categorical(components))
        .Decoder(Decoder.PerComponent(Likelihood.Bernoulli()))
        .Observe("x", dimension);

    [Fact]
    public void On_mnist_the_trace_never_decreases_and_converges()
    {
        var data = Mnist.Value;
        var vmp = Mixture(10, data.Columns).Compile(Inference.Vmp()).Build(data, new Random(1));
        var trace = new List<double> { vmp.Graph.Elbo(0).Value };
        var clock = Stopwatch.StartNew();
        for (int i = 1; i <= 300 && (trace.Count < 3 || Math.Abs(trace[^1] - trace[^2]) >= 1e-6 * Math.Abs(trace[^1])); i++)
        {
            vmp.Graph.Sweep();
            trace.Add(vmp.Graph.Elbo(i).Value);
        }
        clock.Stop();
        output.WriteLine($"{trace.Count - 1} sweeps over {data.Rows}×{data.Columns}, {clock.Elapsed.TotalMilliseconds / (trace.Count - 1):F1} ms per sweep and ELBO; ELBO {trace[^1]:F1}");

        for (int i = 1; i < trace.Count; i++)
            Assert.True(trace[i] >= trace[i - 1] - 1e-9 * Math.Abs(trace[i - 1]), $"ELBO fell from {trace[i - 1]} to {trace[i]} at sweep {i}");
        Assert.True(Math.Abs(trace[^1] - trace[^2]) < 1e-6 * Math.Abs(trace[^1]), $"not converged after {trace.Count - 1} sweeps");

        var posterior = Assert.IsType<BernoulliMixturePosterior>(vmp.ParameterPosterior());
        var mixture = (BernoulliMixture)posterior.Mean();
        for (int k = 0; k < 10; k++)
            Assert.All(mixture.Probabilities(k), p => Assert.True(p > 0 && p < 1, $"E[p] = {p} of component {k}"));
        var q = Assert.IsType<DiscretePosterior>(vmp.LatentPosterior());
        var r = q.Probabilities;
        for (int n = 0; n < data.Rows; n++)
        {
            double sum = 0;
            for (int k = 0; k < 10; k++)
            {
                Assert.InRange(r[n * 10 + k], 0, 1);
                sum += r[n * 10 + k];
            }
            Assert.Equal(1, sum, 1e-12);
        }
    }

    [Fact]
    public void Through_the_backend_a_fit_reports_its_posterior_and_a_bound_below_the_evidence_of_one_component()
    {
        var data = Mnist.Value;
        var fit = Mixture(10, 784).Compile(Inference.Vmp(restarts: 1, seed: 2, maxIterations: 100)).Fit(data);
        var posterior = Assert.IsType<BernoulliMixturePosterior>(fit.ParameterPosterior);
        Assert.Equal(10, posterior.Probabilities.Count);
        Assert.All(posterior.Probabilities, p => Assert.Equal(784, p.Count));
        Assert.Equal(data.Rows + 10, posterior.Weights.TotalConcentration, 1e-6);
        // with K = 10 the bound must beat the exact evidence of K = 1 by a wide margin
        var one = Mixture(1, 784).Compile(Inference.Vmp(restarts: 1, seed: 2)).Fit(data);
        Assert.True(fit.Elbo.Value > one.Elbo.Value + 10 * data.Rows, $"K = 10: {fit.Elbo.Value}, K = 1: {one.Elbo.Value}");
    }

    /// <summary>
    /// With one component every zₙ is certain, so VMP's factorised q is the exact posterior: Beta(a₀ + Σx, b₀ + N − Σx)
    /// per pixel, Dirichlet(α₀ + N), and the ELBO is the exact evidence Σⱼ log B(a₀ + Sⱼ, b₀ + N − Sⱼ) − log B(a₀, b₀).
    /// </summary>
    [Fact]
    public void One_component_gives_the_conjugate_posterior_and_the_exact_evidence()
    {
        double[][] rows = [[1, 0, 1], [1, 0, 0], [1, 1, 0], [1, 0, 0], [0, 0, 1]];
        var data = DataMatrix.FromRows(rows);
        var priors = new VmpPriors { BetaA = 2, BetaB = 0.5, WeightConcentration = 3 };
        var fit = Mixture(1, 3).Compile(Inference.Vmp(restarts: 1, seed: 0, priors: priors)).Fit(data);
        var posterior = Assert.IsType<BernoulliMixturePosterior>(fit.ParameterPosterior);

        double[] ones = [4, 1, 2];
        double evidence = 0;
        for (int j = 0; j < 3; j++)
        {
            var beta = posterior.Probabilities[0][j];
            Assert.Equal(2 + ones[j], beta.Alpha, 1e-12);
            Assert.Equal(0.5 + 5 - ones[j], beta.BetaParameter, 1e-12);
            evidence += SpecialFunctions.LogBeta(2 + ones[j], 0.5 + 5 - ones[j]) - SpecialFunctions.LogBeta(2, 0.5);
        }
        Assert.Equal(3.0 + 5, Assert.Single(posterior.Weights.Concentration));
        Assert.Equal(evidence, fit.Elbo.Value, 1e-10);
        Assert.Equal(1, ((BernoulliMixture)posterior.Mean()).Weights[0]);
    }
}
