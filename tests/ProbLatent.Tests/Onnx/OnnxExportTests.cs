using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Onnx;

namespace ProbLatent.Tests.Onnx;

/// <summary>
/// The exported encoder and decoder of small trained networks, run in ONNX Runtime on a batch, give ProbLatent's own
/// outputs: a Bernoulli VAE, a Gaussian VAE fitted on standardized columns (so the graph must work in the data's units),
/// and a plain autoencoder.
/// </summary>
public class OnnxExportTests
{
    const int Rows = 60, Dimension = 4, Latent = 2;

    static NetworkModel Fit(Model model, DataMatrix data) =>
        (NetworkModel)model.Compile(Inference.Reparameterized(epochs: 3, batchSize: 20, seed: 1)).Fit(data).Parameters;

    static DataMatrix Binary()
    {
        var random = new Random(3);
        return new DataMatrix(Enumerable.Range(0, Rows * Dimension).Select(_ => random.Next(2) * 1.0).ToArray(), Rows, Dimension);
    }

    /// <summary>Columns far from unit scale (centred near 50 and 10 000), so standardization changes every weight it folds into.</summary>
    static DataMatrix InOddUnits()
    {
        var random = new Random(4);
        var values = new double[Rows * Dimension];
        for (int n = 0; n < Rows; n++)
        {
            double z = ProbLatent.Numerics.RandomExtensions.NextGaussian(random);
            for (int j = 0; j < Dimension; j++)
                values[n * Dimension + j] = (j % 2 == 0 ? 50 : 10_000) + (j + 1) * 3 * (z + 0.3 * ProbLatent.Numerics.RandomExtensions.NextGaussian(random));
        }
        return new DataMatrix(values, Rows, Dimension);
    }

    static Model Vae(Decoder decoder, Encoder? guide = null)
    {
        var model = Model.Define("vae").Latent("z", Prior.StandardNormal(Latent)).Decoder(decoder).Observe("x", Dimension);
        return guide is null ? model : model.Guide(guide);
    }

    static DataMatrix Latents()
    {
        var random = new Random(5);
        return new DataMatrix(Enumerable.Range(0, 7 * Latent).Select(_ => 2 * ProbLatent.Numerics.RandomExtensions.NextGaussian(random)).ToArray(), 7, Latent);
    }

    static void EncoderMatches(VariationalAutoencoder vae, DataMatrix data)
    {
        var outputs = OnnxRun.Of(OnnxExport.ToBytes(vae, NetworkPart.Encoder), "x", data.Values.ToArray(), Dimension);
        Assert.Equal(["log_variance", "mean"], outputs.Keys.Order(StringComparer.Ordinal));
        var q = vae.Encode(data);
        OnnxRun.Matches(q.Means(), outputs["mean"], "mean");
        OnnxRun.Matches(Enumerable.Range(0, Rows).SelectMany(n => q.LogVariance(n).ToArray()).ToArray(), outputs["log_variance"], "log_variance");
    }

    [Fact]
    public void ABernoulliVaesEncoderAndDecoderGiveItsPosteriorAndProbabilities()
    {
        var data = Binary();
        var vae = Assert.IsType<VariationalAutoencoder>(Fit(Vae(Decoder.Mlp(8), Encoder.Mlp(8).WithActivation(Activation.Softplus)), data));
        EncoderMatches(vae, data);
        var z = Latents();
        var outputs = OnnxRun.Of(OnnxExport.ToBytes(vae, NetworkPart.Decoder), "z", z.Values.ToArray(), Latent);
        Assert.Equal(["probabilities"], outputs.Keys);
        OnnxRun.Matches(vae.Decode(z).Values.ToArray(), outputs["probabilities"], "probabilities");
    }

