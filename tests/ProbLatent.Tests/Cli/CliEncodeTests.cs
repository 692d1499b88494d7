using ProbLatent.Cli;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.Cli;

public class CliEncodeTests
{
    [Fact]
    public void AMixtureGivesEachRowsResponsibilitiesAndItsMostProbableComponent()
    {
        using var folder = new TempFolder();
        var path = SavedModels.OldFaithful(folder);
        var run = CliRun.Of("encode", "--model", path, "--example", "old-faithful");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var encoded = run.OutCsv;
        Assert.Equal(["r0", "r1", "component"], encoded.ColumnNames);

        // The values the library computes, to the last bit: the CSV keeps every double's digits.
        var posterior = (DiscretePosterior)LatentModelFile.Load(path).Posterior(Examples.OldFaithful());
        Assert.Equal(272, encoded.Rows);
        Assert.Equal(posterior.Means(), Enumerable.Range(0, 272).SelectMany(n => new[] { encoded[n, 0], encoded[n, 1] }));
        Assert.Equal(posterior.MostProbable().Select(k => (double)k), Enumerable.Range(0, 272).Select(n => encoded[n, 2]));
        Assert.Contains(posterior.MostProbable(), k => k == 0);
        Assert.Contains(posterior.MostProbable(), k => k == 1);
    }

    [Fact]
    public void CtrlCWritesNoOutFileAndLeavesAnEarlierOneAsItWas()
    {
        using var folder = new TempFolder();
        var path = SavedModels.OldFaithful(folder);
        var output = folder["z.csv"];
        File.WriteAllText(output, "an earlier file\n");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(["encode", "--model", path, "--example", "old-faithful", "--out", output], stdout, stderr, cancellation.Token);
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Equal($"error: cancelled; {output} was not written (an earlier file there is as it was)", stderr.ToString().TrimEnd());
        Assert.Equal("an earlier file\n", File.ReadAllText(output));
        Assert.Equal(2, Directory.GetFiles(folder.Path).Length);
    }

    [Fact]
    public void PpcaGivesThePosteriorMeanOfZ()
    {
        using var folder = new TempFolder();
        var path = SavedModels.IrisPpca(folder);
        var csv = folder["z.csv"];
        var run = CliRun.Of("encode", "--model", path, "--example", "iris", "--out", csv);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.StartsWith($"wrote 150 rows (z1, z2) to {csv}: the latent posterior of each row of iris under {path} (probabilistic PCA: latent dimension 2", run.Out);
        var encoded = ProbLatent.Data.Csv.Read(csv);
        Assert.Equal(["z1", "z2"], encoded.ColumnNames);
        Assert.Equal(LatentModelFile.Load(path).Posterior(Examples.Iris()).Means(), encoded.Values.ToArray());
    }

    [Fact]
    public void BooleanLatentsGiveTheirPosteriorMarginals()
    {
        using var folder = new TempFolder();
        var (path, model) = SavedModels.Boolean(folder);
        var data = model.Generate(30, new Random(1)).Data;
        File.WriteAllText(folder["x.csv"], "x1,x2,x3,x4,x5,x6,x7,x8\n" + string.Join("\n", data.ToRows().Select(r => string.Join(",", r))) + "\n");
        var encoded = CliRun.Of("encode", "--model", path, "--data", folder["x.csv"]).OutCsv;
        Assert.Equal(["z1", "z2", "z3"], encoded.ColumnNames);
        Assert.Equal(model.Posterior(data).Means(), encoded.Values.ToArray());
    }

    [Fact]
    public void AVaeGivesItsEncodersMean()
    {
        using var folder = new TempFolder();
        var path = SavedModels.Vae(folder);
        var encoded = CliRun.Of("encode", "--model", path, "--data", folder["train.bin"]).OutCsv;
        Assert.Equal(["z1", "z2"], encoded.ColumnNames);
        var vae = LatentModelFile.Load<VariationalAutoencoder>(path);
        Assert.Equal(vae.Encode(BinarizedMnist.Read(folder["train.bin"])).Means(), encoded.Values.ToArray());
    }

