using ProbLatent.Backends.Reparameterized;
using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Plotting.Fits;

namespace ProbLatent.Tests.Plotting;

/// <summary>The plots of a variational autoencoder, from small VAEs with a 2-D latent trained for an epoch or two.</summary>
public class VaePlotTests
{
    static VaeTraining Train(FloatMatrix train, FloatMatrix? validation = null, FloatMatrix? test = null, int epochs = 1) =>
        (Model.Define("small").Latent("z", Prior.StandardNormal(2))
            .Decoder(Decoder.Mlp(32), Likelihood.Bernoulli()).Observe("x", train.Columns).Guide(Encoder.Mlp(32))
            .Compile(Inference.Reparameterized(epochs: epochs, batchSize: 50, learningRate: 3e-3, seed: 1)))
        .Train(train, validation, test);

    /// <summary>The whole test split, whose digits BinarizedMnistLabels knows: only in the shared data.</summary>
    static FloatMatrix TestSplit => BinarizedMnist.ReadSingle(SharedData.PathOf("binarized_mnist/test.bin"));

    /// <summary>Every 25th row of the test split (400 rows, every digit), shipped with the tests.</summary>
    static FloatMatrix TestSlice => BinarizedMnist.ReadSingle(ShippedData.MnistTest);

    [SkippableFact]
    public void TheTestSplitIsRecognisedAndLabelledByItsDocumentedDigitRanges()
    {
        var labels = BinarizedMnistLabels.ForFile(SharedData.PathOf("binarized_mnist/test.bin"));
        Assert.NotNull(labels);
        Assert.Equal(BinarizedMnistLabels.Test(), labels);
        // The MNIST test set's class counts.
        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], labels.GroupBy(d => d).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.Equal(labels.Order(), labels);
        // Any other file has no labels: the training split, a missing file.
        Assert.Null(BinarizedMnistLabels.ForFile(SharedData.PathOf("binarized_mnist/train.bin")));
        Assert.Null(BinarizedMnistLabels.ForFile(Path.Combine(SharedData.Folder, "no-such-file.bin")));
        Assert.Null(BinarizedMnistLabels.ForFile(ShippedData.MnistTest));
    }

    [SkippableFact]
    public void TheLatentPlotColoursTheTestSetsEncoderMeansByDigit()
    {
        var test = TestSplit;
        var vae = Train(test.EveryNthRow(20)).Model;
        var chart = LatentPlot.Of(vae, test, BinarizedMnistLabels.Test());

        // At most 5,000 points: every 2nd row, so each digit keeps half its rows (rounded up from its first row's parity).
        Assert.Equal(10, chart.Groups.Count);
        Assert.Equal(5000, chart.Groups.Sum(g => g.X.Count));
        Assert.Equal("digit 0: 490 rows", chart.Groups[0].Label);
        Assert.Equal("digit 1: 568 rows", chart.Groups[1].Label);
        Assert.Contains("one row in 2", chart.Subtitle);
        Assert.Contains("coloured by digit", chart.Subtitle);
        // The points are the encoder's means.
        var means = vae.Encode(test.EveryNthRow(2)).Means();
        Assert.Equal(means[0], chart.Groups[0].X[0], 12);
        Assert.Equal(means[1], chart.Groups[0].Y[0], 12);
        Assert.Equal(("z₁", "z₂"), (chart.XTitle, chart.YTitle));
        SvgAssert.Parse(chart.Render());
    }

    [Fact]
    public void WithoutLabelsTheLatentPlotIsOneGroupAndSaysSo()
    {
        var train = TestSlice;
        var chart = LatentPlot.Of(Train(train).Model, train);
        var group = Assert.Single(chart.Groups);
        Assert.Equal(400, group.X.Count);
        Assert.Contains("the data has no labels", chart.Subtitle);
        Assert.Contains("2 labels for 400 rows", Assert.Throws<ArgumentException>(() => LatentPlot.Of(Train(train).Model, train, [1, 2])).Message);
    }

    [Fact]
    public void GeneratedDigitsAndTheLatentGridAreTheDecodersPixelProbabilities()
    {
        var vae = Train(TestSlice).Model;
        var generated = VaeImages.Generated(vae, rows: 3, seed: 4);
        Assert.Equal(30, generated.Images.Count);
        Assert.Equal((28, 28, 10), (generated.ImageWidth, generated.ImageHeight, generated.Columns));
        // The same draws of z as Generate with that seed, decoded to probabilities.
        var decoded = vae.Decode(vae.Generate(30, new Random(4)).Latents);
        Assert.Equal(decoded.Row(7).ToArray(), generated.Images[7]);
        Assert.All(generated.Images.SelectMany(i => i), p => Assert.InRange(p, 0, 1));

        var grid = VaeImages.Manifold(vae, steps: 5);
        Assert.Equal(25, grid.Images.Count);
        // Top-left is (low z₁, high z₂); bottom-right is (high z₁, low z₂).
        double low = MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.05);
        var corners = vae.Decode(new DataMatrix([low, -low, -low, low], 2, 2));
        Assert.Equal(corners.Row(0).ToArray(), grid.Images[0]);
        Assert.Equal(corners.Row(1).ToArray(), grid.Images[24]);
        Assert.Contains("−1.64 (left) to 1.64 (right)", grid.Subtitle);
        SvgAssert.Parse(generated.Render());
        SvgAssert.Parse(grid.Render());
    }

    [Fact]
    public void TheEpochTraceHasTheTrainValidationAndTestBoundsAndTheEstimate()
    {
        var slice = TestSlice;
        var training = Train(slice, slice.EveryNthRow(2), slice.EveryNthRow(3), epochs: 2);
        var chart = EpochTracePlot.Of(training.Epochs, "ELBO", (-150.5, "test log p(x), IWAE-100"));
        Assert.Equal(["train ELBO (mean over the epoch)", "validation ELBO", "test ELBO"], chart.Series.Select(s => s.Label));
        Assert.Equal(training.Epochs.Select(e => e.TestElbo!.Value), chart.Series[2].Y);
        Assert.Equal([1.0, 2], chart.Series[0].X);
        Assert.Equal(-150.5, Assert.Single(chart.ReferenceLines).Y);
        SvgAssert.Parse(chart.Render());
    }
}
