using ProbLatent.Backends;
using ProbLatent.Backends.Em;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends;

public class BeliefNetTests
{
    /// <summary>h2 ∈ {0,1}^a → h1 ∈ {0,1}^b → x ∈ {0,1}^d, with random weights of the given spread.</summary>
    internal static BooleanLatentModel RandomNet(Random random, int a, int b, int d, double spread = 2)
    {
        double Draw() => (random.NextDouble() * 2 - 1) * spread;
        var upper = new SigmoidLayer(Enumerable.Range(0, b * a).Select(_ => Draw()).ToArray(), Enumerable.Range(0, b).Select(_ => Draw() / 2).ToArray(), a);
        var decoder = new SigmoidLayer(Enumerable.Range(0, d * b).Select(_ => Draw()).ToArray(), Enumerable.Range(0, d).Select(_ => Draw() / 2).ToArray(), b);
        return new BooleanLatentModel(Enumerable.Range(0, a).Select(_ => 0.2 + 0.6 * random.NextDouble()).ToArray(), [upper, decoder]);
    }

    internal static Model Definition(int a, int b, int d) => Model.Define("sbn")
        .Latent("h2", Prior.Bernoulli(a))
        .Latent("h1", Prior.Bernoulli(b).Given("h2", Decoder.Linear(Likelihood.Bernoulli())))
        .Decoder(Decoder.Linear(Likelihood.Bernoulli()))
        .Observe("x", d);

    static double Bernoulli(double activation, double value)
    {
        double p = 1 / (1 + Math.Exp(-activation));
        return value == 1 ? p : 1 - p;
    }

    /// <summary>p(x, h2, h1) written out from the definition, term by term.</summary>
    static double Joint(BooleanLatentModel net, double[] x, int h2, int h1)
    {
        int a = net.LayerBits[0], b = net.LayerBits[1];
        double p = 1;
        for (int i = 0; i < a; i++) p *= (h2 >> i & 1) != 0 ? net.Priors[i] : 1 - net.Priors[i];
        for (int i = 0; i < b; i++)
        {
            double act = net.Layers[0].Bias[i];
            for (int k = 0; k < a; k++) if ((h2 >> k & 1) != 0) act += net.Layers[0].Weights[i * a + k];
            p *= Bernoulli(act, h1 >> i & 1);
        }
        for (int j = 0; j < x.Length; j++)
        {
            double act = net.Bias[j];
            for (int k = 0; k < b; k++) if ((h1 >> k & 1) != 0) act += net.Weights[j * b + k];
            p *= Bernoulli(act, x[j]);
        }
        return p;
    }

    [Fact]
    public void Two_layers_enumerate_the_joint_states_as_the_definition_does()
    {
        var random = new Random(3);
        var net = RandomNet(random, a: 2, b: 3, d: 5);
        Assert.Equal(ModelFamily.SigmoidBeliefNet, net.Family);
        Assert.Equal(5, net.Bits);
        var data = net.Generate(40, random).Data;
        var logLikelihoods = net.PointLogLikelihoods(data);
        var posterior = Assert.IsType<BeliefNetPosterior>(net.Posterior(data));
        var means = posterior.Means();
        for (int n = 0; n < data.Rows; n++)
        {
            var x = data.Row(n).ToArray();
            double total = 0;
            var marginals = new double[5]; // h2's bits, then h1's
            for (int h2 = 0; h2 < 4; h2++)
                for (int h1 = 0; h1 < 8; h1++)
                {
                    double p = Joint(net, x, h2, h1);
                    total += p;
                    for (int i = 0; i < 2; i++) if ((h2 >> i & 1) != 0) marginals[i] += p;
                    for (int i = 0; i < 3; i++) if ((h1 >> i & 1) != 0) marginals[2 + i] += p;
                }
            Assert.Equal(Math.Log(total), logLikelihoods[n], 1e-10);
            for (int i = 0; i < 5; i++) Assert.Equal(marginals[i] / total, means[n * 5 + i], 1e-10);
        }
    }

