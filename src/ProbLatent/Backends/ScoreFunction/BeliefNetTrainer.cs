using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Neural;

namespace ProbLatent.Backends.ScoreFunction;

/// <summary>
/// One score-function training run of a sigmoid belief net and its encoder, in float32, with every buffer a minibatch
/// needs made once. A step draws K samples of h per point from the encoder (an <see cref="IBeliefNetPass"/>), lets the
/// estimator turn their log weights into coefficients (<see cref="LearningSignal"/>), and takes one Adam step on − the
/// minibatch's mean objective: the net's gradient Σₖ gₖ ∇θ log p(x, hₖ) and the encoder's Σₖ sₖ ∇φ log q(hₖ | x), which
/// the subclass computes. <see cref="ScoreFunctionTrainer"/> is the hand-fused one-layer net with a linear encoder;
/// <see cref="BeliefNetTapeTrainer"/> any number of layers and MLP encoder factors, on the autodiff tape.
/// </summary>
internal abstract class BeliefNetTrainer
{
    /// <summary>The spread of the net's starting weights: small enough that no unit starts saturated, nonzero so the bits start distinct.</summary>
    protected const double StartScale = 0.01;

    readonly ulong _seed;
    ulong _stream;
    Adam? _adam;

    protected BeliefNetTrainer(int dimension, int batchSize, ScoreFunctionOptions options)
    {
        Options = options;
        _seed = (ulong)options.Seed;
        Signal = LearningSignal.For(options, dimension);
        ModelCoefficients = new float[batchSize * options.Samples];
        EncoderCoefficients = new float[batchSize * options.Samples];
    }

    protected ScoreFunctionOptions Options { get; }
    internal LearningSignal Signal { get; }

    /// <summary>gₖ and sₖ of the last minibatch's draws, point by point.</summary>
    protected float[] ModelCoefficients { get; }
    protected float[] EncoderCoefficients { get; }

    protected abstract IBeliefNetPass Pass { get; }

    /// <summary>The net's and the encoder's parameters, in the order of <see cref="Gradients"/>, each with what a divergence calls it.</summary>
    protected abstract IReadOnlyList<(Parameter Parameter, string Name)> Named { get; }

    /// <summary>The net and encoder as they stand, in double precision.</summary>
    public abstract BooleanLatentModel Model();

    /// <summary>Σₖ gₖ·scale ∇θ log p(x, hₖ) and Σₖ sₖ·scale ∇φ log q(hₖ | x) of the last pass's first <paramref name="points"/> points into the gradients.</summary>
    protected abstract void Backward(int points, float scale);

    /// <summary>The optimizer over the net's, the encoder's and the estimator's parameters; a subclass calls it once its parameters exist.</summary>
    protected void Start() => _adam = new Adam([.. Named.Select(p => p.Parameter), .. Signal.Parameters], Options.LearningRate);

    /// <summary>One minibatch, rows <paramref name="order"/>[start…start + count), and its Adam step.</summary>
    public void Step(DataMatrix data, int[] order, int start, int count, int epoch, int batch)
    {
        Gradient(data, order, start, count, epoch, batch);
        _adam!.Step();
    }

    /// <summary>
    /// The gradient of − the minibatch's mean objective into the parameters' gradients (<see cref="Gradients"/>), without
    /// a step; returns the objective summed over the points.
    /// </summary>
    public double Gradient(DataMatrix data, int[] order, int start, int count, int epoch, int batch)
    {
        Pass.Run(data, order, start, count, _seed, _stream++, training: true);
        int k = Options.Samples, draws = count * k;
        for (int s = 0; s < draws; s++)
            if (!float.IsFinite(Pass.LogWeights[s]))
                throw Diverged(epoch, batch, $"the log weight of a draw for row {order[start + s / k] + 1} is {Pass.LogWeights[s]}");
        float scale = -1f / count;
        double objective = Signal.Assign(Pass, count, ModelCoefficients, EncoderCoefficients, scale);
        Backward(count, scale);
        foreach (var (parameter, name) in Named)
            foreach (var g in parameter.Gradient.Span)
                if (!float.IsFinite(g)) throw Diverged(epoch, batch, $"the gradient of {name} is NaN or infinite");
        return objective;
    }

    /// <summary>The last <see cref="Gradient"/>'s values, parameter by parameter in the order of <see cref="Named"/>.</summary>
    internal float[][] Gradients => [.. Named.Select(p => p.Parameter.Gradient.Span.ToArray())];

    ScoreFunctionDivergedException Diverged(int epoch, int batch, string what) => new(epoch, batch,
        $"{what}; lower the learning rate ({Options.LearningRate}); the net before this minibatch is kept (LastGood)", Model());

    /// <summary>The estimator's objective (VIMCO's K-sample bound, NVIL's ELBO) averaged over <paramref name="rows"/>, from draws that are the same every call.</summary>
    public double Monitor(DataMatrix data, int[] rows)
    {
        double sum = 0;
        for (int start = 0, pass = 0; start < rows.Length; start += Pass.MaxPoints, pass++)
        {
            int count = Math.Min(Pass.MaxPoints, rows.Length - start);
            Pass.Run(data, rows, start, count, _seed, ulong.MaxValue - (ulong)pass, training: false);
            sum += Signal.Objective(Pass, count);
        }
        return sum / rows.Length;
    }

    /// <summary>The trainer for a net of these layers (top first) and encoder factors' hidden widths, from small random weights.</summary>
    public static BeliefNetTrainer Create(int dimension, IReadOnlyList<int> layerBits, IReadOnlyList<int> encoderHidden, int batchSize,
        double[] visibleBiases, ScoreFunctionOptions options) =>
        layerBits.Count == 1 && encoderHidden.Count == 0
            ? new ScoreFunctionTrainer(dimension, layerBits[0], batchSize, visibleBiases, options)
            : new BeliefNetTapeTrainer(dimension, layerBits, encoderHidden, batchSize, visibleBiases, options);

    /// <summary>The trainer that starts from a net and its encoder (the gradient properties start it where they enumerate).</summary>
    public static BeliefNetTrainer From(BooleanLatentModel start, int batchSize, ScoreFunctionOptions options) =>
        start.Layers.Count == 1 && start.Encoder is { IsLinear: true }
            ? new ScoreFunctionTrainer(start, batchSize, options)
            : new BeliefNetTapeTrainer(start, batchSize, options);
}
