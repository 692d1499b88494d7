using ProbLatent;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace BoltzmannMachine;

/// <summary>The pieces of the example, so that a test can run them on a small sample.</summary>
public static class BoltzmannMachineDemo
{
    public const int Side = 4, Bars = 2 * Side, Hidden = 8;

    public static readonly Model Model = ProbLatent.Modeling.Model.Define("bars")
        .Latent("h", Prior.Bernoulli(Hidden))
        .Energy(Energy.Bilinear())
        .Observe("x", Side * Side);

    /// <summary>4×4 images in which each of the 4 rows and 4 columns is a bar, lit with probability 1/4: the classic bars problem.</summary>
    public static DataMatrix Bars4x4(int count, int seed)
    {
        var random = new Random(seed);
        var values = new double[count * Side * Side];
        for (int n = 0; n < count; n++)
            for (int bar = 0; bar < Bars; bar++)
            {
                if (random.NextDouble() >= 0.25) continue;
                for (int k = 0; k < Side; k++)
                {
                    int pixel = bar < Side ? bar * Side + k : k * Side + (bar - Side);
                    values[n * Side * Side + pixel] = 1;
                }
            }
        return new DataMatrix(values, count, Side * Side, source: "bars");
    }

    public static FitResult Fit(DataMatrix data, bool persistent, int epochs) =>
        Model.Compile(Inference.Contrastive(steps: 1, persistent: persistent, epochs: epochs, batchSize: 20, learningRate: 0.05, momentum: 0.5, seed: 1)).Fit(data);

    /// <summary>The independent-pixel model of the data's base rates: the machine with no weights, where training starts.</summary>
    public static double BaseRateLogLikelihood(DataMatrix data)
    {
        double total = 0;
        for (int j = 0; j < data.Columns; j++)
        {
            double on = Enumerable.Range(0, data.Rows).Sum(n => data[n, j]), p = (on + 1) / (data.Rows + 2.0);
            total += on * Math.Log(p) + (data.Rows - on) * Math.Log(1 - p);
        }
        return total / data.Rows;
    }

    /// <summary>Rows of the images side by side, '#' for a pixel on (or probability at least ½), '.' for off.</summary>
    public static void PrintImages(IReadOnlyList<double[]> images, TextWriter output)
    {
        for (int row = 0; row < Side; row++)
            output.WriteLine(string.Join("   ", images.Select(image => string.Concat(Enumerable.Range(0, Side).Select(k => image[row * Side + k] >= 0.5 ? '#' : '.')))));
    }

    /// <summary>What each hidden unit has learned: the image of its weights, '#' where a weight exceeds half the largest.</summary>
    public static void PrintFilters(RestrictedBoltzmannMachine rbm, TextWriter output)
    {
        var filters = Enumerable.Range(0, rbm.Hidden).Select(j =>
        {
            var column = Enumerable.Range(0, rbm.Visible).Select(i => rbm.Weights[i * rbm.Hidden + j]).ToArray();
            double largest = column.Max();
            return column.Select(w => w > largest / 2 ? 1.0 : 0.0).ToArray();
        }).ToArray();
        PrintImages(filters, output);
    }
}
