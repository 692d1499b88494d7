using System.Buffers.Binary;
using Encoding = System.Text.Encoding;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Files;

public sealed class LatentModelFileTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    string PathOf(string name) => _folder[name];

    /// <summary>Every family, fitted as a user would fit it, with data to score it on.</summary>
    public static TheoryData<string> Families => ["gmm-full", "gmm-diagonal", "gmm-vmp", "bernoulli-mixture", "ppca", "fa", "mfa", "mppca", "mcfa", "boolean", "rbm", "hmm-full", "hmm-bernoulli", "categorical-mixture", "hmm-categorical", "dbn", "sbn-deep", "vae"];

    static (ILatentModel Model, DataMatrix Data) Fitted(string family)
    {
        var faithful = Examples.OldFaithful();
        var iris = Examples.Iris();
        Model Mixture(Likelihood likelihood, int dimension) => Model.Define(family).Latent("z", Prior.Categorical(2))
            .Decoder(Decoder.PerComponent(likelihood)).Observe("x", dimension);
        Model Linear(Covariance noise) => Model.Define(family).Latent("z", Prior.StandardNormal(2))
            .Decoder(Decoder.Linear(Likelihood.Gaussian(noise))).Observe("x", 4);
        switch (family)
        {
            case "gmm-full":
                return (Mixture(Likelihood.Gaussian(Covariance.Full), 2).Compile(Inference.Em(restarts: 1, seed: 1)).Fit(faithful).Parameters, faithful);
            case "gmm-diagonal":
                return (Mixture(Likelihood.Gaussian(Covariance.Diagonal), 2).Compile(Inference.Em(restarts: 1, seed: 1)).Fit(faithful).Parameters, faithful);
            case "gmm-vmp":
                return (Mixture(Likelihood.Gaussian(Covariance.Full), 2).Compile(Inference.Vmp(restarts: 1, seed: 1)).Fit(faithful).Parameters, faithful);
            case "bernoulli-mixture":
                var binary = Boolean().Generate(300, new Random(4)).Data;
                return (Mixture(Likelihood.Bernoulli(), 8).Compile(Inference.Em(restarts: 1, seed: 1)).Fit(binary).Parameters, binary);
            case "ppca":
                return (Linear(Covariance.Isotropic).Compile(Inference.Exact()).Fit(iris).Parameters, iris);
            case "fa":
                return (Linear(Covariance.Diagonal).Compile(Inference.Em(restarts: 1, seed: 1)).Fit(iris).Parameters, iris);
            case "mfa" or "mppca":
                var mixture = Model.Define(family).Latent("c", Prior.Categorical(2)).Latent("h", Prior.StandardNormal(1))
                    .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(family == "mfa" ? Covariance.Diagonal : Covariance.Isotropic)))).Observe("x", 4);
                return (mixture.Compile(Inference.Em(restarts: 1, seed: 1, maxIterations: 50)).Fit(iris).Parameters, iris);
            case "mcfa":
                var common = Model.Define(family).Latent("c", Prior.Categorical(3))
                    .Latent("z", Prior.StandardNormal(2).Given("c", Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))))
                    .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal))).Observe("x", 4);
                return (common.Compile(Inference.Em(restarts: 1, seed: 1, maxIterations: 50)).Fit(iris).Parameters, iris);
            case "rbm":
                var bits = Boolean().Generate(200, new Random(7)).Data;
                var rbm = Model.Define(family).Latent("h", Prior.Bernoulli(3)).Energy(Energy.Bilinear()).Observe("x", 8);
                return (rbm.Compile(Inference.Contrastive(epochs: 2, batchSize: 20, seed: 3)).Fit(bits).Parameters, bits);
            case "hmm-full":
                var nile = Examples.Nile();
                var chain = Model.Define(family).Latent("z", Prior.MarkovChain(Prior.Categorical(2)))
                    .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("flow", 1);
                return (chain.Compile(Inference.Em(restarts: 1, seed: 1)).Fit(nile).Parameters, nile);
            case "hmm-bernoulli":
                var hmm = new HiddenMarkovModel([0.3, 0.7], [0.9, 0.1, 0.4, 0.6], new BernoulliMixture([0.5, 0.5], [0.1, 0.8, 0.7, 0.2], 2));
                return (hmm, hmm.Generate(60, new Random(7)).Data);
            case "categorical-mixture":
                var symbols = new CategoricalMixture([0.4, 0.6], [0.7, 0.2, 0.1, 0.1, 0.1, 0.8, 0.2, 0.3, 0.5, 0.6, 0.3, 0.1], 2, 3).Generate(200, new Random(9)).Data;
                return (Mixture(Likelihood.Categorical(3), 2).Compile(Inference.Em(restarts: 1, seed: 1)).Fit(symbols).Parameters, symbols);
            case "hmm-categorical":
                var discrete = new HiddenMarkovModel([0.5, 0.5], [0.9, 0.1, 0.2, 0.8], new CategoricalMixture([0.5, 0.5], [0.7, 0.2, 0.1, 0.1, 0.3, 0.6], 1, 3));
                return (discrete, discrete.Generate(80, new Random(7)).Data);
            case "dbn":
                var sample = Boolean().Generate(200, new Random(8)).Data;
                var dbn = Model.Define(family).Latent("h2", Prior.Bernoulli(2)).Latent("h1", Prior.Bernoulli(3).Given("h2", Energy.Bilinear()))
                    .Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", 8);
                return (dbn.Compile(Inference.Contrastive(epochs: 2, batchSize: 20, seed: 3)).Fit(sample).Parameters, sample);
            case "sbn-deep":
                // Two layers and an encoder of two tanh factors, trained by the score-function backend: the file holds the encoder's maps too.
                var bitsOf = Boolean().Generate(200, new Random(9)).Data;
                var deep = Model.Define(family).Latent("h2", Prior.Bernoulli(2)).Latent("h1", Prior.Bernoulli(3).Given("h2", Decoder.Linear(Likelihood.Bernoulli())))
                    .Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", 8).Guide(Encoder.Mlp(4));
                return (deep.Compile(Inference.ScoreFunction(epochs: 2, batchSize: 20, seed: 3, evaluationSamples: 0)).Fit(bitsOf).Parameters, bitsOf);
            case "boolean":
                var model = Boolean();
                return (model, model.Generate(100, new Random(5)).Data);
            default:
                var data = Boolean().Generate(200, new Random(6)).Data;
                var vae = Model.Define(family).Latent("z", Prior.MixtureOfGaussians(2, 2)).Decoder(Decoder.Mlp(8), Likelihood.Bernoulli()).Observe("x", 8);
                var compiled = vae.Compile(Inference.Reparameterized(epochs: 2, batchSize: 20, seed: 2));
                return (compiled.Train(FloatMatrix.From(data)).Model, data);
        }
    }

    static BooleanLatentModel Boolean()
    {
        var random = new Random(3);
        return new BooleanLatentModel(
            Enumerable.Range(0, 8 * 3).Select(_ => random.NextDouble() * 6 - 3).ToArray(),
            Enumerable.Range(0, 8).Select(_ => random.NextDouble() - 0.5).ToArray(), [0.2, 0.5, 0.7]);
    }

    /// <summary>What a model computes from its parameters, as raw bits: equal only if every value is identical.</summary>
    static long[] Fingerprint(ILatentModel model, DataMatrix data)
    {
        double[] values = model is VariationalAutoencoder vae
            ? [.. vae.Evaluate(data).ImportanceLogLikelihood(samples: 20, seed: 1).PointEstimates, .. vae.Encode(data).Means()]
            : model is BooleanLatentModel { Encoder: not null } net
                ? [.. net.PointLogLikelihoods(data), .. BeliefNetImportance.Estimate(net, data, samples: 20, seed: 1).LogLikelihood.PointEstimates]
                : [.. model.PointLogLikelihoods(data), .. model.Posterior(data).Means()];
        return values.Select(BitConverter.DoubleToInt64Bits).ToArray();
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void A_saved_model_loads_back_computing_the_same_numbers_bit_for_bit(string family)
    {
        var (model, data) = Fitted(family);
        var path = PathOf($"{family}.plm");
        LatentModelFile.Save(model, path);
        var loaded = LatentModelFile.Load(path);
        Assert.IsType(model.GetType(), loaded);
        Assert.Equal(model.Family, loaded.Family);
        Assert.Equal(model.ParameterCount, loaded.ParameterCount);
        Assert.Equal(Fingerprint(model, data), Fingerprint(loaded, data));
        // The same draws from the same seed.
        Assert.Equal(model.Generate(5, new Random(7)).Data.Values.ToArray(), loaded.Generate(5, new Random(7)).Data.Values.ToArray());
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));
    }

    [Fact]
    public void The_models_save_themselves_and_load_by_their_type()
    {
        var (gmm, _) = Fitted("gmm-full");
        var (ppca, _) = Fitted("ppca");
        ((GaussianMixture)gmm).Save(PathOf("gmm.plm"));
        ((LinearGaussianModel)ppca).Save(PathOf("ppca.plm"));
        Assert.Equal(((GaussianMixture)gmm).Weights, LatentModelFile.Load<GaussianMixture>(PathOf("gmm.plm")).Weights);
        Assert.True(LatentModelFile.Load<LinearGaussianModel>(PathOf("ppca.plm")).IsIsotropic);
        var wrongType = Assert.Throws<ModelFileException>(() => LatentModelFile.Load<BernoulliMixture>(PathOf("gmm.plm")));
        Assert.Equal($"{PathOf("gmm.plm")}: holds a GaussianMixture, not a BernoulliMixture", wrongType.Message);
        foreach (var load in new Action[] { () => VariationalAutoencoder.Load(PathOf("gmm.plm")), () => Autoencoder.Load(PathOf("gmm.plm")) })
        {
            var notNetwork = Assert.Throws<ModelFileException>(load);
            Assert.Equal($"{PathOf("gmm.plm")}: holds a latent-variable model, not a variational or plain autoencoder: load it with LatentModelFile.Load", notNetwork.Message);
        }
    }

    [Fact]
    public void A_file_describes_itself_in_a_json_header()
    {
        var (gmm, _) = Fitted("gmm-full");
        LatentModelFile.Save(gmm, PathOf("gmm.plm"));
        var bytes = File.ReadAllBytes(PathOf("gmm.plm"));
        Assert.Equal("PLLATENT", Encoding.ASCII.GetString(bytes, 0, 8));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        Assert.Equal(
            """{"Family":"GaussianMixture","Dimension":2,"Components":2,"Covariance":"Full","Arrays":[{"Name":"weights","Length":2},{"Name":"means","Length":4},{"Name":"covariances","Length":8}]}""",
            Encoding.UTF8.GetString(bytes, 16, headerLength));
        // Prefix, header, 14 doubles, SHA-256.
        Assert.Equal(16 + headerLength + 14 * 8 + 32, bytes.Length);
    }

    string Refusal(byte[] content)
    {
        var path = PathOf("bad.plm");
        File.WriteAllBytes(path, content);
        var message = Assert.Throws<ModelFileException>(() => LatentModelFile.Load(path)).Message;
        Assert.StartsWith($"{path}: ", message);
        return message[(path.Length + 2)..];
    }

    [Theory]
    [InlineData("gmm-full")]
    [InlineData("rbm")]
    [InlineData("hmm-full")]
    [InlineData("dbn")]
    [InlineData("sbn-deep")]
    [InlineData("vae")]
    public void A_damaged_file_is_refused_with_the_reason(string family)
    {
        var (model, _) = Fitted(family);
        LatentModelFile.Save(model, PathOf("model.plm"));
        var bytes = File.ReadAllBytes(PathOf("model.plm"));
        int headerEnd = 16 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));

        const string checksum = "is corrupt: its SHA-256 checksum does not match its contents (modified or damaged)";
        foreach (int position in new[] { headerEnd + 3, bytes.Length - 40, bytes.Length - 1, 20 })
        {
            var flipped = (byte[])bytes.Clone();
            flipped[position] ^= 0x10;
            Assert.Equal(checksum, Refusal(flipped));
        }
        foreach (int length in new[] { bytes.Length - 1, bytes.Length - 33, headerEnd + 40 })
            Assert.Equal($"is truncated: it has {length} bytes, but its header describes a file of {bytes.Length}", Refusal(bytes[..length]));
        Assert.StartsWith("is truncated: a ", Refusal(bytes[..(headerEnd - 10 + 32)]));
        Assert.Equal("is truncated: 20 bytes cannot hold even the header", Refusal(bytes[..20]));
        Assert.Equal("is not a saved ProbLatent model (it should start with 'PLLATENT' or 'PLVAEMDL')", Refusal("eruptions,waiting\n3.6,79\n"u8.ToArray()));
        Assert.Equal("is empty, not a saved ProbLatent model", Refusal([]));

        // A flipped bit in the version field is damage, not a file from another ProbLatent.
        foreach (int position in new[] { 8, 10 })
        {
            var flipped = (byte[])bytes.Clone();
            flipped[position] ^= 0x01;
            Assert.Equal(checksum, Refusal(flipped));
        }
        var holds = family == "vae" ? "a variational or plain autoencoder" : "a latent-variable model";
        Assert.Equal($"has format version 2; this ProbLatent reads version 1 of files holding {holds} (it was saved by a newer ProbLatent)", Refusal(WithVersion(bytes, 2)));
        Assert.Equal($"has format version 0; this ProbLatent reads version 1 of files holding {holds}", Refusal(WithVersion(bytes, 0)));
    }

    /// <summary>The file as another version would write it: the version field changed and the checksum made anew.</summary>
    internal static byte[] WithVersion(byte[] bytes, uint version)
    {
        var other = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(other.AsSpan(8), version);
        System.Security.Cryptography.SHA256.HashData(other.AsSpan(0, other.Length - 32)).CopyTo(other.AsSpan(other.Length - 32));
        return other;
    }

    [Fact]
    public void A_file_of_a_family_this_version_does_not_know_is_refused_by_name()
    {
        var header = """{"Family":"HiddenMarkov","Dimension":2,"Components":3,"Arrays":[{"Name":"transitions","Length":9}]}"""u8.ToArray();
        ModelFileContainer.Write(PathOf("hmm.plm"), ModelFileFormat.LatentModel, header, stream => stream.Write(new byte[9 * 8]));
        Assert.Equal("holds a model of family 'HiddenMarkov', which this ProbLatent cannot read " +
                     "(it reads GaussianMixture, BernoulliMixture, ProbabilisticPca, FactorAnalysis, BooleanLatent, MixtureOfFactorAnalysers, MixtureOfProbabilisticPca, SigmoidBeliefNet, MixtureOfCommonFactorAnalysers, RestrictedBoltzmannMachine, HiddenMarkovModel, DeepBeliefNet, CategoricalMixture)",
            Refusal(File.ReadAllBytes(PathOf("hmm.plm"))));
    }

    [Fact]
    public void An_intact_file_with_inconsistent_contents_is_refused_as_corrupt()
    {
        void Write(string json, int doubles, double value = 0.5) =>
            ModelFileContainer.Write(PathOf("odd.plm"), ModelFileFormat.LatentModel, Encoding.UTF8.GetBytes(json),
                stream => stream.Write(Enumerable.Repeat(value, doubles).SelectMany(BitConverter.GetBytes).ToArray()));

        Write("""{"Family":"BernoulliMixture","Dimension":2,"Components":1,"Arrays":[{"Name":"weights","Length":1}]}""", 1, 1.0);
        Assert.Equal("is corrupt: its BernoulliMixture has no array 'probabilities'", Refusal(File.ReadAllBytes(PathOf("odd.plm"))));
        Write("""{"Family":"BernoulliMixture","Dimension":2,"Components":1,"Arrays":[{"Name":"weights","Length":1},{"Name":"probabilities","Length":2}]}""", 3);
        Assert.StartsWith("is corrupt: its BernoulliMixture parameters are invalid (mixing weights sum to 0.5, not 1", Refusal(File.ReadAllBytes(PathOf("odd.plm"))));
        Write("""{"Family":"BernoulliMixture","Dimension":3,"Components":1,"Arrays":[{"Name":"weights","Length":1},{"Name":"probabilities","Length":2}]}""", 3, 1.0);
        Assert.StartsWith("is corrupt: its BernoulliMixture parameters are invalid (expected 1×3 probabilities, got 2", Refusal(File.ReadAllBytes(PathOf("odd.plm"))));
        // An out-of-range size: the constructor's message has the actual value on a line of its own, joined here into one.
        Write("""{"Family":"BernoulliMixture","Dimension":-1,"Components":1,"Arrays":[{"Name":"weights","Length":1},{"Name":"probabilities","Length":2}]}""", 3, 1.0);
        Assert.Equal("is corrupt: its BernoulliMixture parameters are invalid (the dimension must be at least 1 (Parameter 'dimension') Actual value was -1.)",
            Refusal(File.ReadAllBytes(PathOf("odd.plm"))));
        Write("""{"Family":"BernoulliMixture","Dimension":2,"Components":1,"Arrays":[{"Name":"weights","Length":1},{"Name":"probabilities","Length":2}]}""", 4);
        Assert.Equal("is corrupt: its header describes 24 bytes of values, but it holds 32", Refusal(File.ReadAllBytes(PathOf("odd.plm"))));
        // Arrays that make a two-component mixture under a header that says one.
        Write("""{"Family":"BernoulliMixture","Dimension":2,"Components":1,"Arrays":[{"Name":"weights","Length":2},{"Name":"probabilities","Length":4}]}""", 6);
        Assert.Equal("is corrupt: its header's sizes do not match its arrays (they make dimension 2, components 2, latent dimension none, " +
                     "the header says dimension 2, components 1, latent dimension none)", Refusal(File.ReadAllBytes(PathOf("odd.plm"))));
        Write("""{"Family":"BernoulliMixture","Dimension":2,"Components":1,"Arrays":[{"Name":"weights","Length":1},{"Name":"weights","Length":2}]}""", 3, 1.0);
        Assert.Equal("is corrupt: its header names the array 'weights' twice", Refusal(File.ReadAllBytes(PathOf("odd.plm"))));
        Write("not json", 0);
        Assert.StartsWith("is corrupt: its header cannot be read (", Refusal(File.ReadAllBytes(PathOf("odd.plm"))));
    }

    [Fact]
    public void A_common_factor_mixture_keeps_both_covariance_forms_and_a_file_without_them_is_refused()
    {
        var (model, _) = Fitted("mcfa");
        LatentModelFile.Save(model, PathOf("mcfa.plm"));
        var bytes = File.ReadAllBytes(PathOf("mcfa.plm"));
        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        Assert.Equal(
            """{"Family":"MixtureOfCommonFactorAnalysers","Dimension":4,"Components":3,"LatentDimension":2,"Covariance":"Full","Arrays":[""" +
            """{"Name":"weights","Length":3},{"Name":"latent_means","Length":6},{"Name":"latent_covariances","Length":12},{"Name":"loadings","Length":8},""" +
            """{"Name":"offset","Length":4},{"Name":"noise_variances","Length":4}],"Noise":"Diagonal"}""",
            Encoding.UTF8.GetString(bytes, 16, headerLength));

        // One component over one factor in two dimensions: 1 + 1 + 1 + 2 + 2 + 2 values.
        void Write(string forms) => ModelFileContainer.Write(PathOf("odd.plm"), ModelFileFormat.LatentModel, Encoding.UTF8.GetBytes(
                """{"Family":"MixtureOfCommonFactorAnalysers","Dimension":2,"Components":1,"LatentDimension":1""" + forms +
                ""","Arrays":[{"Name":"weights","Length":1},{"Name":"latent_means","Length":1},{"Name":"latent_covariances","Length":1},""" +
                """{"Name":"loadings","Length":2},{"Name":"offset","Length":2},{"Name":"noise_variances","Length":2}]}"""),
            stream => stream.Write(new double[] { 1, 0, 1, 0.5, -0.5, 0, 0, 1, 1 }.SelectMany(BitConverter.GetBytes).ToArray()));
        Write(""","Covariance":"Diagonal","Noise":"Isotropic" """);
        Assert.Equal(2, LatentModelFile.Load(PathOf("odd.plm")).DataDimension);
        Write(""","Noise":"Isotropic" """);
        Assert.Equal("is corrupt: its MixtureOfCommonFactorAnalysers has no latent covariance form", Refusal(File.ReadAllBytes(PathOf("odd.plm"))));
        Write(""","Covariance":"Diagonal" """);
        Assert.Equal("is corrupt: its MixtureOfCommonFactorAnalysers has no noise form", Refusal(File.ReadAllBytes(PathOf("odd.plm"))));
        Write(""","Covariance":"Diagonal","Noise":"Full" """);
        Assert.Equal("is corrupt: its MixtureOfCommonFactorAnalysers has noise form Full, not Diagonal or Isotropic", Refusal(File.ReadAllBytes(PathOf("odd.plm"))));
        Write(""","Covariance":"Isotropic","Noise":"Diagonal" """);
        Assert.StartsWith("is corrupt: its MixtureOfCommonFactorAnalysers parameters are invalid (the latent covariances of a mixture of common factor analysers are Full or Diagonal, not Isotropic",
            Refusal(File.ReadAllBytes(PathOf("odd.plm"))));
    }

    [Fact]
    public void A_missing_file_or_a_folder_is_refused()
    {
        Assert.Equal($"{PathOf("none.plm")}: file not found", Assert.Throws<ModelFileException>(() => LatentModelFile.Load(PathOf("none.plm"))).Message);
        Assert.Equal($"{_folder.Path}: is a folder, not a saved model", Assert.Throws<ModelFileException>(() => LatentModelFile.Load(_folder.Path)).Message);
    }

    [Fact]
    public void A_failed_save_leaves_the_earlier_file_intact()
    {
        var (gmm, _) = Fitted("gmm-full");
        var path = PathOf("model.plm");
        LatentModelFile.Save(gmm, path);
        var before = File.ReadAllBytes(path);
        var missing = Assert.Throws<ModelFileException>(() => LatentModelFile.Save(gmm, PathOf(System.IO.Path.Combine("missing", "model.plm"))));
        Assert.Contains("cannot be written: the folder", missing.Message);
        Assert.Contains("does not exist", missing.Message);
        Assert.Throws<ModelFileException>(() => LatentModelFile.Save(gmm, _folder.Path));
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([System.IO.Path.GetFileName(path)], Directory.GetFiles(_folder.Path).Select(System.IO.Path.GetFileName));
        // A write that fails half-way (a full disk), through the atomic writer every save uses: the earlier file is
        // untouched and the half-written temporary file is gone.
        var failed = Assert.Throws<ModelFileException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[1000]);
            throw new IOException("disk full");
        }, reason => new ModelFileException(path, reason)));
        Assert.Contains("disk full", failed.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([System.IO.Path.GetFileName(path)], Directory.GetFiles(_folder.Path).Select(System.IO.Path.GetFileName));
    }
}
