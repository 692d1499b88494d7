using System.Numerics.Tensors;
using ProbLatent.Numerics;
using Tensor = ProbLatent.Numerics.Tensor;

namespace ProbLatent.Autodiff;

public sealed partial class Tape
{
    /// <summary>A·B.</summary>
    public Variable MatMul(Variable a, Variable b)
    {
        if (a.Columns != b.Rows) throw new ArgumentException($"MatMul: {a.Rows}×{a.Columns} times {b.Rows}×{b.Columns}");
        var y = Result(Scratch(a.Rows, b.Columns), a.RequiresGradient || b.RequiresGradient);
        Gemm.Multiply(a.Value, false, b.Value, false, y.Value);
        OnBackward(y, dy =>
        {
            if (a.RequiresGradient) Gemm.Multiply(dy, false, b.Value, true, a.Gradient, accumulate: true);
            if (b.RequiresGradient) Gemm.Multiply(a.Value, true, dy, false, b.Gradient, accumulate: true);
        });
        return y;
    }

    /// <summary>Adds the 1×n row <paramref name="bias"/> to every row of <paramref name="x"/>.</summary>
    public Variable AddBias(Variable x, Variable bias)
    {
        CheckBias(x, bias, "AddBias");
        var y = Result(Scratch(x.Rows, x.Columns), x.RequiresGradient || bias.RequiresGradient);
        for (int i = 0; i < x.Rows; i++) TensorPrimitives.Add(x.Value.Row(i), bias.Value.Span, y.Value.Row(i));
        OnBackward(y, dy =>
        {
            if (x.RequiresGradient) TensorPrimitives.Add(x.Gradient.Span, dy.Span, x.Gradient.Span);
            if (bias.RequiresGradient) AddColumnSums(dy, bias.Gradient);
        });
        return y;
    }

    /// <summary>x·W + b in one step: a dense layer's affine map (x is batch × in, W is in × out, b is 1 × out).</summary>
    public Variable Linear(Variable x, Variable weight, Variable bias)
    {
        if (x.Columns != weight.Rows) throw new ArgumentException($"Linear: input {x.Rows}×{x.Columns}, weight {weight.Rows}×{weight.Columns}");
        if (bias.Rows != 1 || bias.Columns != weight.Columns)
            throw new ArgumentException($"Linear: bias {bias.Rows}×{bias.Columns} for weight {weight.Rows}×{weight.Columns}");
        var y = Result(Scratch(x.Rows, weight.Columns), x.RequiresGradient || weight.RequiresGradient || bias.RequiresGradient);
        var b = bias.Value.Span;
        for (int i = 0; i < x.Rows; i++) b.CopyTo(y.Value.Row(i));
        Gemm.Multiply(x.Value, false, weight.Value, false, y.Value, accumulate: true);
        OnBackward(y, dy =>
        {
            // The data fed to a first layer needs no gradient: skipping it saves the largest product of the step.
            if (x.RequiresGradient) Gemm.Multiply(dy, false, weight.Value, true, x.Gradient, accumulate: true);
            if (weight.RequiresGradient) Gemm.Multiply(x.Value, true, dy, false, weight.Gradient, accumulate: true);
            if (bias.RequiresGradient) AddColumnSums(dy, bias.Gradient);
        });
        return y;
    }

    static void CheckBias(Variable x, Variable bias, string operation)
    {
        if (bias.Rows != 1 || bias.Columns != x.Columns)
            throw new ArgumentException($"{operation}: bias {bias.Rows}×{bias.Columns} for input {x.Rows}×{x.Columns}");
    }

    static void AddColumnSums(Tensor source, Tensor row)
    {
        var target = row.Span;
        for (int i = 0; i < source.Rows; i++) TensorPrimitives.Add(target, source.Row(i), target);
    }
}
