using ProbLatent.LatentModels;
using ProbLatent.Neural;

namespace ProbLatent.Backends.ScoreFunction;

/// <summary>
/// NVIL (Mnih and Gregor 2014) on the single-sample ELBO, each of the K draws of a point an estimate of its own: the
/// net's gradient is ∇θ log w, the encoder's (log w − C(x) − c) / max(1, √v) ∇φ log q(h | x), where C(x) = uᵀx + u₀ is
/// an input-dependent baseline (linear in x here, where Mnih and Gregor used a small MLP) trained to predict log w − c by
/// least squares, and c and v are running estimates of the mean and variance of log w − C(x), updated by each minibatch
/// before it is centred (decay α). Neither baseline depends on h, so the gradient stays unbiased; the scaling changes
/// only its size. ∇φ log w = −∇φ log q(h | x) has mean zero, so it is left out, as Mnih and Gregor do.
/// </summary>
internal sealed class NvilSignal(int dimension, double decay) : LearningSignal
{
    readonly Parameter _weights = new("baseline.weight", 1, dimension);
    readonly Parameter _bias = new("baseline.bias", 1, 1);
    double _mean, _variance;
    bool _started;

    public override IEnumerable<Parameter> Parameters => [_weights, _bias];

    /// <summary>max(1, running s.d.) the last minibatch's encoder coefficients were divided by (the properties undo it).</summary>
    internal double Divisor { get; private set; } = 1;

    public override double Assign(IBeliefNetPass pass, int points, Span<float> model, Span<float> encoder, float scale)
    {
        int k = pass.Samples, draws = points * k;
        double elbo = 0, sum = 0;
        for (int s = 0; s < draws; s++)
        {
            double centred = pass.LogWeights[s] - Baseline(pass, s / k);
            encoder[s] = (float)centred; // held here until the running statistics are updated
            sum += centred;
            elbo += pass.LogWeights[s];
        }
        double batchMean = sum / draws, squares = 0;
        for (int s = 0; s < draws; s++) squares += (encoder[s] - batchMean) * (encoder[s] - batchMean);
        double batchVariance = squares / draws;
        (_mean, _variance) = _started ? (decay * _mean + (1 - decay) * batchMean, decay * _variance + (1 - decay) * batchVariance) : (batchMean, batchVariance);
        _started = true;
        double divisor = Divisor = Math.Max(1, Math.Sqrt(_variance));

        var du = _weights.GradientFor(out _).Span;
        du.Clear();
        double du0 = 0;
        for (int r = 0; r < points; r++)
        {
            double residual = 0;
            for (int i = 0; i < k; i++)
            {
                int s = r * k + i;
                double centred = encoder[s] - _mean;
                residual += centred;
                model[s] = 1f / k;
                encoder[s] = (float)(centred / divisor / k);
            }
            // Descent on ½ (log w − c − C(x))², averaged over the draws: its gradient is −residual x.
            float g = (float)(residual / k * scale);
            var x = pass.Inputs.AsSpan(r * pass.Dimension, pass.Dimension);
            for (int j = 0; j < x.Length; j++) if (x[j] != 0) du[j] += g * x[j];
            du0 += g;
        }
        _bias.GradientFor(out _).Span[0] = (float)du0;
        return elbo / k;
    }

    public override double Objective(IBeliefNetPass pass, int points)
    {
        double elbo = 0;
        for (int s = 0; s < points * pass.Samples; s++) elbo += pass.LogWeights[s];
        return elbo / pass.Samples;
    }

    double Baseline(IBeliefNetPass pass, int point)
    {
        int d = pass.Dimension;
        var x = pass.Inputs.AsSpan(point * d, d);
        var u = _weights.Value.Span;
        double c = _bias.Value.Span[0];
        for (int j = 0; j < d; j++) if (x[j] != 0) c += u[j] * x[j];
        return c;
    }
}
