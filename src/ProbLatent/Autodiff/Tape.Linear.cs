using System.Numerics.Tensors;
using ProbLatent.Numerics;
using Tensor = ProbLatent.Numerics.Tensor;

namespace ProbLatent.Autodiff;

internal sealed partial class Tape
{
    /// <summary>A·B.</summary>
    public Variable MatMul(Variable a, Variable b)
    {
        if (a.Columns != b.Rows) throw new ArgumentException($"MatMul: {a.Rows}×{a.Columns} times {b.Rows}×{b.Columns}");
        var y = Result(Scratch(a.Rows, b.Columns), a.RequiresGradient || b.RequiresGradient);
        Multiply(a, b, y.Value, accumulate: false);
        OnBackward(y, dy =>
        {
            if (a.RequiresGradient) MultiplyInto(dy, false, b.Value, true, a);
            if (b.RequiresGradient) TransposedMultiplyInto(a, dy, b);
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
            if (x.RequiresGradient) AddInto(dy, x);
            if (bias.RequiresGradient) ColumnSumsInto(dy, bias);
        });
        return y;
    }

    /// <summary>x·W + b in one step: a dense layer's affine map (x is batch × in, W is in × out, b is 1 × out).</summary>
    public Variable Linear(Variable x, Variable weight, Variable bias)
    {
        CheckLinear(x, weight, bias);
        var y = Result(Scratch(x.Rows, weight.Columns), x.RequiresGradient || weight.RequiresGradient || bias.RequiresGradient);
        // The product, then the bias: the same sums as adding the product to rows holding the bias, in one pass fewer.
        Multiply(x, weight, y.Value, accumulate: false);
        Elementwise.AddBiasThen(y.Value, bias.Value, activation: null);
        OnBackward(y, dy => LinearBackward(x, weight, bias, dy));
        return y;
    }

    /// <summary>
    /// f(x·W + b), a dense layer and its activation in one step: the product is written, then one pass over its rows adds
    /// the bias and applies f in place. Tanh, sigmoid and ReLU are fused this way, as their derivatives need only the
    /// output, which overwrites the pre-activation; softplus's needs its input and follows <see cref="Linear"/> as an
    /// operation of its own.
    /// </summary>
    public Variable Dense(Variable x, Variable weight, Variable bias, Nonlinearity nonlinearity) => nonlinearity switch
    {
        Nonlinearity.Tanh => LinearThen<TanhDerivative>(x, weight, bias, TensorPrimitives.Tanh),
        Nonlinearity.Sigmoid => LinearThen<SigmoidDerivative>(x, weight, bias, TensorPrimitives.Sigmoid),
        Nonlinearity.Relu => LinearThen<ReluDerivative>(x, weight, bias, Elementwise.Relu),
        Nonlinearity.Softplus => Softplus(Linear(x, weight, bias)),
        Nonlinearity.Identity => Linear(x, weight, bias),
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "unknown nonlinearity"),
    };

    Variable LinearThen<TDerivative>(Variable x, Variable weight, Variable bias, Elementwise.Map activation) where TDerivative : IDerivative
    {
        CheckLinear(x, weight, bias);
        var y = Result(Scratch(x.Rows, weight.Columns), x.RequiresGradient || weight.RequiresGradient || bias.RequiresGradient);
        Multiply(x, weight, y.Value, accumulate: false);
        Elementwise.AddBiasThen(y.Value, bias.Value, activation);
        OnBackward(y, dy =>
        {
            var preActivation = Scratch(y.Rows, y.Columns);
            Elementwise.Product<TDerivative>(dy, y.Value, preActivation);
            LinearBackward(x, weight, bias, preActivation);
        });
        return y;
    }

    /// <summary>The gradients of x·W + b from the gradient of its output.</summary>
    static void LinearBackward(Variable x, Variable weight, Variable bias, Tensor dy)
    {
        // The data fed to a first layer needs no gradient: skipping it saves the largest product of the step.
        if (x.RequiresGradient) MultiplyInto(dy, false, weight.Value, true, x);
        if (weight.RequiresGradient) TransposedMultiplyInto(x, dy, weight);
        if (bias.RequiresGradient) ColumnSumsInto(dy, bias);
    }

    /// <summary>x·W into <paramref name="y"/>, or added to it; by rows of W that the ones select when x is binary data.</summary>
    static void Multiply(Variable x, Variable weight, Tensor y, bool accumulate)
    {
        if (x.Ones is { } ones) BinaryProduct.Multiply(ones, weight.Value, y, accumulate);
        else Gemm.Multiply(x.Value, false, weight.Value, false, y, accumulate);
    }

    /// <summary>Sends xᵀ·dY (a weight gradient) into the gradient of <paramref name="target"/>; by sums of rows of dY when x is binary data.</summary>
    static void TransposedMultiplyInto(Variable x, Tensor dy, Variable target)
    {
        if (x.Ones is not { } ones)
        {
            MultiplyInto(x.Value, true, dy, false, target);
            return;
        }
        var gradient = target.GradientFor(out bool overwrite);
        BinaryProduct.MultiplyTransposed(ones, dy, gradient, accumulate: !overwrite);
    }

    static void CheckLinear(Variable x, Variable weight, Variable bias)
    {
        if (x.Columns != weight.Rows) throw new ArgumentException($"Linear: input {x.Rows}×{x.Columns}, weight {weight.Rows}×{weight.Columns}");
        if (bias.Rows != 1 || bias.Columns != weight.Columns)
            throw new ArgumentException($"Linear: bias {bias.Rows}×{bias.Columns} for weight {weight.Rows}×{weight.Columns}");
    }

    static void CheckBias(Variable x, Variable bias, string operation)
    {
        if (bias.Rows != 1 || bias.Columns != x.Columns)
            throw new ArgumentException($"{operation}: bias {bias.Rows}×{bias.Columns} for input {x.Rows}×{x.Columns}");
    }

    /// <summary>Sends op(A)·op(B) into the gradient of <paramref name="target"/>: written if it is the first contribution, else added.</summary>
    static void MultiplyInto(Tensor a, bool transposeA, Tensor b, bool transposeB, Variable target)
    {
        var gradient = target.GradientFor(out bool overwrite);
        Gemm.Multiply(a, transposeA, b, transposeB, gradient, accumulate: !overwrite);
    }

    /// <summary>Sends the column sums of <paramref name="source"/> into the gradient of the 1×n <paramref name="row"/>.</summary>
    static void ColumnSumsInto(Tensor source, Variable row)
    {
        var target = row.GradientFor(out bool overwrite);
        Elementwise.ColumnSums(source, target, overwrite);
    }

    /// <summary>Sends <paramref name="source"/> (of the target's shape) into the gradient of <paramref name="target"/>.</summary>
    static void AddInto(Tensor source, Variable target)
    {
        var gradient = target.GradientFor(out bool overwrite);
        if (overwrite) source.Span.CopyTo(gradient.Span);
        else TensorPrimitives.Add(gradient.Span, source.Span, gradient.Span);
    }
}