    [Fact]
    public void The_exact_posterior_is_normalised_and_its_elbo_is_the_log_likelihood()
    {
        var random = new Random(4);
        var net = RandomNet(random, a: 3, b: 4, d: 7);
        var data = net.Generate(200, random).Data;
        var posterior = (BeliefNetPosterior)net.Posterior(data);
        for (int n = 0; n < data.Rows; n++) Assert.Equal(1, posterior.Bottom.Row(n).ToArray().Sum(), 1e-12);
        for (int u = 0; u < 16; u++) Assert.Equal(1, posterior.Conditional(1).Slice(u * 8, 8).ToArray().Sum(), 1e-12);
        double logLikelihood = net.PointLogLikelihoods(data).Sum();
        var elbo = net.Elbo(data, posterior);
        Assert.Equal(logLikelihood, elbo.Value, 1e-8);

        // Another net's posterior is a q of the same form: its bound is lower by exactly its KL from the exact posterior.
        var other = (BeliefNetPosterior)RandomNet(new Random(5), 3, 4, 7).Posterior(data);
        var bound = net.Elbo(data, other);
        Assert.True(bound.Value < logLikelihood);
        Assert.Equal(logLikelihood - bound.Value, other.KlDivergence(posterior), 1e-7);
        Assert.Equal(0, posterior.KlDivergence(posterior), 1e-12);
    }

    [Fact]
    public void The_newton_step_has_the_gradient_and_hessian_of_its_objective()
    {
        var random = new Random(6);
        const int bits = 3;
        var counts = Enumerable.Range(0, 8).Select(_ => 1 + 10 * random.NextDouble()).ToArray();
        var targets = counts.Select(w => w * random.NextDouble()).ToArray();
        var theta = Enumerable.Range(0, bits + 1).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        const double lambda = 0.3, h = 1e-5;
        var gradient = new double[bits + 1];
        var negativeHessian = new double[(bits + 1) * (bits + 1)];
        StateLogisticRegression.GradientAndHessian(bits, counts, targets, lambda, theta, gradient, negativeHessian);
        double F(double[] t) => StateLogisticRegression.Objective(bits, counts, targets, lambda, t, new double[8]);
        double[] Shifted(double[] t, int i, double by) { var c = (double[])t.Clone(); c[i] += by; return c; }
        for (int i = 0; i <= bits; i++)
        {
            Assert.Equal((F(Shifted(theta, i, h)) - F(Shifted(theta, i, -h))) / (2 * h), gradient[i], 1e-6);
            for (int k = 0; k <= bits; k++)
            {
                double second = (F(Shifted(Shifted(theta, i, h), k, h)) - F(Shifted(Shifted(theta, i, h), k, -h))
                               - F(Shifted(Shifted(theta, i, -h), k, h)) + F(Shifted(Shifted(theta, i, -h), k, -h))) / (4 * h * h);
                Assert.Equal(-second, negativeHessian[i * (bits + 1) + k], 1e-4);
            }
        }

        // The damped steps go to the maximum, where the gradient vanishes, and never lower f on the way.
        double before = F(theta);
        StateLogisticRegression.Improve(bits, counts, targets, lambda, theta, steps: 20);
        Assert.True(F(theta) >= before);
        StateLogisticRegression.GradientAndHessian(bits, counts, targets, lambda, theta, gradient, negativeHessian);
        Assert.All(gradient, g => Assert.True(Math.Abs(g) < 1e-8, $"gradient {g} at the optimum"));
    }

