using System.Numerics;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// log Z of an RBM by enumerating the states s of its smaller layer, the other summed out in closed form:
/// log Z = log Σₛ exp(αᵀs + Σₖ softplus(γₖ + (sᵀM)ₖ)), with (α, γ, M) = (c, b, Wᵀ) when the hidden layer is the smaller and
/// (b, c, W) otherwise. The states run in blocks of their high bits, on both cores, each block in Gray-code order so
/// that each next state flips one unit and moves the other layer's inputs by one row of M.
/// </summary>
internal static class ExactPartition
{
    const int LowBits = 12;

    public static double LogPartition(RestrictedBoltzmannMachine rbm)
    {
        bool hiddenSmaller = rbm.Hidden <= rbm.Visible;
        int a = hiddenSmaller ? rbm.Hidden : rbm.Visible, b = hiddenSmaller ? rbm.Visible : rbm.Hidden;
        var alpha = (hiddenSmaller ? rbm.HiddenBiases : rbm.VisibleBiases).ToArray();
        var gamma = (hiddenSmaller ? rbm.VisibleBiases : rbm.HiddenBiases).ToArray();
        var coupling = new double[a * b];   // a rows of b: the other layer's inputs from each unit of the enumerated one
        for (int i = 0; i < rbm.Visible; i++)
            for (int j = 0; j < rbm.Hidden; j++)
            {
                double w = rbm.Weights[i * rbm.Hidden + j];
                if (hiddenSmaller) coupling[j * b + i] = w;
                else coupling[i * b + j] = w;
            }
        int low = Math.Min(a, LowBits), high = a - low;
        var blocks = new (double Max, double Sum)[1 << high];
        WorkerPair.For(blocks.Length, (alpha, gamma, coupling, a, b, low, blocks), static (s, start, end) =>
        {
            var inputs = new double[s.b];
            var state = new bool[s.a];
            for (int block = start; block < end; block++)
            {
                Array.Clear(state);
                s.gamma.CopyTo(inputs, 0);
                double linear = 0;
                for (int u = s.low; u < s.a; u++)
                    if ((block >> (u - s.low) & 1) != 0) Flip(u, state, inputs, ref linear, s.alpha, s.coupling, s.b);
                double max = double.NegativeInfinity, sum = 0;
                for (int g = 0; g < 1 << s.low; g++)
                {
                    if (g > 0) Flip(BitOperations.TrailingZeroCount(g), state, inputs, ref linear, s.alpha, s.coupling, s.b);
                    double value = linear;
                    foreach (var x in inputs) value += SpecialFunctions.Softplus(x);
                    if (value > max)
                    {
                        sum = sum * Math.Exp(max - value) + 1;
                        max = value;
                    }
                    else sum += Math.Exp(value - max);
                }
                s.blocks[block] = (max, sum);
            }
        });
        double top = blocks.Max(x => x.Max), total = 0;
        foreach (var (max, sum) in blocks) total += sum * Math.Exp(max - top);
        return top + Math.Log(total);
    }

    static void Flip(int unit, bool[] state, double[] inputs, ref double linear, double[] alpha, double[] coupling, int b)
    {
        double sign = state[unit] ? -1 : 1;
        state[unit] = !state[unit];
        linear += sign * alpha[unit];
        var row = coupling.AsSpan(unit * b, b);
        for (int k = 0; k < b; k++) inputs[k] += sign * row[k];
    }
}
