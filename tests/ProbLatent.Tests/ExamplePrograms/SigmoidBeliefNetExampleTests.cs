using ProbLatent.LatentModels;
using SigmoidBeliefNet;

namespace ProbLatent.Tests.ExamplePrograms;

/// <summary>examples/SigmoidBeliefNet on a small sample: EM learns the two layers, encoding and sampling print as shown.</summary>
public class SigmoidBeliefNetExampleTests
{
    static readonly BooleanLatentModel Truth = SigmoidBeliefNetDemo.Truth();
    static readonly ProbLatent.Data.DataMatrix Data = Truth.Generate(400, new Random(1)).Data;

    [Fact]
    public void The_generating_net_has_the_structure_its_text_describes()
    {
        Assert.Equal(new[] { 2, 4 }, Truth.LayerBits);
        Assert.Equal([0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3], Enumerable.Range(0, 16).Select(SigmoidBeliefNetDemo.QuadrantOf));
        var outcomes = SigmoidBeliefNetDemo.WhichBackendsRun(Truth);
        Assert.Equal(["runs:", "runs:", "refuses:", "refuses:"], outcomes.Select(o => o.Outcome.Split(' ')[0]));
    }

    [Fact]
    public void Em_climbs_to_the_generating_likelihood_and_the_fit_encodes_and_samples()
    {
        var fit = SigmoidBeliefNetDemo.Fit(Data, maxIterations: 40, restarts: 1);
        Assert.True(SigmoidBeliefNetDemo.SmallestRise(fit.Trace) >= -1e-9 * Math.Abs(fit.Trace[^1]));
        var fitted = (BooleanLatentModel)fit.Parameters;
        double truth = Truth.PointLogLikelihoods(Data).Average(), learned = fitted.PointLogLikelihoods(Data).Average();
        Assert.True(learned > truth - 0.1, $"EM {learned} per point, truth {truth}");

        var output = new StringWriter();
        SigmoidBeliefNetDemo.PrintLikelihoods(Data, Truth, fitted, output);
        SigmoidBeliefNetDemo.PrintEncoding(fitted, Data, 0, output);
        SigmoidBeliefNetDemo.PrintSamples(fitted, 8, seed: 2, output);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("p(h2 = 1 | x) = "));
        Assert.Contains(lines, l => l.Contains("p(h1 = 1 | x) = "));
        // The last four lines are eight 4-pixel rows side by side, two spaces apart.
        Assert.All(lines[^4..], l => Assert.Matches("^([#.]{4}  ){7}[#.]{4}$", l.TrimEnd('\r')));
    }
}
