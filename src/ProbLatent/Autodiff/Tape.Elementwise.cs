using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using ProbLatent.Numerics;
using Tensor = ProbLatent.Numerics.Tensor;

namespace ProbLatent.Autodiff;

internal sealed partial class Tape
{
    public Variable Tanh(Variable x)
    {
        var y = Unary(x, TensorPrimitives.Tanh);
        // d tanh = 1 − tanh², from the output: no second transcendental pass.
        OnBackward(y, dy => Elementwise.SendProduct<TanhDerivative>(dy, y.Value, x));
        return y;
    }

    public Variable Sigmoid(Variable x)
    {
        var y = Unary(x, TensorPrimitives.Sigmoid);
        OnBackward(y, dy => Elementwise.SendProduct<SigmoidDerivative>(dy, y.Value, x));
        return y;
    }

    public Variable Relu(Variable x)
    {
        var y = Unary(x, Elementwise.Relu);
        OnBackward(y, dy => Elementwise.SendProduct<ReluDerivative>(dy, y.Value, x));
        return y;
    }

    /// <summary>log(1 + eˣ), computed without overflow.</summary>
    public Variable Softplus(Variable x)
    {
        var y = Unary(x, Elementwise.Softplus);
        OnBackward(y, dy => Elementwise.SendProduct<SoftplusDerivative>(dy, x.Value, x));
        return y;
    }

    public Variable Exp(Variable x)
    {
        var y = Unary(x, TensorPrimitives.Exp);
        OnBackward(y, dy => TensorPrimitives.MultiplyAdd(dy.Span, y.Value.Span, x.Gradient.Span, x.Gradient.Span));
        return y;
    }

    public Variable Log(Variable x)
    {
        var y = Unary(x, TensorPrimitives.Log);
        OnBackward(y, dy =>
        {
            var g = Scratch(x.Rows, x.Columns);
            TensorPrimitives.Divide(dy.Span, x.Value.Span, g.Span);
            TensorPrimitives.Add(x.Gradient.Span, g.Span, x.Gradient.Span);
        });
        return y;
    }

    public Variable Add(Variable a, Variable b)
    {
        var y = Binary(a, b, TensorPrimitives.Add, "Add");
        OnBackward(y, dy =>
        {
            if (a.RequiresGradient) AddInto(dy, a);
            if (b.RequiresGradient) AddInto(dy, b);
        });
        return y;
    }

    public Variable Subtract(Variable a, Variable b)
    {
        var y = Binary(a, b, TensorPrimitives.Subtract, "Subtract");
        OnBackward(y, dy =>
        {
            if (a.RequiresGradient) AddInto(dy, a);
            if (b.RequiresGradient) TensorPrimitives.Subtract(b.Gradient.Span, dy.Span, b.Gradient.Span);
        });
        return y;
    }

    /// <summary>The elementwise product.</summary>
    public Variable Multiply(Variable a, Variable b)
    {
        var y = Binary(a, b, TensorPrimitives.Multiply, "Multiply");
        OnBackward(y, dy =>
        {
            if (a.RequiresGradient) TensorPrimitives.MultiplyAdd(dy.Span, b.Value.Span, a.Gradient.Span, a.Gradient.Span);
            if (b.RequiresGradient) TensorPrimitives.MultiplyAdd(dy.Span, a.Value.Span, b.Gradient.Span, b.Gradient.Span);
        });
        return y;
    }

    /// <summary>c·x for a constant c.</summary>
    public Variable Scale(Variable x, float c)
    {
        var y = Result(Scratch(x.Rows, x.Columns), x.RequiresGradient);
        TensorPrimitives.Multiply(x.Value.Span, c, y.Value.Span);
        OnBackward(y, dy => TensorPrimitives.MultiplyAdd(dy.Span, c, x.Gradient.Span, x.Gradient.Span));
        return y;
    }

    Variable Unary(Variable x, Elementwise.Map map)
    {
        var y = Result(Scratch(x.Rows, x.Columns), x.RequiresGradient);
        Elementwise.Apply(x.Value, y.Value, map);
        return y;
    }

    Variable Binary(Variable a, Variable b, Elementwise.Combine combine, string operation)
    {
        CheckSameShape(a, b, operation);
        var y = Result(Scratch(a.Rows, a.Columns), a.RequiresGradient || b.RequiresGradient);
        combine(a.Value.Span, b.Value.Span, y.Value.Span);
        return y;
    }
}
