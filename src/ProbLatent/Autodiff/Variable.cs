using ProbLatent.Neural;
using ProbLatent.Numerics;

namespace ProbLatent.Autodiff;

/// <summary>
/// A value on a <see cref="Tape"/>: its tensor, and the gradient of the tape's output with respect to it, which the
/// backward pass accumulates. Data and constants do not require a gradient; parameters and everything computed from
/// them do.
/// </summary>
internal sealed class Variable
{
    readonly Tape _tape;
    readonly Parameter? _parameter;
    Tensor? _gradient;

    internal Variable(Tape tape, Tensor value, bool requiresGradient, Parameter? parameter = null)
    {
        _tape = tape;
        Value = value;
        RequiresGradient = requiresGradient;
        _parameter = parameter;
    }

    public Tensor Value { get; }
    public bool RequiresGradient { get; }

    /// <summary>Where the ones are, for data whose values are all 0 or 1 (<see cref="Tape.Data"/>); null otherwise.</summary>
    internal BinaryPattern? Ones { get; init; }
    public int Rows => Value.Rows;
    public int Columns => Value.Columns;

    /// <summary>True once something has flowed back into this variable.</summary>
    internal bool HasGradient => _gradient is not null || _parameter is not null;

    /// <summary>The accumulated gradient, allocated (zeroed) on first use; a parameter's own gradient.</summary>
    public Tensor Gradient => _parameter?.Gradient ?? (_gradient ??= _tape.Zeros(Value.Rows, Value.Columns));

    /// <summary>
    /// The gradient, for a backward step to send its contribution into. When <paramref name="overwrite"/> is true this
    /// is the first contribution and the storage holds no zeros: the step must write every element rather than add.
    /// Steps whose contribution covers only part of the gradient use <see cref="Gradient"/>.
    /// </summary>
    internal Tensor GradientFor(out bool overwrite)
    {
        if (_parameter is not null) return _parameter.GradientFor(out overwrite);
        overwrite = _gradient is null;
        return _gradient ??= _tape.Scratch(Value.Rows, Value.Columns);
    }

    public override string ToString() => $"Variable {Rows}×{Columns}{(RequiresGradient ? " (grad)" : "")}";
}
