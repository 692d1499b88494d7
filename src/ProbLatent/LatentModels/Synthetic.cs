using ProbLatent.Data;
using ProbLatent.Modeling;

namespace ProbLatent.LatentModels;

/// <summary>Seeded synthetic data sets for examples and benchmarks, drawn in-process so they need no files.</summary>
public static class Synthetic
{
    /// <summary>
    /// The benchmark mixture: three 2-D Gaussians with weights (0.5, 0.3, 0.2), means (−5, −2), (5, −2), (0, 6) and
    /// covariances [[1, 0.4], [0.4, 0.8]], [[0.7, −0.3], [−0.3, 1.2]], [[1.5, 0], [0, 0.5]] — the distribution of the
    /// shared <c>mixture3_100k.csv</c>, at any size.
    /// </summary>
    public static GaussianMixture ThreeGaussians { get; } = new(
        [0.5, 0.3, 0.2],
        [-5, -2, 5, -2, 0, 6],
        [1, 0.4, 0.4, 0.8, 0.7, -0.3, -0.3, 1.2, 1.5, 0, 0, 0.5],
        dimension: 2, Covariance.Full);

    /// <summary><paramref name="rows"/> points from <see cref="ThreeGaussians"/>.</summary>
    public static DataMatrix ThreeGaussiansData(int rows, int seed = 1)
    {
        var data = ThreeGaussians.Generate(rows, new Random(seed)).Data;
        return new DataMatrix(data.Values.ToArray(), rows, 2, ["x1", "x2"], $"three-gaussians-{rows}");
    }
}
