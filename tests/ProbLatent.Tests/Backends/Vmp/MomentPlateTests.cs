using ProbLatent.Backends.Vmp;
using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Tests.Backends.Vmp;

/// <summary>
/// A Gaussian plate over the data's moments: the sums it gives its factors from N, x̄ and S alone equal the sums over every
/// row of its q(zₙ) means, taken one row at a time, under random messages; its means are S times the messages' sums.
/// </summary>
public class MomentPlateTests
{
    /// <summary>A message of fixed precision and precision-times-mean map, keeping the sums the plate gives it.</summary>
    sealed class FixedMessage(double[] precision, double[] linear, double[] constant) : Factor("fixed"), IMomentPlateFactor
    {
        public PlateMeanSums? Sums { get; private set; }

        public void BeginPass(VectorGaussianPlateNode plate, Span<double> p)
        {
            for (int i = 0; i < p.Length; i++) p[i] += precision[i];
        }

        public void AddPrecisionMeanMap(VectorGaussianPlateNode plate, Span<double> l, Span<double> c)
        {
            for (int i = 0; i < l.Length; i++) l[i] += linear[i];
            for (int i = 0; i < c.Length; i++) c[i] += constant[i];
        }

        public void EndPass(VectorGaussianPlateNode plate, PlateMeanSums sums) => Sums = sums;

        public override double AverageLog() => 0;
    }

    static double[] Draw(Random random, int length, double scale, double centre = 0) =>
        Enumerable.Range(0, length).Select(_ => centre + scale * random.NextGaussian()).ToArray();

    [Theory]
    [InlineData(1, 1, 0.0)]
    [InlineData(2, 5, 0.0)]
    [InlineData(3, 4, 100.0)]
    public void TheSumsFromTheMomentsAreTheSumsOverTheRows(int q, int d, double centre)
    {
        var random = new Random(q * 10 + d);
        for (int trial = 0; trial < 20; trial++)
        {
            int n = 5 + random.Next(60);
            var data = new DataMatrix(Draw(random, n * d, 3, centre), n, d);
            var plate = new VectorGaussianPlateNode("z", DataMoments.Of(data), q);
            var a = Draw(random, q * q, 1);
            var precision = new double[q * q];
            for (int i = 0; i < q; i++)
                for (int j = 0; j < q; j++)
                    for (int k = 0; k < q; k++) precision[i * q + j] += a[i * q + k] * a[j * q + k];
            var linear = Draw(random, d * q, 2);
            var constant = Draw(random, q, 5);
            var message = new FixedMessage(precision, linear, constant);
            var prior = new StandardNormalPlatePriorFactor("prior", plate);
            var graph = new FactorGraph();
            graph.AddPlate(plate);
            graph.Connect(prior, plate);
            graph.Connect(message, plate);
            plate.Update();

            var means = plate.MeansOf(data);
            var inverse = Cholesky.Factor(plate.Precision, q).Inverse();
            var sumMeans = new double[q];
            var sumMeansData = new double[q * d];
            var sumSquares = new double[q * q];
            for (int r = 0; r < n; r++)
            {
                var x = data.Row(r);
                var m = means.AsSpan(r * q, q);
                // mₙ = S (Lxₙ + h₀), the prior adding no precision-times-mean.
                for (int i = 0; i < q; i++)
                {
                    double expected = 0;
                    for (int j = 0; j < q; j++)
                    {
                        double h = constant[j];
                        for (int k = 0; k < d; k++) h += linear[k * q + j] * x[k];
                        expected += inverse[i * q + j] * h;
                    }
                    StreamedFitData.Close(expected, m[i], $"m[{r}, {i}]", 1e-10);
                    sumMeans[i] += m[i];
                    for (int k = 0; k < d; k++) sumMeansData[i * d + k] += m[i] * x[k];
                    for (int j = 0; j < q; j++) sumSquares[i * q + j] += m[i] * m[j];
                }
            }
            var sums = message.Sums!;
            for (int i = 0; i < q; i++) Near(sumMeans[i], sums.Means[i], "Σ m");
            for (int i = 0; i < q * d; i++) Near(sumMeansData[i], sums.MeansTimesData[i], "Σ m xᵀ");
            for (int i = 0; i < q * q; i++) Near(sumSquares[i], sums.MeanSquares[i], "Σ m mᵀ");
            Near(sumSquares.Where((_, i) => i % (q + 1) == 0).Sum(), sums.SquaredNorms, "Σ ‖m‖²");
        }

        // Rows far from the origin make the sums large and nearly cancelling: each is compared in units of its row sums' size.
        void Near(double expected, double actual, string what) =>
            Assert.True(Math.Abs(expected - actual) <= 1e-10 * (1 + Math.Abs(expected)), $"{what}: {actual:R} is not {expected:R}");
    }
}
