using System.Text.Json.Nodes;
using ProbLatent.Backends;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Files;

/// <summary>
/// A fitted model knows the names of its data's columns: the fit and the saved file keep them, new data is matched to
/// them by name, and data with other columns is refused instead of being scored as the wrong points.
/// </summary>
public sealed class ModelColumnNamesTests : IDisposable
{
    readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    static readonly Model Mixture = Model.Define("old-faithful").Latent("z", Prior.Categorical(2))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 2);

    static FitResult FaithfulFit() => Mixture.Compile(Inference.Em(restarts: 1, seed: 1)).Fit(Examples.OldFaithful());

    /// <summary>Old Faithful with its two columns swapped, each under its own name.</summary>
    static DataMatrix Swapped()
    {
        var rows = Examples.OldFaithful().ToRows().Select(r => new[] { r[1], r[0] }).ToArray();
        return DataMatrix.FromRows(rows, ["waiting", "eruptions"], "swapped");
    }

    [Fact]
    public void AFitKeepsItsDataColumnNamesAndMatchesNewDataToThem()
    {
        var fit = FaithfulFit();
        Assert.Equal(["eruptions", "waiting"], fit.ColumnNames);
        var faithful = Examples.OldFaithful();
        // The same columns in another order are put back in the fit's order: the same posterior, the same score.
        Assert.Equal(fit.Encode(faithful).Means(), fit.Encode(Swapped()).Means());
        Assert.Equal(fit.Score(faithful), fit.Score(Swapped()));
        // Other names are refused with both lists.
        var renamed = faithful.WithColumnNames(["duration", "waiting"]);
        var e = Assert.Throws<DataException>(() => fit.Encode(renamed));
        Assert.Equal("old-faithful: has columns (duration, waiting), but the fitted model was fitted on columns (eruptions, waiting): " +
                     "the model's 'eruptions' is not in the data, and the data's 'duration' is not in the model", e.Message);
        Assert.Throws<DataException>(() => fit.Score(renamed));
        // Data without names is matched by position.
        var unnamed = new DataMatrix(faithful.Values.ToArray(), faithful.Rows, 2);
        Assert.False(unnamed.HasColumnNames);
        Assert.Equal(fit.Score(faithful), fit.Score(unnamed));
        // Draws are named as the data was.
        Assert.Equal(["eruptions", "waiting"], fit.Sample(3, seed: 1).Data.ColumnNames);
    }

    [Fact]
    public void AFitOfUnnamedDataKnowsNoNamesAndMatchesByPosition()
    {
        var faithful = Examples.OldFaithful();
        var fit = Mixture.Compile(Inference.Em(restarts: 1, seed: 1)).Fit(new DataMatrix(faithful.Values.ToArray(), faithful.Rows, 2));
        Assert.Null(fit.ColumnNames);
        Assert.Equal(fit.Score(faithful), fit.Score(faithful.WithColumnNames(["a", "b"])));
        Assert.Equal(["x1", "x2"], fit.Sample(3).Data.ColumnNames);
    }

    [Fact]
    public void ASavedModelKeepsTheNamesAndMatchesDataToThem()
    {
        var fit = FaithfulFit();
        var path = _folder["faithful.plm"];
        fit.Save(path);
        var saved = LatentModelFile.Read(path);
        Assert.Equal(["eruptions", "waiting"], saved.ColumnNames);
        Assert.Equal(fit.Parameters.PointLogLikelihoods(Examples.OldFaithful()), saved.Model.PointLogLikelihoods(saved.Match(Swapped())));
        var e = Assert.Throws<DataException>(() => saved.Match(Examples.Iris()));
        Assert.Equal($"iris: has 4 columns, but the model in {path} takes data of dimension 2", e.Message);
        var eruptions = Examples.OldFaithful().Values.ToArray().Where((_, i) => i % 2 == 0).ToArray();
        e = Assert.Throws<DataException>(() => saved.Match(new DataMatrix(eruptions, eruptions.Length, 1, ["eruptions"], "eruptions.csv")));
        Assert.Equal($"eruptions.csv: has 1 column, but the model in {path} takes data of dimension 2", e.Message);
        e = Assert.Throws<DataException>(() => saved.Match(Examples.OldFaithful().WithColumnNames(["eruptions", "wait"])));
        Assert.Equal($"old-faithful: has columns (eruptions, wait), but the model in {path} was fitted on columns (eruptions, waiting): " +
                     "the model's 'waiting' is not in the data, and the data's 'wait' is not in the model", e.Message);
        // By position, the user's word is taken: the swapped columns are scored as they come.
        Assert.Equal(Swapped().Values.ToArray(), saved.Match(Swapped(), byPosition: true).Values.ToArray());
    }

    [Fact]
    public void AModelSavedWithoutNamesOrByAnEarlierVersionMatchesByPosition()
    {
        var fit = FaithfulFit();
        var path = _folder["unnamed.plm"];
        LatentModelFile.Save(fit.Parameters, path);
        // The header as the previous version wrote it: no Columns field at all.
        var header = ModelFileContainer.Read(path).Header<JsonObject>(new System.Text.Json.JsonSerializerOptions());
        Assert.False(header.ContainsKey("Columns"));
        var saved = LatentModelFile.Read(path);
        Assert.Null(saved.ColumnNames);
        Assert.Equal(Swapped().Values.ToArray(), saved.Match(Swapped()).Values.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AVaeOrAPlainAutoencoderKeepsTheNamesOfTheColumnsItWasTrainedOn(bool pointMass)
    {
        var names = Enumerable.Range(0, 8).Select(i => $"pixel{i}").ToArray();
        var data = new DataMatrix(Enumerable.Range(0, 80).Select(i => (double)(i * 7 % 3 == 0 ? 1 : 0)).ToArray(), 10, 8, names, "pixels");
        var vae = Model.Define("vae").Latent("z", Prior.StandardNormal(2)).Decoder(Decoder.Mlp(4), Likelihood.Bernoulli()).Observe("x", 8);
        if (pointMass) vae = vae.Guide(Encoder.Mlp(4).PointMass());
        var compiled = vae.Compile(Inference.Reparameterized(epochs: 1, batchSize: 5, seed: 1));
        var training = compiled.Train(FloatMatrix.From(data));
        Assert.Equal(names, FloatMatrix.From(data).ColumnNames);
        training.Trained.Save(_folder["vae.plm"], names);
        var saved = LatentModelFile.Read(_folder["vae.plm"]);
        Assert.IsType(pointMass ? typeof(Autoencoder) : typeof(VariationalAutoencoder), saved.Model);
        Assert.Equal(names, saved.ColumnNames);
        Assert.Throws<DataException>(() => saved.Match(data.WithColumnNames(names.Reverse().Skip(1).Append("other").ToArray())));
        // The fit through the common entry point keeps them too, and so does the file it saves.
        var fit = compiled.Fit(data);
        Assert.Equal(names, fit.ColumnNames);
        fit.Save(_folder["fit.plm"]);
        Assert.Equal(names, LatentModelFile.Read(_folder["fit.plm"]).ColumnNames);
    }

    [Fact]
    public void NamesThatAreNotOnePerColumnAreRefused()
    {
        var fit = FaithfulFit();
        var e = Assert.Throws<ArgumentException>(() => LatentModelFile.Save(fit.Parameters, _folder["m.plm"], ["eruptions"]));
        Assert.StartsWith("1 column names for a model of data dimension 2", e.Message);
        // A file whose header says otherwise is corrupt.
        fit.Save(_folder["m.plm"]);
        var header = ModelFileContainer.Read(_folder["m.plm"]).Header<JsonObject>(new System.Text.Json.JsonSerializerOptions());
        header["Columns"] = new JsonArray("eruptions", "waiting", "third");
        ModelFileContainer.Write(_folder["m.plm"], ModelFileFormat.LatentModel, System.Text.Encoding.UTF8.GetBytes(header.ToJsonString()),
            stream => stream.Write(File.ReadAllBytes(_folder["m.plm"]).AsSpan()[^(32 + 14 * 8)..^32]));
        var refused = Assert.Throws<ModelFileException>(() => LatentModelFile.Read(_folder["m.plm"]));
        Assert.Equal($"{_folder["m.plm"]}: is corrupt: its header names 3 data columns for a model of data dimension 2", refused.Message);
    }

    [Fact]
    public void ColumnOrderRefusesOtherColumnsAndRearrangesTheSameOnes()
    {
        var data = DataMatrix.FromRows([[1.0, 2, 3], [4.0, 5, 6]], ["b", "c", "a"], "d");
        var rearranged = ColumnOrder.Match(data, ["a", "b", "c"], "m");
        Assert.Equal(["a", "b", "c"], rearranged.ColumnNames);
        Assert.Equal([3.0, 1, 2, 6, 4, 5], rearranged.Values.ToArray());
        Assert.Same(data, ColumnOrder.Match(data, ["b", "c", "a"], "m"));
        Assert.Same(data, ColumnOrder.Match(data, null, "m"));
        Assert.Equal("d: has columns (b, c, a), but m was fitted on columns (b, c, d): the model's 'd' is not in the data, and the data's 'a' is not in the model",
            Assert.Throws<DataException>(() => ColumnOrder.Match(data, ["b", "c", "d"], "m")).Message);
        Assert.Equal("d: has columns (b, c, a), but m was fitted on columns (b, c): the data's 'a' is not in the model",
            Assert.Throws<DataException>(() => ColumnOrder.Match(data, ["b", "c"], "m")).Message);
        Assert.Equal("d: has columns (b, c, a), but m was fitted on columns (b, c, a, e, f): the model's 'e', 'f' are not in the data",
            Assert.Throws<DataException>(() => ColumnOrder.Match(data, ["b", "c", "a", "e", "f"], "m")).Message);
        // A repeated name says nothing about which column is which: no rearranging.
        var twice = DataMatrix.FromRows([[1.0, 2, 3]], ["a", "a", "b"], "d");
        Assert.Equal("d: has columns (a, a, b), but m was fitted on columns (a, b, a): the names repeat differently: column 2 is 'a' in the data and 'b' in the model",
            Assert.Throws<DataException>(() => ColumnOrder.Match(twice, ["a", "b", "a"], "m")).Message);
    }

    [Fact]
    public void RearrangedColumnsKeepTheLinesTheirRowsWereReadFrom()
    {
        // The rows are the same rows in another column order, so an error found after matching still names the line an editor shows.
        var data = Csv.ParseText("b,a\n1,0\n2,1\n", "d.csv");
        var rearranged = ColumnOrder.Match(data, ["a", "b"], "m");
        Assert.Equal(2, rearranged.FirstLine);
        Assert.Equal("d.csv, row 1 (line 3), column 1 'b': value 2 is not 0 or 1, which a Bernoulli likelihood needs",
            Assert.Throws<DataException>(rearranged.CheckBinary).Message);
    }
}
