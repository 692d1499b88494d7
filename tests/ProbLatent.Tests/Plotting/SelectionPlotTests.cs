using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Plotting.Fits;
using ProbLatent.Selection;

namespace ProbLatent.Tests.Plotting;

public class SelectionPlotTests
{
    static Model Mixture(int k) => Model.Define("old-faithful").Latent("z", Prior.Categorical(k))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 2);

    [Fact]
    public void EachCriterionIsALineAgainstTheSizeWithTheBestByBicMarked()
    {
        // Given in decreasing order: the lines go by size.
        var result = new ModelSelection(Mixture, Inference.Em(restarts: 1, seed: 1)).Fit(Examples.OldFaithful(), [3, 2, 1]);
        var chart = SelectionPlot.Of(result, "components (K)", "old-faithful");
        Assert.Equal(["BIC", "AIC", "ICL", "best by BIC: 2"], chart.Series.Select(s => s.Label));
        Assert.Equal([1.0, 2, 3], chart.Series[0].X);
        Assert.Equal(result.Candidates.OrderBy(c => c.Size).Select(c => c.Bic), chart.Series[0].Y);
        Assert.Equal([2.0], chart.Series[3].X);
        Assert.Equal([result.Best(Criterion.Bic)!.Bic], chart.Series[3].Y);
        var texts = SvgAssert.Texts(SvgAssert.Parse(chart.Render()));
        Assert.Contains("Model selection on old-faithful", texts);
        Assert.Contains("components (K)", texts);
    }

    [Fact]
    public void VmpsElboIsDrawnTwiceOnTheScaleOfTwiceTheLogLikelihood()
    {
        var result = new ModelSelection(Mixture, Inference.Vmp(restarts: 1, seed: 1)).Fit(Examples.OldFaithful(), [1, 2]);
        var elbo = Assert.Single(SelectionPlot.Of(result, "K", "d").Series, s => s.Label.StartsWith("2 × ELBO", StringComparison.Ordinal));
        Assert.Equal(result.Candidates.Select(c => 2 * c.Elbo!.Value), elbo.Y);
        Assert.Throws<ArgumentException>(() => SelectionPlot.Of(new SelectionResult { Candidates = [], DataCount = 1 }, "K", "d"));
    }
}
