using ProbLatent.Backends.Reparameterized;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Reparameterized;

public sealed class VaeModelFileTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    static VariationalAutoencoder Trained(Prior? prior = null, Likelihood? likelihood = null, int dimension = 16)
    {
        var random = new Random(1);
        bool binary = likelihood is null or BernoulliLikelihood;
        var values = Enumerable.Range(0, 200 * dimension).Select(_ => binary ? random.Next(2) : random.NextDouble()).ToArray();
        var model = Model.Define("small")
            .Latent("z", prior ?? Prior.StandardNormal(3))
            .Decoder(Decoder.Mlp(8), likelihood ?? Likelihood.Bernoulli())
            .Observe("x", dimension);
        var compiled = model.Compile(Inference.Reparameterized(epochs: 1, batchSize: 20, seed: 2));
        return compiled.Train(FloatMatrix.From(new DataMatrix(values, 200, dimension))).Model;
    }

    [Fact]
    public void A_saved_model_loads_back_bit_identically()
    {
        foreach (var vae in new[]
                 {
                     Trained(), Trained(Prior.MixtureOfGaussians(3, 3)),
                     Trained(likelihood: Likelihood.Gaussian(Covariance.Diagonal)), Trained(likelihood: Likelihood.GaussianWithVariance(0.25)),
                 })
        {
            var path = _folder["model.plm"];
            vae.Save(path);
            var loaded = VariationalAutoencoder.Load(path);
            Assert.Equal(vae.Architecture, loaded.Architecture);
            for (int i = 0; i < vae.Network.Parameters.Count; i++)
            {
                Assert.Equal(vae.Network.Parameters[i].Name, loaded.Network.Parameters[i].Name);
                Assert.Equal(vae.Network.Parameters[i].Value.Span.ToArray(), loaded.Network.Parameters[i].Value.Span.ToArray());
            }
            Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));
        }
    }

    [Fact]
    public void A_corrupt_truncated_foreign_or_newer_file_is_refused_with_the_reason()
    {
        var path = _folder["model.plm"];
        Trained().Save(path);
        var bytes = File.ReadAllBytes(path);

        string Refusal(byte[] content)
        {
            var p = _folder["bad.plm"];
            File.WriteAllBytes(p, content);
            return Assert.Throws<ModelFileException>(() => VariationalAutoencoder.Load(p)).Message;
        }

        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0x10;
        Assert.Contains("checksum", Refusal(flipped));
        Assert.Contains("truncated", Refusal(bytes[..(bytes.Length - 100)]));
        Assert.Contains("truncated", Refusal(bytes[..20]));
        Assert.Contains("not a saved ProbLatent model", Refusal("hello world, not a model"u8.ToArray()));
        Assert.Contains("version 2", Refusal(Files.LatentModelFileTests.WithVersion(bytes, 2)));
        Assert.Contains("file not found", Assert.Throws<ModelFileException>(() => VariationalAutoencoder.Load(_folder["none.plm"])).Message);
    }

    [Fact]
    public void Saving_over_a_model_replaces_it_whole_and_a_failed_save_leaves_it_intact()
    {
        var path = _folder["model.plm"];
        var first = Trained();
        first.Save(path);
        var before = File.ReadAllBytes(path);
        var e = Assert.Throws<ModelFileException>(() => first.Save(Path.Combine(_folder.Path, "missing-folder", "model.plm")));
        Assert.Contains("does not exist", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Trained(Prior.MixtureOfGaussians(2, 3)).Save(path);
        Assert.Equal(2, VariationalAutoencoder.Load(path).Architecture.PriorComponents);
    }

    [Fact]
    public void Encode_decode_and_generate_have_the_model_shapes_and_check_theirs()
    {
        var vae = Trained();
        var data = new DataMatrix(Enumerable.Range(0, 5 * 16).Select(i => (double)(i % 2)).ToArray(), 5, 16);
        var q = vae.Encode(data);
        Assert.Equal(5, q.Count);
        Assert.Equal(3, q.Dimension);
        Assert.All(q.Variances(), v => Assert.True(v > 0));
        var decoded = vae.Decode(new DataMatrix(q.Means(), 5, 3));
        Assert.All(decoded.Values.ToArray(), p => Assert.InRange(p, 0, 1));
        var generated = vae.Generate(7, new Random(3));
        Assert.Equal((7, 16), (generated.Data.Rows, generated.Data.Columns));
        Assert.All(generated.Data.Values.ToArray(), v => Assert.True(v is 0 or 1));
        Assert.Contains("has 4 columns", Assert.Throws<DataException>(() => vae.Encode(new DataMatrix(new double[8], 2, 4))).Message);
        Assert.Contains("latent dimension is 3", Assert.Throws<DataException>(() => vae.Decode(new DataMatrix(new double[8], 2, 4))).Message);
        Assert.Contains("not 0 or 1", Assert.Throws<DataException>(() => vae.Evaluate(new DataMatrix(Enumerable.Repeat(0.5, 16).ToArray(), 1, 16))).Message);
        // Checked in double, before float32 would round it to 1.
        Assert.Contains("not 0 or 1", Assert.Throws<DataException>(() => vae.Encode(new DataMatrix(Enumerable.Repeat(0.99999999, 16).ToArray(), 1, 16))).Message);
    }
}
