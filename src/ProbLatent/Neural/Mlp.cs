using ProbLatent.Autodiff;

namespace ProbLatent.Neural;

/// <summary>
/// A multilayer perceptron: dense layers of the given widths with a nonlinearity after each hidden layer and none after
/// the last (it produces a likelihood's or a distribution's parameters).
/// </summary>
internal sealed class Mlp
{
    /// <param name="widths">Input, hidden and output widths: [784, 200, 200, 100] is two hidden layers of 200.</param>
    public Mlp(string name, IReadOnlyList<int> widths, Nonlinearity nonlinearity)
    {
        if (widths.Count < 2) throw new ArgumentException("an MLP needs at least an input and an output width", nameof(widths));
        Layers = Enumerable.Range(0, widths.Count - 1).Select(i => new Dense($"{name}.{i}", widths[i], widths[i + 1])).ToArray();
        Nonlinearity = nonlinearity;
    }

    public IReadOnlyList<Dense> Layers { get; }
    public Nonlinearity Nonlinearity { get; }
    public int Inputs => Layers[0].Inputs;
    public int Outputs => Layers[^1].Outputs;

    public IEnumerable<Parameter> Parameters => Layers.SelectMany(l => l.Parameters);

    public void Initialize(Random random)
    {
        for (int i = 0; i < Layers.Count; i++)
            Layers[i].Initialize(i < Layers.Count - 1 ? Nonlinearity : Nonlinearity.Identity, random);
    }

    public Variable Forward(Tape tape, Variable x)
    {
        for (int i = 0; i < Layers.Count - 1; i++) x = Layers[i].Forward(tape, x, Nonlinearity);
        return Layers[^1].Forward(tape, x);
    }
}
