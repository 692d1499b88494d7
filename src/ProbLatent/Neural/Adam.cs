using System.Numerics;
using System.Runtime.InteropServices;
using ProbLatent.Numerics;

namespace ProbLatent.Neural;

/// <summary>
/// Adam (Kingma and Ba, 2015): per-parameter steps scaled by running estimates of the gradient's first and second
/// moments, with their start-up bias corrected.
/// </summary>
internal sealed class Adam : IOptimizer
{
    readonly Parameter[] _parameters;
    readonly float[][] _first;
    readonly float[][] _second;
    readonly (int Parameter, int Start, int Length)[] _chunks;
    int _steps;

    /// <summary>Elements per unit of work shared between the cores; a multiple of any vector width.</summary>
    const int ChunkLength = 16 * 1024;

    public Adam(IEnumerable<Parameter> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        if (!(learningRate > 0) || !double.IsFinite(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "must be positive");
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "must be in [0, 1)");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "must be in [0, 1)");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "must be positive");
        _parameters = parameters.ToArray();
        _first = _parameters.Select(p => new float[p.Value.Length]).ToArray();
        _second = _parameters.Select(p => new float[p.Value.Length]).ToArray();
        _chunks = _parameters.SelectMany((p, i) => Enumerable.Range(0, (p.Value.Length + ChunkLength - 1) / ChunkLength)
            .Select(c => (i, c * ChunkLength, Math.Min(ChunkLength, p.Value.Length - c * ChunkLength)))).ToArray();
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    public double LearningRate { get; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Epsilon { get; }

    public void Step()
    {
        _steps++;
        // The bias corrections fold into the step size and epsilon, so the inner loop is one fused pass.
        double c1 = 1 - Math.Pow(Beta1, _steps), c2 = 1 - Math.Pow(Beta2, _steps);
        float stepSize = (float)(LearningRate * Math.Sqrt(c2) / c1);
        float epsilon = (float)(Epsilon * Math.Sqrt(c2));
        // A parameter no backward pass reached since the last step reads as zeros: clear those now, not on both cores.
        foreach (var p in _parameters) _ = p.Gradient;
        // The update is memory-bound (four arrays per parameter): both cores share it, chunk by chunk.
        WorkerPair.For(_chunks.Length, (optimizer: this, stepSize, epsilon), static (s, start, end) =>
        {
            var a = s.optimizer;
            for (int c = start; c < end; c++)
            {
                var (i, from, length) = a._chunks[c];
                Update(a._parameters[i].Value.Span.Slice(from, length), a._parameters[i].Gradient.Span.Slice(from, length),
                    a._first[i].AsSpan(from, length), a._second[i].AsSpan(from, length), (float)a.Beta1, (float)a.Beta2, s.stepSize, s.epsilon);
            }
        });
        foreach (var p in _parameters) p.ClearGradient();
    }

    static void Update(Span<float> theta, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v, float beta1, float beta2, float stepSize, float epsilon)
    {
        int n = theta.Length, w = Vector<float>.Count, blocks = n / w;
        var tv = MemoryMarshal.Cast<float, Vector<float>>(theta);
        var gv = MemoryMarshal.Cast<float, Vector<float>>(gradient);
        var mv = MemoryMarshal.Cast<float, Vector<float>>(m);
        var vv = MemoryMarshal.Cast<float, Vector<float>>(v);
        var b1 = new Vector<float>(beta1); var b2 = new Vector<float>(beta2);
        var a1 = new Vector<float>(1 - beta1); var a2 = new Vector<float>(1 - beta2);
        var step = new Vector<float>(stepSize); var eps = new Vector<float>(epsilon);
        for (int k = 0; k < blocks; k++)
        {
            var g = gv[k];
            mv[k] = b1 * mv[k] + a1 * g;
            vv[k] = b2 * vv[k] + a2 * g * g;
            tv[k] -= step * mv[k] / (Vector.SquareRoot(vv[k]) + eps);
        }
        for (int i = blocks * w; i < n; i++)
        {
            float g = gradient[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            theta[i] -= stepSize * m[i] / (MathF.Sqrt(v[i]) + epsilon);
        }
    }
}
