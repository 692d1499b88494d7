using System.Numerics;
using System.Runtime.InteropServices;

namespace ProbLatent.Neural;

/// <summary>
/// Adam (Kingma and Ba, 2015): per-parameter steps scaled by running estimates of the gradient's first and second
/// moments, with their start-up bias corrected.
/// </summary>
public sealed class Adam : IOptimizer
{
    readonly Parameter[] _parameters;
    readonly float[][] _first;
    readonly float[][] _second;
    int _steps;

    public Adam(IEnumerable<Parameter> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        if (!(learningRate > 0) || !double.IsFinite(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "must be positive");
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "must be in [0, 1)");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "must be in [0, 1)");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "must be positive");
        _parameters = parameters.ToArray();
        _first = _parameters.Select(p => new float[p.Value.Length]).ToArray();
        _second = _parameters.Select(p => new float[p.Value.Length]).ToArray();
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
        for (int i = 0; i < _parameters.Length; i++)
            Update(_parameters[i].Value.Span, _parameters[i].Gradient.Span, _first[i], _second[i], (float)Beta1, (float)Beta2, stepSize, epsilon);
    }

    static void Update(Span<float> theta, Span<float> gradient, Span<float> m, Span<float> v, float beta1, float beta2, float stepSize, float epsilon)
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
        gradient.Clear();
    }
}
