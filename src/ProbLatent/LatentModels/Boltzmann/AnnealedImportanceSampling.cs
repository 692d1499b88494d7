using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// Annealed importance sampling of an RBM's log Z (Neal 2001; Salakhutdinov and Murray 2008). The intermediate
/// distributions are fₖ(v) = exp((1 − βₖ) b_Aᵀv + βₖ bᵀv) Πⱼ (1 + exp(βₖ (cⱼ + vᵀWⱼ))) for 0 = β₀ &lt; … &lt; β_K = 1, so f₀ is the
/// base-rate RBM, whose Z_A = 2ⁿ Πᵢ (1 + exp(b_Aᵢ)) is exact and which is sampled exactly, and f_K the machine's
/// unnormalised p(v). Each chain starts from f₀, adds log fₖ(v) − log fₖ₋₁(v) to its log weight at each temperature and
/// moves by one Gibbs sweep that leaves fₖ invariant (h from σ(βₖ(c + vW)), then v from σ(βₖ(b + hWᵀ) + (1 − βₖ) b_A));
/// log Ẑ = log Z_A + log mean(exp(log w)). The sweeps' products are float32 on the GEMM — v W, over binary states mostly
/// zeros, as the sums of the rows of W their ones select (the same numbers) — and the weights add up in double.
/// </summary>
internal static class AnnealedImportanceSampling
{
    public static AisEstimate Run(BoltzmannKernel kernel, double[] baseBiases, AisOptions options, CancellationToken cancellation)
    {
        int m = kernel.Visible, n = kernel.Hidden, chains = options.Chains, temperatures = options.Temperatures;
        ulong seed = (ulong)options.Seed;
        var baseFloat = Array.ConvertAll(baseBiases, x => (float)x);
        var biasShift = new double[m];   // b − b_A, the visible term's slope in β
        for (int i = 0; i < m; i++) biasShift[i] = kernel.VisibleBiases[i] - baseBiases[i];
        var v = new float[chains * m];
        var inputs = new float[chains * n];
        var h = new float[chains * n];
        var logWeights = new double[chains];
        var visible = new Tensor(v, chains, m);
        var hiddenInputs = new Tensor(inputs, chains, n);
        var ones = new BinaryPattern();

        ulong stream = 0;
        BoltzmannKernel.StartChains(v, baseFloat, seed, stream++);
        double previous = 0;
        for (int k = 1; k <= temperatures; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            double beta = (double)k / temperatures;
            // x = c + vW, the hidden inputs every term of fₖ and the hidden draw read.
            if (kernel.SumsOnesExactly && ones.TryIndex(visible, Autodiff.Tape.MaxBinaryDensity)) BinaryProduct.Multiply(ones, kernel.WeightTensor, hiddenInputs);
            else Gemm.Multiply(chains, n, m, v, m, false, kernel.Weights, n, false, inputs, n);
            WorkerPair.For(chains, (v, inputs, kernel.HiddenBiases, biasShift, logWeights, m, n, beta, previous), static (s, start, end) =>
            {
                for (int c = start; c < end; c++)
                {
                    var x = s.inputs.AsSpan(c * s.n, s.n);
                    var vc = s.v.AsSpan(c * s.m, s.m);
                    double step = 0, linear = 0;
                    for (int i = 0; i < vc.Length; i++) linear += s.biasShift[i] * vc[i];
                    step += (s.beta - s.previous) * linear;
                    for (int j = 0; j < x.Length; j++)
                    {
                        x[j] += s.HiddenBiases[j];
                        step += SpecialFunctions.Softplus(s.beta * x[j]) - SpecialFunctions.Softplus(s.previous * x[j]);
                    }
                    s.logWeights[c] += step;
                }
            }, minBatch: 1);
            previous = beta;
            if (k == temperatures) break;
            WorkerPair.For(inputs.Length, (inputs, h, (float)beta), static (s, start, end) =>
            {
                for (int i = start; i < end; i++) s.h[i] = 1f / (1f + MathF.Exp(-s.Item3 * s.inputs[i]));
            }, minBatch: 4096);
            BoltzmannKernel.Sample(h, h, h.Length, seed, stream++);
            kernel.VisibleProbabilities(h, chains, v, (float)beta, baseFloat, new BernoulliDraw(v, seed, stream++));
        }

        double baseLogZ = n * Math.Log(2);
        foreach (var bA in baseBiases) baseLogZ += SpecialFunctions.Softplus(bA);
        double top = logWeights.Max(), sum = 0, sumSquares = 0;
        foreach (var lw in logWeights)
        {
            double w = Math.Exp(lw - top);
            sum += w;
            sumSquares += w * w;
        }
        double mean = sum / chains, variance = Math.Max(0, (sumSquares - chains * mean * mean) / (chains - 1));
        return new AisEstimate(baseLogZ + top + Math.Log(mean), Math.Sqrt(variance / chains) / mean, baseLogZ, chains, temperatures, sum * sum / sumSquares);
    }
}
