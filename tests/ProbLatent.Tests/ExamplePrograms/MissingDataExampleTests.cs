using MissingData;
using ProbLatent.Data;

namespace ProbLatent.Tests.ExamplePrograms;

/// <summary>examples/MissingData: iris with 20% of its cells removed, the marginalised mixture beside mean imputation.</summary>
public class MissingDataExampleTests
{
    [Fact]
    public void TwentyPercentOfTheCellsAreRemovedAndEveryRowKeepsOne()
    {
        var complete = Examples.Iris();
        var data = MissingIris.Remove(complete, share: 0.2, seed: 1);
        Assert.Equal(120, data.MissingCount);
        for (int n = 0; n < data.Rows; n++)
        {
            Assert.Contains(Enumerable.Range(0, 4), j => !data.IsMissing(n, j));
            for (int j = 0; j < 4; j++)
                if (!data.IsMissing(n, j)) Assert.Equal(complete[n, j], data[n, j]);
        }
        Assert.Equal(data.Values.ToArray(), MissingIris.Remove(complete, share: 0.2, seed: 1).Values.ToArray());
    }

    [Fact]
    public void TheMarginalisedMixtureScoresTheObservedCellsHigherAndImputesBetterThanMeanImputation()
    {
        var complete = Examples.Iris();
        var data = MissingIris.Remove(complete, share: 0.2, seed: 1);
        var outcomes = MissingIris.Run(complete, data, restarts: 2);
        var (marginalised, means, oracle) = (outcomes[0], outcomes[1], outcomes[2]);
        // Fitted to the observed cells themselves, the marginalised fit scores them above even the complete data's fit.
        Assert.True(marginalised.LogObserved > oracle.LogObserved, $"{marginalised.LogObserved} ≤ {oracle.LogObserved}");
        Assert.True(marginalised.LogObserved > means.LogObserved + 50, $"{marginalised.LogObserved} vs {means.LogObserved}");
        for (int j = 0; j < 4; j++)
            Assert.True(marginalised.RootMeanSquareError[j] < means.RootMeanSquareError[j], $"column {j}: {marginalised.RootMeanSquareError[j]} vs {means.RootMeanSquareError[j]}");
        // One Gaussian with two factors (EM's and VMP's) imputes from the columns' correlations better than the means, and
        // scores below the mixture; so does a mixture of factor analysers, by EM and VMP, which may score above it.
        foreach (var factors in outcomes[3..])
        {
            if (!factors.Method.StartsWith("MFA")) Assert.True(factors.LogObserved < marginalised.LogObserved, $"{factors.Method}: {factors.LogObserved}");
            for (int j = 0; j < 4; j++)
                Assert.True(factors.RootMeanSquareError[j] < means.RootMeanSquareError[j], $"{factors.Method}, column {j}: {factors.RootMeanSquareError[j]}");
        }
        var output = new StringWriter();
        MissingIris.Print(data, outcomes, output);
        Assert.StartsWith("120 of 600 cells missing (20.0%)", output.ToString());
    }

    /// <summary>The README's table is the one the example prints (Program.cs's settings: 5 restarts, seed 1), line for line.</summary>
    [Fact]
    public void TheReadmesTableIsWhatTheExamplePrints()
    {
        var complete = Examples.Iris();
        var data = MissingIris.Remove(complete, share: 0.2, seed: 1);
        var output = new StringWriter();
        MissingIris.Print(data, MissingIris.Run(complete, data), output);
        var readme = File.ReadAllText(RepositoryFolder.PathOf("README.md")).ReplaceLineEndings("\n");
        Assert.Contains(output.ToString().ReplaceLineEndings("\n"), readme);
    }
}
