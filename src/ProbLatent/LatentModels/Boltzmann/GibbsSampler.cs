using ProbLatent.Data;

namespace ProbLatent.LatentModels;

/// <summary>
/// Draws from an RBM by block Gibbs sampling: chains started from the visible biases' own Bernoullis, each sweep drawing
/// h from p(h | v) and then v from p(v | h); after the burn-in every chain gives a sample each <see cref="GibbsOptions.Thinning"/>
/// sweeps, the chains in turn, until the count is reached. A sample is the visible state and the hidden state it was drawn from.
/// </summary>
internal static class GibbsSampler
{
    public static GeneratedData Run(RestrictedBoltzmannMachine rbm, int count, GibbsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var kernel = BoltzmannKernel.Of(rbm);
        int m = rbm.Visible, n = rbm.Hidden, chains = Math.Min(options.Chains, count);
        ulong seed = (ulong)options.Seed, stream = 0;
        var v = new float[chains * m];
        var h = new float[chains * n];
        BoltzmannKernel.StartChains(v, kernel.VisibleBiases, seed, stream++);

        void Sweep()
        {
            kernel.HiddenProbabilities(v, chains, h, draw: new BernoulliDraw(h, seed, stream++));
            kernel.VisibleProbabilities(h, chains, v, draw: new BernoulliDraw(v, seed, stream++));
        }

        for (int t = 0; t < options.BurnIn; t++) Sweep();
        var visible = new double[(long)count * m];
        var hidden = new double[(long)count * n];
        int taken = 0;
        while (taken < count)
        {
            for (int t = 0; t < options.Thinning; t++) Sweep();
            for (int c = 0; c < chains && taken < count; c++, taken++)
            {
                for (int i = 0; i < m; i++) visible[(long)taken * m + i] = v[c * m + i];
                for (int j = 0; j < n; j++) hidden[(long)taken * n + j] = h[c * n + j];
            }
        }
        return new GeneratedData(
            new DataMatrix(visible, count, m, null, "Gibbs samples"),
            new DataMatrix(hidden, count, n, GeneratedData.LatentNames(n, "h"), "Gibbs samples' hidden units"));
    }
}
