using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.Backends.Contrastive;

public class RestrictedBoltzmannMachineTests
{
    internal static RestrictedBoltzmannMachine Random(Random random, int visible, int hidden, double spread = 1)
    {
        double Draw() => (random.NextDouble() * 2 - 1) * spread;
        return new RestrictedBoltzmannMachine(
            Enumerable.Range(0, visible * hidden).Select(_ => Draw()).ToArray(),
            Enumerable.Range(0, visible).Select(_ => Draw()).ToArray(),
            Enumerable.Range(0, hidden).Select(_ => Draw()).ToArray());
    }

    [Fact]
    public void The_hidden_probabilities_of_sparse_binary_rows_by_their_ones_are_the_dense_product_s_bit_for_bit()
    {
        var random = new Random(5);
        var kernel = BoltzmannKernel.Of(Random(random, 784, 37, 0.3));
        const int rows = 23;
        var v = new float[rows * 784];
        for (int i = 0; i < v.Length; i++) v[i] = random.NextDouble() < 0.13 ? 1 : 0;
        var dense = new float[rows * 37];
        kernel.HiddenProbabilities(v, rows, dense);
        var ones = new ProbLatent.Numerics.BinaryPattern();
        Assert.True(kernel.SumsOnesExactly);
        Assert.True(ones.TryIndex(new ProbLatent.Numerics.Tensor(v, rows, 784), 0.25));
        var sparse = new ProbLatent.Numerics.Tensor(rows, 37);
        kernel.HiddenProbabilities(ones, sparse);
        Assert.Equal(dense.Select(BitConverter.SingleToInt32Bits), sparse.Data.Select(BitConverter.SingleToInt32Bits));
    }

    static double[] Bits(int state, int count) => Enumerable.Range(0, count).Select(i => (double)(state >> i & 1)).ToArray();

    /// <summary>−E(v, h) = vᵀW h + bᵀv + cᵀh, written out from the definition.</summary>
    static double NegativeEnergy(RestrictedBoltzmannMachine rbm, double[] v, double[] h)
    {
        double e = 0;
        for (int i = 0; i < rbm.Visible; i++)
        {
            e += rbm.VisibleBiases[i] * v[i];
            for (int j = 0; j < rbm.Hidden; j++) e += v[i] * rbm.Weights[i * rbm.Hidden + j] * h[j];
        }
        for (int j = 0; j < rbm.Hidden; j++) e += rbm.HiddenBiases[j] * h[j];
        return e;
    }

    /// <summary>log Z by summing exp(−E) over every joint state, the brute force the enumeration of one layer avoids.</summary>
    internal static double BruteLogPartition(RestrictedBoltzmannMachine rbm)
    {
        var terms = new List<double>();
        for (int v = 0; v < 1 << rbm.Visible; v++)
            for (int h = 0; h < 1 << rbm.Hidden; h++) terms.Add(NegativeEnergy(rbm, Bits(v, rbm.Visible), Bits(h, rbm.Hidden)));
        double max = terms.Max();
        return max + Math.Log(terms.Sum(t => Math.Exp(t - max)));
    }

    [Theory]
    [InlineData(3, 5)]
    [InlineData(6, 2)]
    [InlineData(14, 1)]
    [InlineData(1, 14)]
    public void Log_Z_by_the_smaller_layer_is_the_sum_over_every_joint_state(int visible, int hidden)
    {
        var rbm = Random(new Random(visible * 31 + hidden), visible, hidden, spread: 1.5);
        Assert.Equal(BruteLogPartition(rbm), rbm.LogPartition, 1e-10);
    }

    [Fact]
    public void Log_p_of_every_visible_state_sums_to_one_and_the_exact_posterior_s_ELBO_is_log_p()
    {
        var rbm = Random(new Random(3), 4, 3, spread: 2);
        var all = new DataMatrix(Enumerable.Range(0, 16).SelectMany(s => Bits(s, 4)).ToArray(), 16, 4);
        var logP = rbm.PointLogLikelihoods(all);
        Assert.Equal(1, logP.Sum(Math.Exp), 1e-12);
        var elbo = rbm.Elbo(all, rbm.Posterior(all));
        Assert.Equal(logP.Sum(), elbo.Value, 1e-9);
        // A q other than p(h | v) falls short of log p(v) by its KL from it.
        var other = new FactorizedBooleanPosterior(Enumerable.Repeat(0.3, 16 * 3).ToArray(), 16, 3);
        Assert.Equal(logP.Sum() - other.KlDivergence(rbm.Posterior(all)), rbm.Elbo(all, other).Value, 1e-9);
    }

