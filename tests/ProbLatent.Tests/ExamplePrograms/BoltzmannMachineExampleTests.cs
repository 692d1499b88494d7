using BoltzmannMachine;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.ExamplePrograms;

/// <summary>examples/BoltzmannMachine on a small sample: the bars are drawn as said, training climbs above the base rates, the images print.</summary>
public class BoltzmannMachineExampleTests
{
    [Fact]
    public void Bars_are_whole_rows_and_columns_and_both_trainings_beat_the_base_rates()
    {
        var data = BoltzmannMachineDemo.Bars4x4(1000, seed: 3);
        for (int n = 0; n < data.Rows; n++)
        {
            var image = data.Row(n).ToArray();
            // An image is a union of bars: a pixel is on exactly when its row's or its column's bar is, which a lit row and column imply.
            for (int pixel = 0; pixel < 16; pixel++)
                if (image[pixel] == 1)
                    Assert.True(Enumerable.Range(0, 4).All(k => image[pixel / 4 * 4 + k] == 1) || Enumerable.Range(0, 4).All(k => image[k * 4 + pixel % 4] == 1));
        }
        double baseRates = BoltzmannMachineDemo.BaseRateLogLikelihood(data);
        foreach (bool persistent in new[] { false, true })
        {
            double reached = BoltzmannMachineDemo.Fit(data, persistent, epochs: 30).LogLikelihoodPerPoint;
            Assert.True(reached > baseRates + 1, $"{(persistent ? "PCD" : "CD")}-1 reached {reached:F3} per point, the base rates {baseRates:F3}");
        }

        var output = new StringWriter();
        BoltzmannMachineDemo.PrintImages([data.Row(0).ToArray(), new double[16]], output);
        Assert.Equal(4, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.EndsWith("   ....", output.ToString().Split('\n')[0].TrimEnd('\r'));
        var filters = new StringWriter();
        BoltzmannMachineDemo.PrintFilters(new RestrictedBoltzmannMachine(new double[16 * 8], new double[16], new double[8]), filters);
        Assert.Equal(4, filters.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
