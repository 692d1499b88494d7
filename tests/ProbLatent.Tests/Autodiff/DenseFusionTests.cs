using ProbLatent.Autodiff;
using ProbLatent.Modeling;
using ProbLatent.Neural;
using ProbLatent.Numerics;

namespace ProbLatent.Tests.Autodiff;

public class DenseFusionTests
{
    // The fused step keeps only the output, so the derivative must be read from it exactly as the separate operation
    // reads its own: a batch of 7 at widths that leave vector and scalar tails, pre-activations on both sides of ReLU's
    // kink (some outputs are exactly 0).
    [Theory]
    // By name: the tape's Nonlinearity is internal, and a public test method cannot take it.
    [InlineData(nameof(Nonlinearity.Relu))]
    [InlineData(nameof(Nonlinearity.Tanh))]
    [InlineData(nameof(Nonlinearity.Sigmoid))]
    public void A_fused_dense_layer_gives_its_activation_after_Linear_bit_for_bit(string name)
    {
        var activation = Enum.Parse<Nonlinearity>(name);
        var random = new Random(7);
        Tensor Values(int rows, int columns)
        {
            var t = new Tensor(rows, columns);
            foreach (ref var v in t.Span) v = (float)(random.NextDouble() * 4 - 2);
            return t;
        }
        var x = Values(7, 37);
        var weight = new Parameter("w", 37, 131);
        var bias = new Parameter("b", 1, 131);
        Values(37, 131).Span.CopyTo(weight.Value.Span);
        Values(1, 131).Span.CopyTo(bias.Value.Span);
        var upstream = Values(7, 131);

        float[][] Run(Func<Tape, Variable, Variable> layer)
        {
            weight.ClearGradient();
            bias.ClearGradient();
            var tape = new Tape();
            var input = tape.Input(x);
            var y = layer(tape, input);
            tape.Backward(tape.Sum(tape.Multiply(y, tape.Constant(upstream))));
            return [y.Value.Span.ToArray(), input.Gradient.Span.ToArray(), weight.Gradient.Span.ToArray(), bias.Gradient.Span.ToArray()];
        }

        var fused = Run((tape, input) => tape.Dense(input, tape.Parameter(weight), tape.Parameter(bias), activation));
        var separate = Run((tape, input) =>
        {
            var linear = tape.Linear(input, tape.Parameter(weight), tape.Parameter(bias));
            return activation switch
            {
                Nonlinearity.Relu => tape.Relu(linear),
                Nonlinearity.Tanh => tape.Tanh(linear),
                _ => tape.Sigmoid(linear),
            };
        });
        if (activation == Nonlinearity.Relu) Assert.Contains(0f, fused[0]);
        for (int i = 0; i < fused.Length; i++) Assert.Equal(separate[i], fused[i]);
    }
}
