using System.Numerics.Tensors;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// EM for a sigmoid belief net (one layer of boolean latents or several, h_L → … → h₁ → x). The E step is the exact
/// posterior, by enumeration (<see cref="BooleanLatentModel"/>). The M step is built per part: the top layer's priors
/// in closed form, ρᵢ = (mᵢ + λ) / (N + 2λ) — the MAP value under Beta(1 + λ, 1 + λ), as for a Bernoulli mixture's
/// pixels — and every output of every sigmoid layer by a few damped Newton steps from its current value
/// (<see cref="StateLogisticRegression"/>) under a N(0, 1/λ) prior on each weight and bias, which keeps them finite on
/// separable data (a pixel that is always off would otherwise have its bias go to −∞). No part's objective decreases,
/// so neither does log p(x | θ) + log p(θ): a generalized EM.
/// </summary>
internal sealed class BeliefNetEm : EmAlgorithm
{
    /// <summary>Newton steps per layer output and M step: each M step starts where the last stopped, so few are needed.</summary>
    const int NewtonSteps = 4;

    /// <summary>The spread of the starting weights: large enough that the latents start distinct, small enough that no unit saturates.</summary>
    const double StartScale = 1;

    readonly int[] _bits; // latent layers, top first
    readonly double _lambda;

    /// <param name="bits">The latent layers' sizes, top first.</param>
    /// <param name="regularization">λ > 0: the Beta pseudo-counts on the top priors and the precision of the Gaussian prior on weights and biases.</param>
    public BeliefNetEm(IReadOnlyList<int> bits, double regularization)
    {
        if (!(regularization > 0)) throw new ArgumentOutOfRangeException(nameof(regularization), regularization, "a belief net's EM needs regularization > 0");
        _bits = bits.ToArray();
        _lambda = regularization;
    }

    /// <summary>
    /// Priors ½, Gaussian weights, zero biases between latent layers and the decoder's biases at the logits of the pixels'
    /// (smoothed) frequencies, so the start already explains each pixel's rate and the latents explain what is left.
    /// </summary>
    public override ILatentModel Initialize(DataMatrix data, Random random)
    {
        var (means, _) = SampleMoments.ColumnMoments(data);
        int rows = data.Rows;
        var layers = new SigmoidLayer[_bits.Length];
        for (int k = 0; k < _bits.Length; k++)
        {
            int inputs = _bits[k], outputs = k + 1 < _bits.Length ? _bits[k + 1] : data.Columns;
            var weights = new double[outputs * inputs];
            random.FillGaussian(weights);
            for (int i = 0; i < weights.Length; i++) weights[i] *= StartScale;
            var bias = k + 1 < _bits.Length
                ? new double[outputs]
                : means.Select(m => SpecialFunctions.Logit((m * rows + 1) / (rows + 2))).ToArray();
            layers[k] = new SigmoidLayer(weights, bias, inputs);
        }
        return new BooleanLatentModel(Enumerable.Repeat(0.5, _bits[0]).ToArray(), layers);
    }

    public override (IPosterior Posterior, double LogLikelihood) Expect(ILatentModel model, DataMatrix data)
    {
        var posterior = ((BooleanLatentModel)model).Posterior(data, out double logLikelihood);
        return (posterior, logLikelihood);
    }

    public override ILatentModel Maximize(ILatentModel? current, DataMatrix data, IPosterior posterior)
    {
        var model = (BooleanLatentModel)current!;
        var (bottom, counts) = Statistics(posterior);
        int latentLayers = _bits.Length;
        var layers = new SigmoidLayer[latentLayers];
        layers[^1] = Fit(model.Layers[^1], counts[0], DecoderTargets(data, bottom));
        for (int k = 0; k + 1 < latentLayers; k++)
            layers[latentLayers - 2 - k] = Fit(model.Layers[latentLayers - 2 - k], counts[k + 1],
                LayerTargets(counts[k], ((BeliefNetPosterior)posterior).Conditional(k + 1), _bits[^(k + 1)], _bits[^(k + 2)]));
        return new BooleanLatentModel(TopPriors(counts[^1], data.Rows), layers);
    }

    /// <summary>q(h₁ | xₙ) and the state counts of every layer, bottom first.</summary>
    static (BooleanPosterior Bottom, double[][] Counts) Statistics(IPosterior posterior) => posterior switch
    {
        BeliefNetPosterior net => (net.Bottom, net.StateCounts()),
        BooleanPosterior one => (one, [one.StateCounts()]),
        _ => throw new ArgumentException($"a belief net's M step needs its exact posterior, not a {posterior.GetType().Name}", nameof(posterior)),
    };

