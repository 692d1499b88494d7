using System.Text.Json.Nodes;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Files;

/// <summary>A saved model says which fit its parameters came from, so that what scores it can say what its log-likelihood is of.</summary>
public sealed class ModelOriginTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    static readonly Model Mixture = Model.Define("old-faithful").Latent("z", Prior.Categorical(2))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 2);

    [Fact]
    public void AFitRecordsItsBackendAndWhetherItsParametersArePosteriorMeans()
    {
        Mixture.Compile(Inference.Em(restarts: 1, seed: 1)).Fit(Examples.OldFaithful()).Save(_folder["em.plm"]);
        Mixture.Compile(Inference.Vmp(restarts: 1, seed: 1)).Fit(Examples.OldFaithful()).Save(_folder["vmp.plm"]);
        Assert.Equal(new ModelOrigin("em", PosteriorMeans: false), LatentModelFile.Read(_folder["em.plm"]).Origin);
        Assert.Equal(new ModelOrigin("vmp", PosteriorMeans: true), LatentModelFile.Read(_folder["vmp.plm"]).Origin);
        // A point estimate's header has no PosteriorMeans field: only what is true is written.
        var header = ModelFileContainer.Read(_folder["em.plm"]).Header<JsonObject>(new System.Text.Json.JsonSerializerOptions());
        Assert.Equal("em", (string?)header["Backend"]);
        Assert.False(header.ContainsKey("PosteriorMeans"));
    }

    [Fact]
    public void AModelSavedWithoutAFitOrByAnEarlierVersionHasNoOrigin()
    {
        var fit = Mixture.Compile(Inference.Em(restarts: 1, seed: 1)).Fit(Examples.OldFaithful());
        // Saved through the model itself, as every file was before the origin was kept: no Backend field.
        LatentModelFile.Save(fit.Parameters, _folder["plain.plm"]);
        var header = ModelFileContainer.Read(_folder["plain.plm"]).Header<JsonObject>(new System.Text.Json.JsonSerializerOptions());
        Assert.False(header.ContainsKey("Backend"));
        var saved = LatentModelFile.Read(_folder["plain.plm"]);
        Assert.Null(saved.Origin);
        Assert.Equal(fit.Parameters.PointLogLikelihoods(Examples.OldFaithful()), saved.Model.PointLogLikelihoods(Examples.OldFaithful()));
    }
}