    [Fact]
    public void Em_fits_a_two_layer_net_never_decreasing_and_recovers_the_generating_likelihood()
    {
        // Strong weights: the bits leave clear traces in the pixels, so the likelihood has structure to recover.
        var random = new Random(7);
        var truth = RandomNet(random, a: 2, b: 4, d: 12, spread: 4);
        var data = truth.Generate(1000, random).Data;
        var fit = Definition(2, 4, 12).Compile(Inference.Em(restarts: 2, seed: 1, maxIterations: 60, tolerance: 1e-7)).Fit(data);
        for (int t = 1; t < fit.Trace.Count; t++)
            Assert.True(fit.Trace[t] >= fit.Trace[t - 1] - 1e-9 * Math.Abs(fit.Trace[t - 1]), $"iteration {t}: {fit.Trace[t - 1]} → {fit.Trace[t]}");
        var net = Assert.IsType<BooleanLatentModel>(fit.Parameters);
        Assert.Equal(new[] { 2, 4 }, net.LayerBits);
        double truthPerPoint = truth.PointLogLikelihoods(data).Average();
        Assert.Equal(fit.LogLikelihood / data.Rows, net.PointLogLikelihoods(data).Average(), 1e-9);
        // Maximum likelihood on the sample reaches the generating net's likelihood (a local optimum may fall a little short).
        Assert.True(fit.LogLikelihood / data.Rows > truthPerPoint - 0.02, $"fit {fit.LogLikelihood / data.Rows} per point, truth {truthPerPoint}");
        Assert.True(fit.Elbo.Value <= fit.LogLikelihood + 1e-6);
        Assert.IsType<BeliefNetPosterior>(fit.LatentPosterior);
    }

    [Fact]
    public void One_layer_is_learned_by_the_same_em()
    {
        var random = new Random(8);
        var truth = new BooleanLatentModel(
            Enumerable.Range(0, 8 * 3).Select(_ => random.NextDouble() * 8 - 4).ToArray(), Enumerable.Range(0, 8).Select(_ => random.NextDouble() - 0.5).ToArray(), [0.3, 0.5, 0.6]);
        var data = truth.Generate(500, random).Data;
        var model = Model.Define("s").Latent("z", Prior.Bernoulli(3)).Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", 8);
        var fit = model.Compile(Inference.Em(restarts: 2, seed: 2, maxIterations: 60)).Fit(data);
        Assert.Equal(ModelFamily.BooleanLatent, fit.Parameters.Family);
        Assert.IsType<BooleanPosterior>(fit.LatentPosterior);
        Assert.True(fit.LogLikelihood / data.Rows > truth.PointLogLikelihoods(data).Average() - 0.02);
    }

    [Fact]
    public void More_than_twenty_bits_are_refused_naming_the_joint_states()
    {
        var model = Definition(12, 9, 4);
        foreach (var backend in new IBackend[] { Inference.Em(), Inference.Exact(new BooleanLatentModel(new double[4], [0.0, 0, 0, 0], [0.5])) })
        {
            var ex = Assert.Throws<BackendNotSupportedException>(() => model.Compile(backend));
            Assert.Contains("21 boolean latents (12 + 9 bits) have 2^21 = 2097152 joint states", ex.Message);
            Assert.Contains("n ≤ 20", ex.Message);
        }
        var layers = new[] { new SigmoidLayer(new double[9 * 12], new double[9], 12), new SigmoidLayer(new double[4 * 9], new double[4], 9) };
        // The net can be held (a score-function fit's is); exact inference on it is refused.
        var net = new BooleanLatentModel(Enumerable.Repeat(0.5, 12).ToArray(), layers);
        Assert.False(net.IsEnumerable);
        Assert.Contains("2^21 = 2097152 joint states",
            Assert.Throws<BackendNotSupportedException>(() => net.PointLogLikelihoods(ProbLatent.Data.DataMatrix.FromRows([[0.0, 1, 0, 1]]))).Message);
    }

