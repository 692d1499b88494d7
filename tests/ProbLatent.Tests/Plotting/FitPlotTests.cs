using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Plotting;
using ProbLatent.Plotting.Fits;

namespace ProbLatent.Tests.Plotting;

/// <summary>The plots of fitted models, from real fits on the shipped examples.</summary>
public class FitPlotTests
{
    static readonly Model Mixture2 = Model.Define("old-faithful").Latent("z", Prior.Categorical(2))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 2);

    static readonly Model Ppca2 = Model.Define("iris").Latent("z", Prior.StandardNormal(2))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic))).Observe("x", 4);

    static FitResult Em(Model model, DataMatrix data) => model.Compile(Inference.Em(restarts: 2, seed: 1)).Fit(data);

    [Fact]
    public void TheTracePlotShowsEachBackendsObjectiveAndItsExactLogLikelihoodPerPoint()
    {
        var data = Examples.OldFaithful();
        var em = Em(Mixture2, data);
        var vmp = Mixture2.Compile(Inference.Vmp(seed: 1)).Fit(data);
        var chart = TracePlot.Of([em, vmp], data.Source);

        Assert.Equal(["em: log p(x | θ) + log p(θ)", "vmp: ELBO, θ integrated out"], chart.Series.Select(s => s.Label));
        Assert.Equal(em.Trace.Select(v => v / 272), chart.Series[0].Y);
        // EM's and VMP's traces start at their starting points, iteration 0.
        Assert.Equal(Enumerable.Range(0, em.Iterations + 1).Select(i => (double)i), chart.Series[0].X);
        Assert.Equal(Enumerable.Range(0, vmp.Iterations + 1).Select(i => (double)i), chart.Series[1].X);
        Assert.Equal(["em's log p(x | θ)", "vmp's log p(x | θ)"], chart.ReferenceLines.Select(r => r.Label));
        Assert.Equal(-4.1554, chart.ReferenceLines[0].Y, 4);
        // A series and its dashed line share a colour.
        Assert.Equal(chart.Series[1].Colour, chart.ReferenceLines[1].Colour);
        // Short traces: a linear axis, and nothing cut off.
        Assert.False(chart.LogX);
        Assert.Null(chart.YMinimum);
        var texts = SvgAssert.Texts(SvgAssert.Parse(chart.Render()));
        Assert.Contains("Objective per iteration on old-faithful", texts);
    }

    [Fact]
    public void LongNoisyTracesGetALogAxisAFloorAndAMovingAverage()
    {
        var data = Examples.Iris();
        var exact = Ppca2.Compile(Inference.Exact()).Fit(data);
        var reparameterized = Ppca2.Compile(Inference.Reparameterized(epochs: 400, batchSize: 50, learningRate: 0.03, seed: 1)).Fit(data);
        var em = Ppca2.Compile(Inference.Em(seed: 1)).Fit(data);
        var chart = TracePlot.Of([exact, reparameterized, em], data.Source);

        // The exact fit does not iterate: it is a dashed line, not a series.
        Assert.Equal(2, chart.Series.Count);
        var series = chart.Series[0];
        // The training ELBO is an estimate, noisy enough to pass the exact maximum: the chart says so.
        Assert.StartsWith("reparameterized: Monte Carlo training ELBO per epoch (faint), 9-epoch average", series.Label);
        Assert.Contains("reparameterized: a noisy Monte Carlo estimate, which can lie above a dashed line", chart.Subtitle);
        Assert.Equal(1, series.X[0]);
        // A logarithmic axis has no iteration 0: EM's starting point is left out.
        Assert.Equal(Enumerable.Range(1, em.Iterations).Select(i => (double)i), chart.Series[1].X);
        Assert.Equal(em.Trace.Skip(1).Select(v => v / 150), chart.Series[1].Y);
        Assert.Equal(9, series.Smoothing);
        Assert.Equal("exact: maximum log p(x | θ)", chart.ReferenceLines[0].Label);
        Assert.Equal(exact.LogLikelihoodPerPoint, chart.ReferenceLines[0].Y);
        Assert.True(chart.LogX);
        Assert.Contains("logarithmic", chart.XTitle);
        // The first epochs start far below where the fit ends: the axis starts near the end, and the subtitle says so.
        Assert.NotNull(chart.YMinimum);
        Assert.True(chart.YMinimum > series.Y[0]);
        Assert.Contains("run off the bottom", chart.Subtitle);
        SvgAssert.Parse(chart.Render());
    }

    [Fact]
    public void ABackendUnderAnotherNameIsDrawnLikeTheOneWhoseKindOfFitItReports()
    {
        var data = Examples.Iris();
        FitResult[] fits =
        [
            Ppca2.Compile(Inference.Exact()).Fit(data),
            Ppca2.Compile(Inference.Reparameterized(epochs: 150, batchSize: 50, learningRate: 0.03, seed: 1)).Fit(data),
            Ppca2.Compile(Inference.Em(seed: 1)).Fit(data),
            Ppca2.Compile(Inference.Vmp(seed: 1)).Fit(data),
        ];
        var names = fits.Select((f, i) => (Old: f.Backend, New: $"renamed-{i}")).ToArray();
        var chart = TracePlot.Of(fits, data.Source);
        var renamed = TracePlot.Of(fits.Select((f, i) => f with { Backend = names[i].New }).ToArray(), data.Source);

        string Renamed(string label) => names.Where(n => label.StartsWith(n.Old, StringComparison.Ordinal)).Select(n => n.New + label[n.Old.Length..]).Single();
        // Every kind of trace is here: the closed form's dashed line alone, a smoothed series counted in epochs, EM's from iteration 0, VMP's.
        Assert.Equal(3, chart.Series.Count);
        Assert.Equal(3, chart.Series[0].Smoothing);
        Assert.Equal(chart.Series.Select(s => Renamed(s.Label)), renamed.Series.Select(s => s.Label));
        Assert.Equal(chart.Series.Select(s => (s.X, s.Y, s.Smoothing, s.Colour)), renamed.Series.Select(s => (s.X, s.Y, s.Smoothing, s.Colour)));
        Assert.Equal(chart.ReferenceLines.Select(r => (Renamed(r.Label), r.Y, r.Colour)), renamed.ReferenceLines.Select(r => (r.Label, r.Y, r.Colour)));
        Assert.Equal(chart.XTitle.Replace("reparameterized", "renamed-1", StringComparison.Ordinal), renamed.XTitle);
        Assert.Equal((chart.LogX, chart.YMinimum, chart.Subtitle!.Replace("reparameterized", "renamed-1", StringComparison.Ordinal)), (renamed.LogX, renamed.YMinimum, renamed.Subtitle));
    }

    [Fact]
    public void TheClusterPlotColoursEachPointByItsMostProbableComponent()
    {
        var data = Examples.OldFaithful();
        var fit = Em(Mixture2, data);
        var chart = ClusterPlot.Of(data, fit);
        var mixture = (GaussianMixture)fit.Parameters;
        var q = fit.LatentPosterior.Means();
        int firstCount = Enumerable.Range(0, 272).Count(n => q[2 * n] >= q[2 * n + 1]);

        Assert.Equal(2, chart.Groups.Count);
        Assert.Equal(firstCount, chart.Groups[0].X.Count);
        Assert.Equal(272 - firstCount, chart.Groups[1].X.Count);
        Assert.StartsWith($"component 1: π = {mixture.Weights[0]:F2}, {firstCount} points", chart.Groups[0].Label);
        Assert.Equal(("eruptions", "waiting"), (chart.XTitle, chart.YTitle));
        // Two ellipses per component (1σ solid, 2σ dashed) around its mean, and its mean marked.
        Assert.Equal(4, chart.Ellipses.Count);
        Assert.Equal([false, true, false, true], chart.Ellipses.Select(e => e.Dashed));
        Assert.Equal(mixture.Mean(1)[0], chart.Markers[1].X);
        Assert.Equal(mixture.Covariance(1)[0, 1], chart.Ellipses[2].Covariance);

        var root = SvgAssert.Parse(chart.Render());
        var plot = SvgAssert.All(root, "g").Single(g => g.Attribute("clip-path") is not null);
        Assert.Equal(272, plot.Elements().Count(e => e.Name.LocalName == "circle"));
        Assert.Equal(2, plot.Elements().Count(e => e.Name.LocalName == "polygon"));
    }

    [Fact]
    public void AMixtureOfFactorAnalysersIsDrawnByItsMarginalGaussians()
    {
        var data = Examples.Iris();
        var model = Model.Define("iris").Latent("c", Prior.Categorical(2)).Latent("h", Prior.StandardNormal(1))
            .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)))).Observe("x", 4);
        var fit = model.Compile(Inference.Em(restarts: 1, seed: 1, maxIterations: 20)).Fit(data);
        var chart = ClusterPlot.Of(data, fit);
        var fitted = (MixtureOfFactorAnalysers)fit.Parameters;
        var assignment = ((FactorMixturePosterior)fit.LatentPosterior).Responsibilities.MostProbable();
        Assert.StartsWith("em: a 2-component mixture of factor analysers on iris", chart.Title);
        Assert.Equal(assignment.Count(k => k == 0), chart.Groups[0].X.Count);
        // Each component's ellipses are those of W Wᵀ + Ψ on the plotted columns (sepal and petal length, 0 and 2).
        var covariance = fitted.Component(1).MarginalCovariance();
        Assert.Equal(4, chart.Ellipses.Count);
        Assert.Equal(covariance[2, 2], chart.Ellipses[2].VarianceY);
        Assert.Equal(covariance[0, 2], chart.Ellipses[2].Covariance);
        Assert.Equal(fitted.Component(1).Mean[0], chart.Markers[1].X);
    }

    [Fact]
    public void HigherDimensionalDataIsShownOnItsTwoMostVariableColumnsAndSaysSo()
    {
        var data = Examples.Iris();
        var columns = PlotColumns.Choose(data);
        // Variances: sepal_length 0.68, sepal_width 0.19, petal_length 3.10, petal_width 0.58.
        Assert.Equal((0, 2), (columns.X, columns.Y));
        Assert.Equal(("sepal_length", "petal_length"), (columns.XName, columns.YName));
        var mixture = Model.Define("iris").Latent("z", Prior.Categorical(3)).Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 4);
        var fit = Em(mixture, data);
        var chart = ClusterPlot.Of(data, fit);
        Assert.Contains("columns sepal_length and petal_length: the two of 4 with the largest variance", chart.Subtitle);
        // The components' marginals on those columns: the 2×2 block of each covariance.
        var fitted = (GaussianMixture)fit.Parameters;
        Assert.Equal(fitted.Covariance(0)[2, 2], chart.Ellipses[0].VarianceY);
        Assert.Equal(fitted.Covariance(0)[0, 2], chart.Ellipses[0].Covariance);
    }

    [Fact]
    public void ThePrincipalDirectionsAreTheSampleCovariancesLeadingAxesScaledToTheirStandardDeviation()
    {
        var data = Examples.Iris();
        var fit = Ppca2.Compile(Inference.Exact()).Fit(data);
        var chart = DirectionPlot.Of(data, fit);

        // Maximum-likelihood PPCA (Tipping & Bishop): W = U (Λ − σ²I)^½, with U and Λ the sample covariance's leading eigenvectors and
        // eigenvalues and σ² the mean of the rest. Each arrow is an eigenvector times √(λ − σ²), seen on the two plotted columns.
        var x = Matrix<double>.Build.DenseOfRowArrays(data.ToRows());
        var centred = x - Matrix<double>.Build.Dense(150, 4, (i, j) => x.Column(j).Average());
        var covariance = centred.TransposeThisAndMultiply(centred) / 150;
        var eigen = covariance.Evd();
        var order = Enumerable.Range(0, 4).OrderByDescending(i => eigen.EigenValues[i].Real).ToArray();
        double sigma2 = (eigen.EigenValues[order[2]].Real + eigen.EigenValues[order[3]].Real) / 2;
        Assert.Equal(2, chart.Arrows.Count);
        for (int k = 0; k < 2; k++)
        {
            var v = eigen.EigenVectors.Column(order[k]);
            double scale = Math.Sqrt(eigen.EigenValues[order[k]].Real - sigma2);
            var arrow = chart.Arrows[k];
            double dx = arrow.ToX - arrow.FromX, dy = arrow.ToY - arrow.FromY;
            // An eigenvector's sign is arbitrary.
            double sign = Math.Sign(dx * v[0] + dy * v[2]);
            Assert.Equal(sign * scale * v[0], dx, 6);
            Assert.Equal(sign * scale * v[2], dy, 6);
            Assert.Contains($"sd {scale:G3}", arrow.Label);
        }
        Assert.Equal(x.Column(0).Average(), chart.Arrows[0].FromX, 9);
        Assert.Equal(x.Column(2).Average(), chart.Arrows[0].FromY, 9);
        Assert.Equal(150, chart.Groups.Single().X.Count);
        SvgAssert.Parse(chart.Render());
    }

    [Fact]
    public void APlotOfTheWrongModelSaysWhichModelItShows()
    {
        var data = Examples.Iris();
        var ppca = Ppca2.Compile(Inference.Exact()).Fit(data);
        Assert.Contains("a cluster plot shows a Gaussian mixture or a mixture of factor analysers", Assert.Throws<ArgumentException>(() => ClusterPlot.Of(data, ppca)).Message);
        var mixture = Em(Mixture2, Examples.OldFaithful());
        Assert.Contains("shows PPCA or factor analysis", Assert.Throws<ArgumentException>(() => DirectionPlot.Of(Examples.OldFaithful(), mixture)).Message);
        Assert.Contains("not the data em fitted", Assert.Throws<ArgumentException>(() => ClusterPlot.Of(Examples.OldFaithful().SelectRows([0, 1, 2]), mixture)).Message);
        Assert.Contains("at least one fit", Assert.Throws<ArgumentException>(() => TracePlot.Of([], "x")).Message);
    }

    [Fact]
    public void ABernoulliMixtureOfSquareImagesShowsItsComponentsHeaviestFirst()
    {
        // 4×4 images: vertical and horizontal bars, three times as many vertical ones.
        var random = new Random(3);
        var rows = Enumerable.Range(0, 200).Select(i => Enumerable.Range(0, 16)
            .Select(p => (i % 4 == 0 ? p / 4 == 1 : p % 4 == 1) ^ (random.NextDouble() < 0.05) ? 1.0 : 0).ToArray()).ToArray();
        var data = DataMatrix.FromRows(rows, source: "bars");
        var model = Model.Define("bars").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Bernoulli())).Observe("x", 16);
        var fit = model.Compile(Inference.Em(restarts: 3, seed: 1)).Fit(data);
        var grid = ComponentImages.Of(fit, "bars");
        var mixture = (BernoulliMixture)fit.Parameters;
        int heavy = mixture.Weights[0] > mixture.Weights[1] ? 0 : 1;
        Assert.Equal(mixture.Probabilities(heavy), grid.Images[0]);
        Assert.Equal((4, 4, 2), (grid.ImageWidth, grid.ImageHeight, grid.Images.Count));
        // The heavy component is the vertical bar: column 1 inked in every row.
        Assert.All(Enumerable.Range(0, 4), r => Assert.True(grid.Images[0][r * 4 + 1] > 0.8));
        SvgAssert.Parse(grid.Render());
    }
    [Fact]
    public void AnHmmsStatePlotsDrawEveryColumnFromOneViterbiPathAndSayWhereEachSequenceStarts()
    {
        var truth = new HiddenMarkovModel([0.5, 0.5], [0.95, 0.05, 0.1, 0.9],
            new GaussianMixture([0.5, 0.5], [-2, 5, 2, -5], [1, 0, 0, 1, 1, 0, 0, 1], 2, Covariance.Full));
        var drawn = truth.GenerateSequences([120, 80], new Random(3));
        var model = Model.Define("pair").Latent("z", Prior.MarkovChain(Prior.Categorical(2)))
            .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 2);
        var fit = model.Compile(Inference.Em(restarts: 2, seed: 1)).FitSequences(drawn.Data);
        var steps = drawn.Data.Steps;
        var charts = StatePathPlot.EveryColumn(steps, fit);
        Assert.Equal(2, charts.Count);
        var emissions = (GaussianMixture)((HiddenMarkovModel)fit.Parameters).Emissions;
        for (int j = 0; j < 2; j++)
        {
            Assert.Equal(steps.ColumnNames[j], charts[j].YTitle);
            Assert.Equal([emissions.Mean(0)[j], emissions.Mean(1)[j]], charts[j].Levels.Select(l => l.Y));
            Assert.Equal("2 states; 2 sequences end to end, starting at steps 0 and 120", charts[j].Subtitle);
            // Each step once, at its own value of the column, whichever state holds it.
            Assert.Equal(Enumerable.Range(0, 200).Select(t => steps[t, j]).Order(), charts[j].Groups.SelectMany(g => g.Y).Order());
            Assert.Equal(charts[j].Groups.Select(g => g.Label), charts[0].Groups.Select(g => g.Label));
        }
        Assert.Equal(charts[1].Render().ToString(), StatePathPlot.Of(steps, fit, column: 1).Render().ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => StatePathPlot.Of(steps, fit, column: 2));
    }
}
