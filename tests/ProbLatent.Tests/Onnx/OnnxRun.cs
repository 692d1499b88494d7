using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ProbLatent.Tests.Onnx;

/// <summary>Runs an exported ONNX model in ONNX Runtime on one batch: each output by name, row by row.</summary>
static class OnnxRun
{
    public static Dictionary<string, float[]> Of(byte[] model, string input, double[] values, int columns)
    {
        using var session = new InferenceSession(model);
        var tensor = new DenseTensor<float>(Array.ConvertAll(values, v => (float)v), [values.Length / columns, columns]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(input, tensor)]);
        return results.ToDictionary(r => r.Name, r => r.AsTensor<float>().ToArray());
    }

    /// <summary>
    /// Asserts the runtime's values equal ProbLatent's to 1e-5, relative to the value where it exceeds 1: both are float32
    /// products of the same weights, which differ only in summation order.
    /// </summary>
    public static void Matches(IReadOnlyList<double> expected, float[] actual, string what)
    {
        Assert.Equal(expected.Count, actual.Length);
        for (int i = 0; i < actual.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]) / Math.Max(1, Math.Abs(expected[i]));
            Assert.True(error <= 1e-5, $"{what}[{i}]: ONNX Runtime gives {actual[i]}, ProbLatent {expected[i]} (relative error {error:g3})");
        }
    }
}
