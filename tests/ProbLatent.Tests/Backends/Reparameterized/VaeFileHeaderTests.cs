using System.Text.Json.Nodes;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Reparameterized;

/// <summary>
/// A saved VAE whose header is well-formed JSON under a valid checksum but describes no network that can be built (a
/// file written by something else, or forged) is refused as corrupt before anything is built for it.
/// </summary>
public sealed class VaeFileHeaderTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    static readonly Model Small = Model.Define("small")
        .Latent("z", Prior.StandardNormal(2))
        .Decoder(Decoder.Mlp(4), Likelihood.Bernoulli())
        .Observe("x", 6);

    /// <summary>The header of a real saved model, as JSON to alter.</summary>
    static JsonObject RealHeader()
    {
        var compiled = Small.Compile(Inference.Reparameterized(epochs: 1, batchSize: 4, seed: 1));
        var data = new DataMatrix(Enumerable.Range(0, 48).Select(i => (double)(i % 2)).ToArray(), 8, 6);
        using var folder = new TempFolder();
        compiled.Fit(data).Trained!.Save(folder["real.plm"]);
        return ModelFileContainer.Read(folder["real.plm"]).Header<JsonObject>(new System.Text.Json.JsonSerializerOptions());
    }

    string Refusal(Action<JsonObject> alter)
    {
        var header = RealHeader();
        alter(header);
        // As many value bytes as the header's shapes say, so that only the architecture is wrong.
        int values = header["Parameters"]!.AsArray().Sum(p => (int)p!["Rows"]! * (int)p["Columns"]!);
        var path = _folder["forged.plm"];
        ModelFileContainer.Write(path, ModelFileFormat.VariationalAutoencoder, System.Text.Encoding.UTF8.GetBytes(header.ToJsonString()),
            stream => stream.Write(new byte[values * sizeof(float)]));
        return Assert.Throws<ModelFileException>(() => VariationalAutoencoder.Load(path)).Message;
    }

    [Fact]
    public void A_header_without_a_buildable_architecture_is_corrupt()
    {
        Assert.Contains("it has no architecture", Refusal(h => h.Remove("Architecture")));
        Assert.Contains("the data dimension is -3", Refusal(h => h["Architecture"]!["DataDimension"] = -3));
        Assert.Contains("a hidden width is 0", Refusal(h => h["Architecture"]!["DecoderHidden"] = new JsonArray(4, 0)));
        Assert.Contains("a hidden-layer list is missing", Refusal(h => h["Architecture"]!["EncoderHidden"] = null));
        Assert.Contains("its header cannot be read", Refusal(h => h["Architecture"]!.AsObject().Remove("EncoderHidden"))); // a required member
        Assert.Contains("the fixed variance is 0", Refusal(h => h["Architecture"]!["Noise"] = "Fixed"));
        Assert.Contains("the prior has -1 components", Refusal(h => h["Architecture"]!["PriorComponents"] = -1));
        Assert.Contains("fewer than the", Refusal(h =>
        {
            h["Architecture"]!["DataDimension"] = 1000;
            h["Architecture"]!["EncoderHidden"] = new JsonArray(1000);
        }));
        // A mixture prior's parameters are no layer's weights: a huge component count once ended in an OutOfMemoryException.
        Assert.EndsWith("holds 90 values, fewer than the 10737418307 weights and prior parameters its architecture needs",
            Refusal(h => h["Architecture"]!["PriorComponents"] = int.MaxValue));
        Assert.Contains("a network is too large to build", Refusal(h =>
        {
            h["Architecture"]!["DataDimension"] = 100_000;
            h["Architecture"]!["EncoderHidden"] = new JsonArray(100_000);
        }));
    }
}
