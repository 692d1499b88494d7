using ProbLatent.Cli;
using ProbLatent.Cli.Options;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Tests.Onnx;

namespace ProbLatent.Tests.Cli;

/// <summary>
/// <c>problatent export --onnx</c>: a saved vae's encoder (the default) and decoder as ONNX files that ONNX Runtime runs
/// to the model's own outputs, and the refusals: a model without networks, an output over the model file, an unknown part.
/// </summary>
public class CliExportTests
{
    static readonly DataMatrix Pixels = new(
        Enumerable.Range(0, 40 * 3).Select(i => (double)((i * 7 + i / 3) % 5 < 2 ? 1 : 0)).ToArray(), 40, 3, ["a", "b", "c"], "pixels.csv");

    static string SavedVae(TempFolder folder)
    {
        var path = folder["vae.plm"];
        Model.Define("vae").Latent("z", Prior.StandardNormal(2)).Decoder(Decoder.Mlp(4), Likelihood.Bernoulli()).Observe("x", 3)
            .Compile(Inference.Reparameterized(epochs: 2, batchSize: 20, seed: 1)).Fit(Pixels).Save(path);
        return path;
    }

    [Fact]
    public void TheEncoderByDefaultAndTheDecoderAreWrittenAndRunAsTheModelDoes()
    {
        using var folder = new TempFolder();
        var model = SavedVae(folder);
        var vae = VariationalAutoencoder.Load(model);

        var encoder = folder["encoder.onnx"];
        var run = CliRun.Of("export", "--onnx", encoder, "--model", model);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal($"wrote the encoder of {model} ({SavedModelOptions.Describe(vae)}) to {encoder}: ONNX opset 17, " +
                     "x[batch, 3] → mean[batch, 2], log_variance[batch, 2]", run.OutLines[0]);
        var codes = OnnxRun.Of(File.ReadAllBytes(encoder), "x", Pixels.Values.ToArray(), 3);
        OnnxRun.Matches(vae.Encode(Pixels).Means(), codes["mean"], "mean");

        var decoder = folder["decoder.onnx"];
        run = CliRun.Of("export", "--onnx", decoder, "--model", model, "--part", "decoder");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.EndsWith("z[batch, 2] → probabilities[batch, 3]", run.OutLines[0]);
        var z = new DataMatrix([0, 0, 1.5, -2], 2, 2);
        OnnxRun.Matches(vae.Decode(z).Values.ToArray(), OnnxRun.Of(File.ReadAllBytes(decoder), "z", z.Values.ToArray(), 2)["probabilities"], "probabilities");

        run = CliRun.Of("export", "--onnx", decoder, "--model", model, "--part", "decoder");
        Assert.Contains($"to {decoder}, replacing the earlier file: ONNX opset 17", run.OutLines[0]);
    }

    [Fact]
    public void AModelWithoutNetworksAnOutputOverTheModelAndAnUnknownPartAreRefused()
    {
        using var folder = new TempFolder();
        var gmm = folder["gmm.plm"];
        var mixture = Model.Define("gmm").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 2)
            .Compile(Inference.Em(seed: 1)).Fit(new DataMatrix([0, 0, 1, 1, 5, 5, 6, 6, 0, 1, 5, 6], 6, 2));
        mixture.Save(gmm);
        var onnx = folder["out.onnx"];
        CliRun.Refused(ExitCodes.UsageError,
            $"error: {gmm} holds no network model ({SavedModelOptions.Describe(mixture.Parameters)}): only a vae or an autoencoder " +
            "(fit --model vae|autoencoder) has an encoder and a decoder to export to ONNX",
            "export", "--onnx", onnx, "--model", gmm);
        Assert.False(File.Exists(onnx));

        var model = SavedVae(folder);
        var before = File.ReadAllBytes(model);
        CliRun.Refused(ExitCodes.UsageError,
            $"error: --onnx {model} is the same file as --model {model}, which it would replace; give another file name for the output",
            "export", "--onnx", model, "--model", model);
        Assert.Equal(before, File.ReadAllBytes(model));

        CliRun.Refused(ExitCodes.UsageError, "error: unknown part 'prior' for --part; use one of: encoder, decoder (see 'problatent export --help')",
            "export", "--onnx", onnx, "--model", model, "--part", "prior");
        Assert.False(File.Exists(onnx));
    }
}