    /// <summary>Σₙ q(h₁ = u | xₙ) xₙⱼ for every pixel j and state u, pixel by pixel (d × 2^n₁): the decoder's soft targets.</summary>
    static double[] DecoderTargets(DataMatrix data, BooleanPosterior bottom)
    {
        int states = bottom.States, d = data.Columns;
        // Few blocks: each holds a d × 2^n₁ partial sum.
        int blockSize = Math.Max(RowBlocks.DefaultBlockSize, (data.Rows + 7) / 8);
        return RowBlocks.Accumulate(data.Rows, d * states, (start, end, sums) =>
        {
            for (int n = start; n < end; n++)
            {
                var x = data.Row(n);
                var q = bottom.Row(n);
                for (int j = 0; j < d; j++)
                {
                    if (x[j] == 0) continue;
                    var target = sums.AsSpan(j * states, states);
                    TensorPrimitives.MultiplyAdd(q, x[j], target, target);
                }
            }
        }, blockSize);
    }

    /// <summary>
    /// The soft targets of the layer generating h_k (of <paramref name="lowerBits"/>) from h_{k+1}: for each bit i of h_k
    /// and state s of h_{k+1}, Σᵤ C_k(u) q(s | u) uᵢ, output by output (n_k × 2^n_{k+1}).
    /// </summary>
    static double[] LayerTargets(double[] lowerCounts, ReadOnlySpan<double> conditional, int lowerBits, int upperBits)
    {
        int upper = 1 << upperBits;
        var targets = new double[lowerBits * upper];
        for (int u = 0; u < lowerCounts.Length; u++)
        {
            if (lowerCounts[u] == 0) continue;
            var row = conditional.Slice(u * upper, upper);
            for (int i = 0; i < lowerBits; i++)
                if ((u >> i & 1) != 0) TensorPrimitives.MultiplyAdd(row, lowerCounts[u], targets.AsSpan(i * upper, upper), targets.AsSpan(i * upper, upper));
        }
        return targets;
    }

    /// <summary>Each output of <paramref name="layer"/> improved from its current weights and bias, independently and in parallel.</summary>
    SigmoidLayer Fit(SigmoidLayer layer, double[] inputCounts, double[] targets)
    {
        int n = layer.Inputs, m = layer.Outputs, states = 1 << n;
        var weights = layer.Weights.ToArray();
        var bias = layer.Bias.ToArray();
        // Below a few thousand states × outputs the step is quicker than handing it to another core.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = (long)m * states < 4096 ? 1 : -1 };
        Parallel.For(0, m, parallel, j =>
        {
            var theta = new double[n + 1];
            weights.AsSpan(j * n, n).CopyTo(theta);
            theta[n] = bias[j];
            StateLogisticRegression.Improve(n, inputCounts, targets.AsSpan(j * states, states), _lambda, theta, NewtonSteps);
            theta.AsSpan(0, n).CopyTo(weights.AsSpan(j * n, n));
            bias[j] = theta[n];
        });
        return new SigmoidLayer(weights, bias, n);
    }

    /// <summary>ρᵢ = (mᵢ + λ) / (N + 2λ), with mᵢ the expected number of points whose top bit i is on.</summary>
    double[] TopPriors(double[] topCounts, int rows)
    {
        var on = new double[_bits[0]];
        BooleanPosterior.AddMarginals(topCounts, _bits[0], on);
        return on.Select(m => (m + _lambda) / (rows + 2 * _lambda)).ToArray();
    }

    /// <summary>λ Σᵢ [log ρᵢ + log(1 − ρᵢ)] − λ/2 Σ (weights² + biases²), up to a constant.</summary>
    public override double LogPrior(ILatentModel model)
    {
        var net = (BooleanLatentModel)model;
        double beta = 0, squares = 0;
        foreach (var p in net.Priors) beta += Math.Log(p) + Math.Log(1 - p);
        foreach (var layer in net.Layers)
            squares += TensorPrimitives.SumOfSquares(layer.WeightsSpan) + TensorPrimitives.SumOfSquares(layer.BiasSpan);
        return _lambda * beta - _lambda / 2 * squares;
    }
}
