using ProbLatent.Numerics;

namespace ProbLatent.Autodiff;

/// <summary>
/// A value on a <see cref="Tape"/>: its tensor, and the gradient of the tape's output with respect to it, which the
/// backward pass accumulates. Data and constants do not require a gradient; parameters and everything computed from
/// them do.
/// </summary>
public sealed class Variable
{
    readonly Tape _tape;
    Tensor? _gradient;

    internal Variable(Tape tape, Tensor value, bool requiresGradient, Tensor? gradient = null)
    {
        _tape = tape;
        Value = value;
        RequiresGradient = requiresGradient;
        _gradient = gradient;
    }

    public Tensor Value { get; }
    public bool RequiresGradient { get; }
    public int Rows => Value.Rows;
    public int Columns => Value.Columns;

    /// <summary>True once something has flowed back into this variable.</summary>
    internal bool HasGradient => _gradient is not null;

    /// <summary>The accumulated gradient, allocated (zeroed) on first use.</summary>
    public Tensor Gradient => _gradient ??= _tape.Zeros(Value.Rows, Value.Columns);

    public override string ToString() => $"Variable {Rows}×{Columns}{(RequiresGradient ? " (grad)" : "")}";
}
