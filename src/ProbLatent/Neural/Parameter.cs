using ProbLatent.Numerics;

namespace ProbLatent.Neural;

/// <summary>A trainable tensor and the gradient a backward pass accumulates into it; an optimizer reads and clears the gradient.</summary>
public sealed class Parameter
{
    public Parameter(string name, int rows, int columns)
    {
        Name = name;
        Value = new Tensor(rows, columns);
        Gradient = new Tensor(rows, columns);
    }

    /// <summary>Where the parameter sits in its network ("encoder.0.weight"): the key it is saved under.</summary>
    public string Name { get; }
    public Tensor Value { get; }
    public Tensor Gradient { get; }

    public override string ToString() => $"{Name} {Value.Rows}×{Value.Columns}";
}
