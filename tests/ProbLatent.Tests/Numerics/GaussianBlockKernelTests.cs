using ProbLatent.Backends.Em;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Cli.Commands;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.Tests.Numerics;

/// <summary>
/// The block kernels of a Gaussian mixture's E step and statistics (WhitenedGaussians, GaussianEStep, MixtureMoments.AddColumns)
/// against the kernels the library had before them (ReferenceMixtureSweeps, the bench's baseline): EM's iteration to rounding,
/// VMP's log messages bit for bit, and a point's value the same whichever block it is in.
/// </summary>
public class GaussianBlockKernelTests
{
    // Rows not a multiple of the SIMD width or of a block, so every tail is exercised.
    const int Rows = 1283;

    static readonly GaussianMixture Mixture = new([0.45, 0.35, 0.2], [-4, -1.5, 4.5, -2.5, 0.5, 5],
        [1.2, 0.3, 0.3, 0.9, 0.8, -0.2, -0.2, 1.1, 1.4, 0.1, 0.1, 0.6], 2, Covariance.Full);

    static DataMatrix Data() => Synthetic.ThreeGaussiansData(Rows, seed: 7);

    static void Close(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected:R}, got {actual:R}");

    static (double[] Weights, double[] Means, double[] Covariances) Parameters() =>
        (Mixture.Weights.ToArray(), Mixture.MeansFlat.ToArray(), Mixture.CovariancesFlat.ToArray());

    [Fact]
    public void The_block_E_step_gives_the_reference_posterior_and_log_likelihood_to_rounding()
    {
        var data = Data();
        var (weights, means, covariances) = Parameters();
        var reference = ReferenceMixtureSweeps.EmIteration(weights, means, covariances, 2, data.Values.ToArray());
        var probabilities = Mixture.PosteriorProbabilities(data, out double logLikelihood);
        Close(reference.LogLikelihood, logLikelihood, 1e-13, "log p(x)");
        for (int i = 0; i < probabilities.Length; i++) Close(reference.Responsibilities[i], probabilities[i], 1e-13, $"r[{i}]");
        var points = Mixture.PointLogLikelihoods(data);
        Close(reference.LogLikelihood, points.Sum(), 1e-13, "Σ log p(xₙ)");
    }

    [Fact]
    public void One_pass_statistics_give_the_reference_two_pass_M_step_to_rounding()
    {
        var data = Data();
        var (weights, means, covariances) = Parameters();
        var reference = ReferenceMixtureSweeps.EmIteration(weights, means, covariances, 2, data.Values.ToArray());
        var em = (GaussianMixtureEm)new GaussianMixtureEm(3, Covariance.Full, 0, MixturePriors.None).For(data);
        var sums = em.Statistics(Mixture, data);
        Close(reference.LogLikelihood, sums.LogLikelihood, 1e-13, "log p(x)");
        var counts = sums.Counts.ToArray();
        var scatter = MixtureScatter.FromSums(sums, counts, full: true, countFloor: 0);
        for (int c = 0; c < 3; c++) Close(reference.Counts[c], counts[c], 1e-12, $"N[{c}]");
        for (int i = 0; i < reference.Means.Length; i++) Close(reference.Means[i], scatter.Means[i], 1e-12, $"mean[{i}]");
        for (int i = 0; i < reference.Scatters.Length; i++) Close(reference.Scatters[i], scatter.Scatters[i], 1e-11, $"scatter[{i}]");
    }