    [Fact]
    public void AGaussianVaeFittedOnStandardizedColumnsIsExportedInTheDatasUnits()
    {
        var data = InOddUnits();
        var decoder = Decoder.Mlp(8).WithActivation(Activation.Relu).WithLikelihood(Likelihood.Gaussian(Covariance.Diagonal));
        var vae = Assert.IsType<VariationalAutoencoder>(Fit(Vae(decoder), data));
        EncoderMatches(vae, data);
        var z = Latents();
        var outputs = OnnxRun.Of(OnnxExport.ToBytes(vae, NetworkPart.Decoder), "z", z.Values.ToArray(), Latent);
        Assert.Equal(["mean", "variance"], outputs.Keys.Order(StringComparer.Ordinal));
        var means = vae.Decode(z).Values.ToArray();
        Assert.True(means.Where((_, i) => i % 2 == 1).All(m => m > 1000), "the decoder's means are in the data's units");
        OnnxRun.Matches(means, outputs["mean"], "mean");
        var variances = vae.Network.NoiseVariances();
        OnnxRun.Matches(Enumerable.Range(0, z.Rows).SelectMany(_ => variances).ToArray(), outputs["variance"], "variance");
    }

    [Fact]
    public void APlainAutoencodersEncoderGivesItsCodesAndItsDecoderTheMeansAndTheFixedVariance()
    {
        var data = InOddUnits();
        var decoder = Decoder.Mlp(8).WithLikelihood(Likelihood.GaussianWithVariance(0.25));
        var autoencoder = Assert.IsType<Autoencoder>(Fit(Vae(decoder, Encoder.Mlp(8).WithActivation(Activation.Sigmoid).PointMass()), data));
        var codes = OnnxRun.Of(OnnxExport.ToBytes(autoencoder, NetworkPart.Encoder), "x", data.Values.ToArray(), Dimension);
        Assert.Equal(["code"], codes.Keys);
        OnnxRun.Matches(autoencoder.Encode(data).Means(), codes["code"], "code");
        var z = Latents();
        var outputs = OnnxRun.Of(OnnxExport.ToBytes(autoencoder, NetworkPart.Decoder), "z", z.Values.ToArray(), Latent);
        OnnxRun.Matches(autoencoder.Decode(z).Values.ToArray(), outputs["mean"], "mean");
        Assert.All(outputs["variance"], v => Assert.Equal(0.25f, v));
    }

    [Fact]
    public void TheBatchDimensionIsFreeAndTheSignatureNamesEachValue()
    {
        var vae = (VariationalAutoencoder)Fit(Vae(Decoder.Mlp(8)), Binary());
        var bytes = OnnxExport.ToBytes(vae, NetworkPart.Encoder);
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(bytes);
        Assert.Equal([-1L, Dimension], session.InputMetadata["x"].Dimensions.Select(d => (long)d));
        Assert.Equal(OnnxExport.BatchDimension, session.InputMetadata["x"].SymbolicDimensions[0]);
        foreach (int rows in new[] { 1, 13 })
            Assert.Equal(rows * Latent, OnnxRun.Of(bytes, "x", Binary().Values.ToArray().Take(rows * Dimension).ToArray(), Dimension)["mean"].Length);
        var (inputs, outputs) = OnnxExport.Signature(vae, NetworkPart.Decoder);
        Assert.Equal([("z", Latent)], inputs);
        Assert.Equal([("probabilities", Dimension)], outputs);
    }

    [Fact]
    public void AModelWithoutNetworksIsRefusedByItsFamily()
    {
        var mixture = Model.Define("gmm").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 2)
            .Compile(Inference.Em(seed: 1)).Fit(new DataMatrix([0, 0, 1, 1, 5, 5, 6, 6, 0, 1, 5, 6], 6, 2)).Parameters;
        var e = Assert.Throws<ArgumentException>(() => OnnxExport.ToBytes(mixture, NetworkPart.Encoder));
        Assert.StartsWith("the model is a GaussianMixture (GaussianMixture), not a network model", e.Message);
    }
}
