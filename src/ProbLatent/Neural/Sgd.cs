using System.Numerics.Tensors;

namespace ProbLatent.Neural;

/// <summary>Stochastic gradient descent, with optional momentum: v ← μ v + g, θ ← θ − η v.</summary>
internal sealed class Sgd : IOptimizer
{
    readonly Parameter[] _parameters;
    readonly float[][] _velocity;

    public Sgd(IEnumerable<Parameter> parameters, double learningRate, double momentum = 0)
    {
        if (!(learningRate > 0) || !double.IsFinite(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "must be positive");
        if (momentum is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "must be in [0, 1)");
        _parameters = parameters.ToArray();
        _velocity = _parameters.Select(p => new float[p.Value.Length]).ToArray();
        LearningRate = learningRate;
        Momentum = momentum;
    }

    public double LearningRate { get; }
    public double Momentum { get; }

    public void Step()
    {
        for (int i = 0; i < _parameters.Length; i++)
        {
            var g = _parameters[i].Gradient.Span;
            var v = _velocity[i].AsSpan();
            TensorPrimitives.MultiplyAdd(v, (float)Momentum, g, v);
            TensorPrimitives.MultiplyAdd(v, (float)-LearningRate, _parameters[i].Value.Span, _parameters[i].Value.Span);
            _parameters[i].ClearGradient();
        }
    }
}