    [Fact]
    public void Backends_decide_by_the_graphs_parts()
    {
        var model = Definition(2, 3, 5);
        var truth = RandomNet(new Random(9), 2, 3, 5);
        var data = truth.Generate(100, new Random(10)).Data;
        var exact = model.Compile(Inference.Exact(truth)).Fit(data);
        Assert.Equal(truth.PointLogLikelihoods(data).Sum(), exact.LogLikelihood, 1e-12);
        Assert.Equal(exact.LogLikelihood, exact.Elbo.Value, 1e-8);

        Assert.Contains("fit it with Inference.Em()", Assert.Throws<BackendNotSupportedException>(() => model.Compile(Inference.Exact())).Message);
        Assert.Contains("layers of 2, 3 bits but the parameters given have 3",
            Assert.Throws<BackendNotSupportedException>(() => model.Compile(Inference.Exact(new BooleanLatentModel(new double[15], new double[5], [0.5, 0.5, 0.5])))).Message);
        Assert.Contains("observes dimension 6 but the parameters given have data dimension 5",
            Assert.Throws<BackendNotSupportedException>(() => Definition(2, 3, 6).Compile(Inference.Exact(truth))).Message);
        var vmp = Assert.Throws<BackendNotSupportedException>(() => model.Compile(Inference.Vmp())).Message;
        Assert.Contains("the factor h1 ~ Bernoulli(σ(W h2 + b)) is not conjugate", vmp);
        Assert.Contains("Inference.Em()", vmp);
        Assert.Contains("Inference.Em()", Assert.Throws<BackendNotSupportedException>(() => model.Compile(Inference.Reparameterized())).Message);
        Assert.Contains("regularization > 0", Assert.Throws<BackendNotSupportedException>(() => model.Compile(Inference.Em(regularization: 0))).Message);

        var mixed = Model.Define("mixed").Latent("c", Prior.Categorical(2))
            .Latent("h", Prior.Bernoulli(2).Given("c", Decoder.PerComponent(Likelihood.Bernoulli())))
            .Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", 3);
        Assert.Contains("latent 'c' is Categorical beside boolean latents", Assert.Throws<BackendNotSupportedException>(() => mixed.Compile(Inference.Em())).Message);
    }

    [Fact]
    public void A_saved_two_layer_net_reads_back_bit_for_bit()
    {
        using var folder = new TempFolder();
        var net = RandomNet(new Random(11), 2, 3, 6);
        var path = Path.Combine(folder.Path, "sbn.plm");
        net.Save(path);
        var loaded = Assert.IsType<BooleanLatentModel>(ProbLatent.Files.LatentModelFile.Load(path));
        Assert.Equal(net.LayerBits, loaded.LayerBits);
        Assert.Equal(net.Priors, loaded.Priors);
        for (int k = 0; k < 2; k++)
        {
            Assert.Equal(net.Layers[k].Weights, loaded.Layers[k].Weights);
            Assert.Equal(net.Layers[k].Bias, loaded.Layers[k].Bias);
        }
        var data = net.Generate(50, new Random(12)).Data;
        Assert.Equal(net.PointLogLikelihoods(data), loaded.PointLogLikelihoods(data));
        Assert.Equal(net.Generate(20, new Random(13)).Data.Values.ToArray(), loaded.Generate(20, new Random(13)).Data.Values.ToArray());
    }

    [Fact]
    public void Ancestral_samples_follow_the_net()
    {
        // Each drawn h1 state appears about as often as its prior marginal, which the net sums out of the layers above.
        var net = RandomNet(new Random(14), 2, 2, 3);
        var drawn = net.Generate(40000, new Random(15));
        Assert.Equal(new[] { "h2_1", "h2_2", "h1_1", "h1_2" }, drawn.Latents.ColumnNames);
        var frequency = new double[4];
        for (int n = 0; n < drawn.Latents.Rows; n++) frequency[(int)drawn.Latents[n, 2] + 2 * (int)drawn.Latents[n, 3]] += 1.0 / drawn.Latents.Rows;
        for (int u = 0; u < 4; u++) Assert.Equal(Math.Exp(net.StateLogPriors[u]), frequency[u], 0.01);
    }
}
