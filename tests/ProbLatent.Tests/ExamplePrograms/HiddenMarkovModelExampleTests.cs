using HiddenMarkovModelExample;
using ProbLatent.Data;

namespace ProbLatent.Tests.ExamplePrograms;

/// <summary>examples/HiddenMarkovModel: the Nile under EM, VMP and exact inference at each one's parameters.</summary>
public class HiddenMarkovModelExampleTests
{
    static readonly IReadOnlyList<RegimeRow> Rows = NileRegimes.Run(Examples.Nile(), restarts: 10, seed: 1);

    [Fact]
    public void Em_reaches_the_peers_maximum_exact_agrees_at_each_fits_parameters_and_every_path_changes_in_1898()
    {
        Assert.Equal(["EM (Baum–Welch)", "VMP (Bayesian HMM)", "exact at EM's θ", "exact at VMP's θ"], Rows.Select(r => r.Method));
        Assert.Equal(NileRegimes.ReferenceLogLikelihood, Rows[0].Fit.LogLikelihood, 4);
        Assert.Equal(Rows[0].Fit.LogLikelihood, Rows[2].Fit.LogLikelihood, 9);
        Assert.Equal(Rows[1].Fit.LogLikelihood, Rows[3].Fit.LogLikelihood, 9);
        Assert.All(Rows, r => Assert.Equal(1898, r.ChangeYear));
        var output = new StringWriter();
        NileRegimes.Print(Rows, output);
        Assert.Contains("-629.8045", output.ToString());
    }
}
