using ProbLatent.Autodiff;
using ProbLatent.Numerics;

namespace ProbLatent.Neural;

/// <summary>Seeded weight initialisation suited to the layer's activation; biases start at zero.</summary>
internal static class Initialization
{
    /// <summary>
    /// Glorot (Xavier) uniform, U(±√(6 / (in + out))), for tanh, sigmoid and linear layers, whose activations it keeps
    /// at unit variance both ways; He uniform, U(±√(6 / in)), for ReLU and softplus, which halve the variance.
    /// </summary>
    public static void Weights(Tensor weight, Nonlinearity following, Random random)
    {
        int fanIn = weight.Rows, fanOut = weight.Columns;
        double limit = following is Nonlinearity.Relu or Nonlinearity.Softplus
            ? Math.Sqrt(6.0 / fanIn)
            : Math.Sqrt(6.0 / (fanIn + fanOut));
        var span = weight.Span;
        for (int i = 0; i < span.Length; i++) span[i] = (float)((2 * random.NextDouble() - 1) * limit);
    }
}