    [Fact]
    public void P_h_given_v_is_the_ratio_of_joints_and_the_pseudo_likelihood_is_m_times_a_conditional()
    {
        var rbm = Random(new Random(5), 3, 2, spread: 2);
        var v = new double[] { 1, 0, 1 };
        var data = new DataMatrix(v, 1, 3);
        var p = rbm.HiddenProbabilities(data);
        double on = Math.Exp(NegativeEnergy(rbm, v, [1, 0])) + Math.Exp(NegativeEnergy(rbm, v, [1, 1]));
        double all = Enumerable.Range(0, 4).Sum(h => Math.Exp(NegativeEnergy(rbm, v, Bits(h, 2))));
        Assert.Equal(on / all, p[0], 1e-12);

        // Whichever unit the seed flips, the score is m log p(vᵢ | v₋ᵢ), written out from the joint over v.
        var logP = rbm.PointLogLikelihoods(new DataMatrix(Enumerable.Range(0, 8).SelectMany(s => Bits(s, 3)).ToArray(), 8, 3));
        double[] conditionals = Enumerable.Range(0, 3).Select(i =>
        {
            int state = 0b101, flipped = state ^ (1 << i);
            return 3 * (logP[state] - Math.Log(Math.Exp(logP[state]) + Math.Exp(logP[flipped])));
        }).ToArray();
        for (int seed = 0; seed < 10; seed++)
            Assert.Contains(conditionals, c => Math.Abs(c - rbm.PseudoLogLikelihoods(data, seed)[0]) < 1e-12);
    }

    [Fact]
    public void The_posterior_computes_p_h_given_v_when_first_read_and_gives_the_hidden_probabilities()
    {
        var rbm = Random(new Random(8), 10, 200);
        var data = new DataMatrix(Enumerable.Range(0, 2000 * 10).Select(i => (double)(i * 7919 % 13 % 2)).ToArray(), 2000, 10);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var posterior = Assert.IsType<FactorizedBooleanPosterior>(rbm.Posterior(data));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 2000 * 200 * sizeof(double) / 10);
        var expected = rbm.HiddenProbabilities(data);
        Assert.Equal(expected, posterior.Means());
        Assert.Equal(expected.AsSpan(5 * 200, 200).ToArray(), posterior.Probabilities(5).ToArray());
        Assert.Equal(2000, posterior.Count);
        Assert.Throws<DataException>(() => rbm.Posterior(new DataMatrix([0, 1, 0.5, 0, 1, 0, 1, 0, 1, 1], 1, 10)));
    }

    [Fact]
    public void Exact_log_Z_beyond_twenty_units_in_the_smaller_layer_is_refused_pointing_to_AIS()
    {
        var rbm = new RestrictedBoltzmannMachine(new double[21 * 21], new double[21], new double[21]);
        Assert.False(rbm.HasExactPartition);
        var refusal = Assert.Throws<ModelDefinitionException>(() => rbm.LogPartition);
        Assert.Contains("21 units", refusal.Message);
        Assert.Contains("EstimateLogPartition", refusal.Message);
        // With no weights log Z is exact in closed form: 21 log 2 for each layer; AIS finds it with no error.
        var estimate = rbm.EstimateLogPartition(new AisOptions { Chains = 10, Temperatures = 10 });
        Assert.Equal(42 * Math.Log(2), estimate.LogPartition, 1e-9);
    }

    [Fact]
    public void AIS_on_a_small_machine_agrees_with_enumeration_within_four_standard_errors()
    {
        var rbm = Random(new Random(11), 10, 8, spread: 1);
        var data = new DataMatrix(Enumerable.Range(0, 50).SelectMany(s => Bits(s * 37 % 1024, 10)).ToArray(), 50, 10);
        var estimate = rbm.EstimateLogPartition(new AisOptions { Chains = 100, Temperatures = 1000, Seed = 1 }, data);
        Assert.InRange(estimate.LogPartition - rbm.LogPartition, -4 * estimate.StandardError - 1e-4, 4 * estimate.StandardError + 1e-4);
        Assert.InRange(estimate.StandardError, 1e-6, 0.1);
    }

    [Fact]
    public void Non_binary_data_is_refused_naming_row_and_column()
    {
        var rbm = Random(new Random(1), 3, 2);
        var data = new DataMatrix([0, 1, 0, 1, 0.5, 1], 2, 3);
        var refusal = Assert.Throws<DataException>(() => rbm.FreeEnergies(data));
        Assert.Contains("row 1,", refusal.Message);
        Assert.Contains("column 1", refusal.Message);
    }
}
