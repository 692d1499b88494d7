using ProbLatent.LatentModels;
using ProbLatent.Neural;

namespace ProbLatent.Backends.ScoreFunction;

/// <summary>
/// Score-function training of a belief net of any number of layers with MLP encoder factors, on the autodiff tape
/// (<see cref="BeliefNetTapePass"/>). The backward pass differentiates the surrogate scale·Σₖ (gₖ log p(x, hₖ) + sₖ log q(hₖ | x))
/// with the draws held fixed: log p depends on the net's parameters alone and log q on the encoder's, so its gradient
/// is the estimator's for each, every factor of q getting the one learning signal of the whole joint.
/// </summary>
internal sealed class BeliefNetTapeTrainer : BeliefNetTrainer
{
    readonly BeliefNetNetwork _network;
    readonly BeliefNetTapePass _pass;
    readonly (Parameter, string)[] _named;

    /// <summary>A run from small random weights, the decoder's biases at <paramref name="visibleBiases"/> (the data's base rates).</summary>
    public BeliefNetTapeTrainer(int dimension, IReadOnlyList<int> layerBits, IReadOnlyList<int> encoderHidden, int batchSize, double[] visibleBiases,
        ScoreFunctionOptions options) : this(new BeliefNetNetwork(dimension, layerBits, encoderHidden), batchSize, options)
    {
        _network.Initialize(new Random(options.Seed), StartScale, visibleBiases);
    }

    /// <summary>A run from a net and its encoder.</summary>
    public BeliefNetTapeTrainer(BooleanLatentModel start, int batchSize, ScoreFunctionOptions options)
        : this(BeliefNetNetwork.Of(start), batchSize, options)
    {
    }

    BeliefNetTapeTrainer(BeliefNetNetwork network, int batchSize, ScoreFunctionOptions options) : base(network.Dimension, batchSize, options)
    {
        _network = network;
        _pass = new BeliefNetTapePass(network, batchSize, options.Samples);
        _named = [.. network.Parameters.Select(p => (p, $"'{p.Name}'"))];
        Start();
    }

    protected override IBeliefNetPass Pass => _pass;
    protected override IReadOnlyList<(Parameter Parameter, string Name)> Named => _named;

    public override BooleanLatentModel Model() => _network.Model();

    protected override void Backward(int points, float scale)
    {
        var (tape, logJoint, logQ) = _pass.Recorded;
        int draws = points * Options.Samples;
        var model = tape.Scratch(draws, 1);
        var encoder = tape.Scratch(draws, 1);
        for (int s = 0; s < draws; s++)
        {
            model.Data[s] = ModelCoefficients[s] * scale;
            encoder.Data[s] = EncoderCoefficients[s] * scale;
        }
        var surrogate = tape.Add(tape.Sum(tape.Multiply(logJoint, tape.Constant(model))), tape.Sum(tape.Multiply(logQ, tape.Constant(encoder))));
        foreach (var (parameter, _) in _named) parameter.ClearGradient();
        tape.Backward(surrogate);
    }
}
