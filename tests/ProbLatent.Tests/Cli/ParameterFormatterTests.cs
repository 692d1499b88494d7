using ProbLatent.Cli.Output;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Cli;

public class ParameterFormatterTests
{
    [Fact]
    public void LongVectorsAreSummarised()
    {
        var text = ParameterFormatter.Vector(Enumerable.Range(0, 784).Select(i => i / 783.0).ToArray());
        Assert.StartsWith("[0, 0.00127714, ", text);
        Assert.EndsWith("(784 values, min 0, max 1, mean 0.5)", text);
    }

    [Fact]
    public void OtherParameterClassesPrintTheirPublicProperties()
    {
        var lines = ParameterFormatter.Format(new FakeModel());
        Assert.Equal("FakeModel: BooleanLatent, data dimension 3, 7 free parameters", lines[0]);
        Assert.Contains("  Scale: 2.5", lines);
        Assert.Contains("  Offsets: [1, 2, 3]", lines);
        Assert.Contains("  Matrix:", lines);
        Assert.Contains("    [1, 2]", lines);
        Assert.DoesNotContain(lines, l => l.Contains("Span"));
    }

    [Fact]
    public void BernoulliMixtureShowsWeightsAndSummarisedProbabilities()
    {
        var probabilities = Enumerable.Range(0, 2 * 784).Select(i => (i % 784) / 784.0 * 0.5 + 0.25).ToArray();
        var lines = ParameterFormatter.Format(new BernoulliMixture([0.25, 0.75], probabilities, 784));
        Assert.StartsWith("Bernoulli mixture: 2 components, data dimension 784", lines[0]);
        Assert.Contains("  weights: [0.25, 0.75]", lines);
        Assert.Contains(lines, l => l.StartsWith("  component 1 (weight 0.75) probabilities: [0.25, ", StringComparison.Ordinal) && l.Contains("784 values"));
    }

    [Fact]
    public void MixtureOfFactorAnalysersShowsTheWeightsAndEachComponentsLoadingsMeanAndNoise()
    {
        var model = MixtureOfFactorAnalysers.FromArrays([0.25, 0.75], [1, 2, 3, -1, -2, -3], [0, 0, 0, 5, 5, 5], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
            latentDimension: 1, isotropic: false);
        Assert.Equal(
        [
            "mixture of factor analysers: 2 components, latent dimension 1, data dimension 3, 19 free parameters",
            "  weights: [0.25, 0.75]",
            "  component 0 (weight 0.25)",
            "    W (loadings, 3×1):",
            "      [1]",
            "      [2]",
            "      [3]",
            "    mu (mean): [0, 0, 0]",
            "    noise variances Ψ: [0.1, 0.2, 0.3]",
            "  component 1 (weight 0.75)",
            "    W (loadings, 3×1):",
            "      [-1]",
            "      [-2]",
            "      [-3]",
            "    mu (mean): [5, 5, 5]",
            "    noise variances Ψ: [0.4, 0.5, 0.6]",
        ], ParameterFormatter.Format(model));
        var ppca = MixtureOfFactorAnalysers.FromArrays([1.0], [1, 2, 3], [0, 0, 0], [0.5, 0.5, 0.5], latentDimension: 1, isotropic: true);
        Assert.Equal("mixture of probabilistic PCA: 1 component, latent dimension 1, data dimension 3, 7 free parameters", ParameterFormatter.Format(ppca)[0]);
        Assert.Contains("    noise variance σ²: 0.5", ParameterFormatter.Format(ppca));
    }

    [Fact]
    public void VariationalAutoencoderShowsItsNetworksPriorAndParameterCount()
    {
        var random = new Random(1);
        var data = new DataMatrix(Enumerable.Range(0, 40 * 8).Select(_ => (double)random.Next(2)).ToArray(), 40, 8);
        var model = Model.Define("tiny")
            .Latent("z", Prior.MixtureOfGaussians(3, 2))
            .Decoder(Decoder.Mlp(5, 4).WithActivation(Activation.Relu), Likelihood.Bernoulli())
            .Observe("x", 8)
            .Guide(Encoder.Mlp(4, 5).WithActivation(Activation.Relu));
        var vae = Assert.IsType<VariationalAutoencoder>(model.Compile(Inference.Reparameterized(epochs: 1, batchSize: 20, seed: 1)).Fit(data).Parameters);
        var lines = ParameterFormatter.Format(vae);
        Assert.Equal($"variational autoencoder: latent dimension 2, data dimension 8, {vae.ParameterCount} free parameters", lines[0]);
        Assert.Contains("  encoder q(z|x): 8-4-5 relu → mean and log-variance, 2 each", lines);
        Assert.Contains("  decoder p(x|z): 2-5-4-8 relu → Bernoulli logits", lines);
        Assert.Contains("  prior p(z): a learned mixture of 3 diagonal Gaussians", lines);
        Assert.Contains(lines, l => l.StartsWith("    weights: [", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("    component 2: mean [", StringComparison.Ordinal) && l.Contains("variances ["));
        Assert.Contains($"  training FLOPs per data point and sample: {vae.Architecture.TrainingFlopsPerSample():N0}", lines);
    }

    sealed class FakeModel : ILatentModel
    {
        public ModelFamily Family => ModelFamily.BooleanLatent;
        public int DataDimension => 3;
        public int ParameterCount => 7;
        public double Scale => 2.5;
        public IReadOnlyList<double> Offsets => [1, 2, 3];
        public double[,] Matrix => new double[,] { { 1, 2 }, { 3, 4 } };
        public ReadOnlySpan<double> Span => [1.0];
        public double[] PointLogLikelihoods(DataMatrix data) => throw new NotSupportedException();
        public IPosterior Posterior(DataMatrix data) => throw new NotSupportedException();
        public ElboTerms Elbo(DataMatrix data, IPosterior q) => throw new NotSupportedException();
        public GeneratedData Generate(int count, Random random) => throw new NotSupportedException();
    }
}