    [Fact]
    public void The_VMP_gate_form_gives_the_reference_messages_bit_for_bit_and_its_statistics_to_rounding()
    {
        var data = Data();
        var (weights, means, covariances) = Parameters();
        int k = 3, d = 2, dd = 4, n = data.Rows;
        var precisions = new double[k * dd];
        var meanCovariances = new double[k * dd];
        var logDeterminants = new double[k];
        var whitened = new WhitenedGaussians(k, d, full: true, upper: true, centred: false, offsets: true);
        for (int c = 0; c < k; c++)
        {
            var factor = Mixture.CovarianceFactor(c);
            factor.Inverse().CopyTo(precisions, c * dd);
            for (int i = 0; i < dd; i++) meanCovariances[c * dd + i] = covariances[c * dd + i] / 50;
            logDeterminants[c] = -factor.LogDeterminant();
            var lower = Cholesky.Factor(precisions.AsSpan(c * dd, dd), d).Lower;
            double trace = 0;
            for (int i = 0; i < dd; i++) trace += precisions[c * dd + i] * meanCovariances[c * dd + i];
            for (int i = 0; i < d; i++)
            {
                double y = 0;
                for (int j = i; j < d; j++)
                {
                    whitened.Transforms[c * dd + i * d + j] = lower[j * d + i];
                    y += lower[j * d + i] * means[c * d + j];
                }
                whitened.Offsets[c * d + i] = y;
            }
            whitened.Constants[c] = 0.5 * (logDeterminants[c] - d * SpecialFunctions.Log2Pi - trace);
        }
        var logWeights = weights.Select(w => Math.Log(w)).ToArray();
        var columns = new double[n * d];
        for (int j = 0; j < d; j++)
            for (int r = 0; r < n; r++) columns[j * n + r] = data[r, j];
        var reference = ReferenceMixtureSweeps.VmpPass(precisions, means, meanCovariances, logDeterminants, logWeights, d, columns);

        var probabilities = new double[n * k];
        double entropy = 0;
        var counts = new double[k];
        var sums = new double[k * d];
        var second = new double[k * dd];
        for (int start = 0; start < n; start += RowBlocks.DefaultBlockSize)
        {
            int rows = Math.Min(RowBlocks.DefaultBlockSize, n - start);
            var block = probabilities.AsSpan(start * k, rows * k);
            whitened.AddLogDensities(columns, n, start, rows, block, k, 1);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < k; c++) block[r * k + c] += logWeights[c];
            entropy += DiscretePlateNode.Softmax(block, k);
            MixtureMoments.AddColumns(columns, n, start, rows, d, block, k, [], counts, sums, second, MixtureMoments.Second.LowerTriangle);
        }
        MixtureMoments.MirrorLowerTriangles(second, k, d);
        Assert.Equal(reference.Responsibilities, probabilities);
        Close(reference.Entropy, entropy, 1e-13, "H[q]");
        for (int c = 0; c < k; c++) Close(reference.Counts[c], counts[c], 1e-12, $"N[{c}]");
        for (int i = 0; i < sums.Length; i++) Close(reference.Sums[i], sums[i], 1e-12, $"Σrx[{i}]");
        for (int i = 0; i < second.Length; i++) Close(reference.Scatters[i], second[i], 1e-12, $"Σrxxᵀ[{i}]");
    }

    [Theory]
    [InlineData(Covariance.Full)]
    [InlineData(Covariance.Diagonal)]
    public void A_points_log_likelihood_does_not_depend_on_its_block(Covariance covariance)
    {
        var data = Data();
        var mixture = covariance == Covariance.Full ? Mixture
            : new GaussianMixture([0.45, 0.35, 0.2], Mixture.MeansFlat.ToArray(), [1.2, 0.9, 0.8, 1.1, 1.4, 0.6], 2, Covariance.Diagonal);
        var whole = mixture.PointLogLikelihoods(data);
        for (int n = 0; n < Rows; n += 97)
        {
            var one = new DataMatrix(data.Row(n).ToArray(), 1, 2);
            Assert.Equal(whole[n], mixture.PointLogLikelihoods(one)[0]);
            var q = (DiscretePosterior)mixture.Posterior(one);
            Assert.Equal(mixture.PosteriorProbabilities(data, out _).AsSpan(n * 3, 3).ToArray(), q.Row(0).ToArray());
        }
    }
}
