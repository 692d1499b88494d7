using ProbLatent.Numerics;

namespace ProbLatent.Neural;

/// <summary>A trainable tensor and the gradient a backward pass accumulates into it; an optimizer reads and clears the gradient.</summary>
internal sealed class Parameter
{
    readonly Tensor _gradient;
    // Cleared lazily: a network's backward pass writes each parameter's gradient once, so its first contribution can
    // overwrite the stale values instead of adding to zeros written just before (a whole pass over every parameter).
    bool _clearPending;

    public Parameter(string name, int rows, int columns)
    {
        Name = name;
        Value = new Tensor(rows, columns);
        _gradient = new Tensor(rows, columns);
    }

    /// <summary>Where the parameter sits in its network ("encoder.0.weight"): the key it is saved under.</summary>
    public string Name { get; }
    public Tensor Value { get; }

    /// <summary>The gradient accumulated since it was last cleared.</summary>
    public Tensor Gradient
    {
        get
        {
            if (_clearPending)
            {
                _gradient.Clear();
                _clearPending = false;
            }
            return _gradient;
        }
    }

    /// <summary>Sets the gradient to zero. The zeros are written only if the gradient is read before a backward pass overwrites it.</summary>
    public void ClearGradient() => _clearPending = true;

    /// <summary>
    /// The gradient, for a backward step to send its contribution into; <paramref name="overwrite"/> is true when the
    /// gradient is cleared, and the step must then write every element instead of adding.
    /// </summary>
    internal Tensor GradientFor(out bool overwrite)
    {
        overwrite = _clearPending;
        _clearPending = false;
        return _gradient;
    }

    public override string ToString() => $"{Name} {Value.Rows}×{Value.Columns}";
}