    [Fact]
    public void WhatSampleWritesEncodeReads()
    {
        using var folder = new TempFolder();
        var path = SavedModels.OldFaithful(folder);
        Assert.Equal(ExitCodes.Success, CliRun.Of("sample", "--model", path, "--count", "40", "--out", folder["s.csv"]).ExitCode);
        var run = CliRun.Of("encode", "--model", path, "--data", folder["s.csv"]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var encoded = run.OutCsv;
        Assert.Equal(40, encoded.Rows);
        // The responsibilities of the sampled rows as read back from the CSV sample wrote, and their components.
        Assert.Equal(["r0", "r1", "component"], encoded.ColumnNames);
        var posterior = (DiscretePosterior)LatentModelFile.Load(path).Posterior(Csv.Read(folder["s.csv"]));
        Assert.Equal(posterior.Means(), Enumerable.Range(0, 40).SelectMany(n => new[] { encoded[n, 0], encoded[n, 1] }));
        Assert.Equal(posterior.MostProbable().Select(k => (double)k), Enumerable.Range(0, 40).Select(n => encoded[n, 2]));
    }

    [Fact]
    public void BadRequestsAreOneLineErrors()
    {
        using var folder = new TempFolder();
        var path = SavedModels.OldFaithful(folder);
        TempMnist.Write(folder["x.bin"], 20, 64, seed: 1);
        var bernoulli = SavedModels.Fit(folder, "bernoulli.plm", "--data", folder["x.bin"], "--model", "bernoulli-mixture");


        CliRun.Refused(ExitCodes.DataOrModelError, $"error: iris: has 4 columns, but the model in {path} takes data of dimension 2", "encode", "--model", path, "--example", "iris");
        File.WriteAllText(folder["half.csv"], string.Join(",", Enumerable.Range(0, 64).Select(i => $"p{i}")) + "\n" +
                                              string.Join(",", Enumerable.Range(0, 64).Select(i => i == 3 ? "0.5" : "1")) + "\n");
        CliRun.Refused(ExitCodes.DataOrModelError, $"error: {folder["half.csv"]}, row 0 (line 2), column 3 'p3': value 0.5 is not 0 or 1, which a Bernoulli likelihood needs", "encode",
            "--model", bernoulli, "--data", folder["half.csv"]);
        CliRun.Refused(ExitCodes.UsageError, "error: give either --data or --example, not both", "encode", "--model", path, "--example", "iris", "--data", folder["x.bin"]);
        CliRun.Refused(ExitCodes.UsageError, "error: no data: give --data FILE.csv or --example NAME (old-faithful, iris, nile)", "encode", "--model", path);
        CliRun.Refused(ExitCodes.DataOrModelError, $"error: {folder["none.csv"]}: file not found", "encode", "--model", path, "--data", folder["none.csv"]);
        CliRun.Refused(ExitCodes.DataOrModelError, $"error: {folder["x.bin"]}: is not a saved ProbLatent model (it should start with 'PLLATENT' or 'PLVAEMDL')", "encode",
            "--model", folder["x.bin"], "--example", "iris");
        CliRun.Refused(ExitCodes.UsageError, "error: Option '--model' is required (see 'problatent encode --help')", "encode", "--example", "iris");
    }

    [Fact]
    public void ColumnsInAnotherOrderAreMatchedByName()
    {
        using var folder = new TempFolder();
        var path = SavedModels.OldFaithful(folder);
        var expected = CliRun.Of("encode", "--model", path, "--example", "old-faithful").Out;
        var swapped = FaithfulCsv.Write(folder, "swapped.csv", "waiting", "eruptions");
        var run = CliRun.Of("encode", "--model", path, "--data", swapped);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal(expected, run.Out);
        // By position the swapped columns are taken as they come: other points, other responsibilities.
        var byPosition = CliRun.Of("encode", "--model", path, "--data", swapped, "--match-by-position");
        Assert.True(byPosition.ExitCode == ExitCodes.Success, byPosition.Error);
        Assert.NotEqual(expected, byPosition.Out);
    }

    [Fact]
    public void OtherColumnsAreRefusedShowingBothListsUnlessMatchedByPosition()
    {
        using var folder = new TempFolder();
        var path = SavedModels.OldFaithful(folder);
        var renamed = FaithfulCsv.Write(folder, "renamed.csv", "a", "b");
        CliRun.Refused(ExitCodes.DataOrModelError,
            $"error: {renamed}: has columns (a, b), but the model in {path} was fitted on columns (eruptions, waiting): " +
            "the model's 'eruptions', 'waiting' are not in the data, and the data's 'a', 'b' are not in the model; rename the data's columns, or give --match-by-position to take them in the order they come",
            "encode", "--model", path, "--data", renamed);
        var run = CliRun.Of("encode", "--model", path, "--data", renamed, "--match-by-position");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal(CliRun.Of("encode", "--model", path, "--example", "old-faithful").Out, run.Out);
    }

    [Fact]
    public void AModelSavedWithoutColumnNamesTakesTheColumnsByPosition()
    {
        using var folder = new TempFolder();
        var model = (GaussianMixture)LatentModelFile.Load(SavedModels.OldFaithful(folder));
        // As the previous version saved every model: no names in the header.
        LatentModelFile.Save(model, folder["old.plm"]);
        var run = CliRun.Of("encode", "--model", folder["old.plm"], "--data", FaithfulCsv.Write(folder, "renamed.csv", "a", "b"));
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal(CliRun.Of("encode", "--model", folder["old.plm"], "--example", "old-faithful").Out, run.Out);
        Assert.Equal(["x1", "x2"], CliRun.Of("sample", "--model", folder["old.plm"], "--count", "2").OutCsv.ColumnNames);
    }
}
