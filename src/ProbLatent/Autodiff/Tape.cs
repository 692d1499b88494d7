using ProbLatent.Neural;
using ProbLatent.Numerics;

namespace ProbLatent.Autodiff;

/// <summary>
/// Reverse-mode automatic differentiation over float32 tensors. Each operation computes its value at once and, when
/// recording, remembers how to send a gradient back to its inputs; <see cref="Backward"/> replays those steps in
/// reverse. The operations themselves are in the partial files beside this one, grouped by kind.
/// </summary>
/// <remarks>
/// A tape is reused from step to step: <see cref="Reset"/> forgets the operations and recycles their tensors, so a
/// steady training loop allocates no tensor memory. Values returned before a reset must not be used after it.
/// </remarks>
internal sealed partial class Tape
{
    readonly TensorArena _arena = new();
    readonly List<Action> _backward = [];
    readonly List<BinaryPattern> _patterns = [];
    int _nextPattern;

    /// <summary>
    /// 0/1 data with more ones than this share of its values is multiplied densely (<see cref="Data"/>). A selected row
    /// added costs more per element than a multiply-add of the dense product, which reads its operands in a
    /// cache-friendly order: on the benchmark VAE's first layer (<c>BinaryProductBenchmarks</c>) the sparse products
    /// with their indexing take 0.46 of the dense time at 13% ones and 1.76 of it at 50%: they break even near a quarter.
    /// </summary>
    public const double MaxBinaryDensity = 0.25;

    /// <param name="recording">False for evaluation: operations compute values only and nothing can be differentiated.</param>
    public Tape(bool recording = true) => IsRecording = recording;

    public bool IsRecording { get; }

    /// <summary>Data or a constant: no gradient is computed for it.</summary>
    public Variable Constant(Tensor value) => new(this, value, requiresGradient: false);

    /// <summary>
    /// Observed data: a constant, which products taking it as their left operand (<see cref="Linear"/>,
    /// <see cref="Dense"/>, <see cref="MatMul"/>) multiply by adding the rows its ones select when every value is 0 or
    /// 1 and at most <see cref="MaxBinaryDensity"/> of them are ones (binarized images), with the same result — bit for
    /// bit while the sums run over at most 1,024 terms, where the dense product does not cut them into blocks
    /// (<see cref="BinaryProduct"/>). Other data is an ordinary constant.
    /// </summary>
    public Variable Data(Tensor value)
    {
        if (_nextPattern == _patterns.Count) _patterns.Add(new BinaryPattern());
        var pattern = _patterns[_nextPattern];
        if (!pattern.TryIndex(value, MaxBinaryDensity)) return Constant(value);
        _nextPattern++;
        return new(this, value, requiresGradient: false) { Ones = pattern };
    }

    /// <summary>A trainable parameter: its gradient accumulates into <see cref="Parameter.Gradient"/>.</summary>
    public Variable Parameter(Parameter parameter) =>
        IsRecording ? new(this, parameter.Value, requiresGradient: true, parameter) : new(this, parameter.Value, false);

    /// <summary>A fresh differentiable input with its own zeroed gradient (for gradient checks of single operations).</summary>
    public Variable Input(Tensor value) => new(this, value, requiresGradient: IsRecording);

    /// <summary>Storage for the duration of this step, zeroed.</summary>
    public Tensor Zeros(int rows, int columns) => _arena.Zeros(rows, columns);

    /// <summary>Storage for the duration of this step, to be fully overwritten.</summary>
    public Tensor Scratch(int rows, int columns) => _arena.Uninitialized(rows, columns);

    /// <summary>Sends the gradient d output / d output = 1 back through every recorded operation.</summary>
    /// <param name="output">A 1×1 variable: the scalar being differentiated (a loss).</param>
    public void Backward(Variable output)
    {
        if (!IsRecording) throw new InvalidOperationException("this tape does not record operations (it was made for evaluation)");
        if (output.Rows != 1 || output.Columns != 1)
            throw new ArgumentException($"the output of a backward pass must be a scalar, not {output.Rows}×{output.Columns}", nameof(output));
        output.Gradient[0, 0] += 1f;
        for (int i = _backward.Count - 1; i >= 0; i--) _backward[i]();
    }

    /// <summary>Forgets the recorded operations and takes back their tensors.</summary>
    public void Reset()
    {
        _backward.Clear();
        _arena.Reset();
        _nextPattern = 0;
    }

    Variable Result(Tensor value, bool requiresGradient) => new(this, value, requiresGradient && IsRecording);

    /// <summary>Records a backward step for <paramref name="result"/>; it runs only if a gradient reached the result.</summary>
    void OnBackward(Variable result, Action<Tensor> step)
    {
        if (!result.RequiresGradient) return;
        _backward.Add(() =>
        {
            if (result.HasGradient) step(result.Gradient);
        });
    }

    static void CheckSameShape(Variable a, Variable b, string operation)
    {
        if (a.Rows != b.Rows || a.Columns != b.Columns)
            throw new ArgumentException($"{operation}: shapes differ, {a.Rows}×{a.Columns} and {b.Rows}×{b.Columns}");
    }
}
