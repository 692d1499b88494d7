using ProbLatent.Autodiff;

namespace ProbLatent.Neural;

/// <summary>A dense layer y = x W + b, W stored in × out so the forward product needs no transpose.</summary>
internal sealed class Dense
{
    public Dense(string name, int inputs, int outputs)
    {
        if (inputs < 1 || outputs < 1) throw new ArgumentOutOfRangeException(nameof(inputs), $"a dense layer cannot be {inputs}→{outputs}");
        Weight = new Parameter($"{name}.weight", inputs, outputs);
        Bias = new Parameter($"{name}.bias", 1, outputs);
    }

    public Parameter Weight { get; }
    public Parameter Bias { get; }
    public int Inputs => Weight.Value.Rows;
    public int Outputs => Weight.Value.Columns;

    public IEnumerable<Parameter> Parameters => [Weight, Bias];

    /// <summary>Initialises the weights for the activation that follows (Glorot or He), the bias at zero.</summary>
    public void Initialize(Nonlinearity following, Random random)
    {
        Initialization.Weights(Weight.Value, following, random);
        Bias.Value.Clear();
    }

    public Variable Forward(Tape tape, Variable x) => tape.Linear(x, tape.Parameter(Weight), tape.Parameter(Bias));

    /// <summary>The layer followed by an activation, fused where the tape can (<see cref="Tape.Dense"/>).</summary>
    public Variable Forward(Tape tape, Variable x, Nonlinearity nonlinearity) =>
        tape.Dense(x, tape.Parameter(Weight), tape.Parameter(Bias), nonlinearity);
}
