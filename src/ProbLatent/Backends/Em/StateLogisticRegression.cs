using System.Numerics;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// The M step of one output of a sigmoid layer, a logistic regression on soft targets over the 2ⁿ states of its n input
/// bits: it maximises f(θ) = Σₛ [tₛ aₛ − wₛ softplus(aₛ)] − λ/2 ‖θ‖² with aₛ = θ·(s, 1), where wₛ is the expected number
/// of points whose inputs are in state s and tₛ the expected number of those whose output is 1. That is the output's
/// part of EM's expected complete log-likelihood, plus a Gaussian prior of precision λ on its weights and bias.
/// </summary>
/// <remarks>
/// f is concave, strictly for λ > 0, so Newton's method (IRLS) goes to its maximum; each step is halved until f does not
/// decrease, so a step never lowers it whatever the curvature does far from the optimum, and EM stays monotone.
/// The data enter only through w and t, so a step costs a few passes over the states, not over the points.
/// </remarks>
internal static class StateLogisticRegression
{
    const int MaxHalvings = 40;

    /// <summary>
    /// Takes up to <paramref name="steps"/> damped Newton steps from <paramref name="theta"/> (n weights, then the bias),
    /// in place, stopping early once a step no longer raises f; f(θ) never decreases.
    /// </summary>
    public static void Improve(int bits, ReadOnlySpan<double> counts, ReadOnlySpan<double> targets, double lambda, Span<double> theta, int steps)
    {
        int p = bits + 1;
        var gradient = new double[p];
        var hessian = new double[p * p];
        var trial = new double[p];
        var activations = new double[1 << bits];
        double f = Objective(bits, counts, targets, lambda, theta, activations);
        for (int step = 0; step < steps; step++)
        {
            GradientAndHessian(bits, counts, targets, lambda, theta, gradient, hessian);
            // −∇²f is positive definite for λ > 0; if rounding makes it not, the step stops and θ stays where it is.
            if (!Cholesky.TryFactor(hessian, p, out var factor, out _)) return;
            var direction = (double[])gradient.Clone();
            factor!.SolveInPlace(direction);
            double scale = 1, improved = double.NaN;
            for (int halving = 0; halving <= MaxHalvings; halving++, scale /= 2)
            {
                for (int i = 0; i < p; i++) trial[i] = theta[i] + scale * direction[i];
                double candidate = Objective(bits, counts, targets, lambda, trial, activations);
                if (candidate >= f)
                {
                    improved = candidate;
                    break;
                }
            }
            if (double.IsNaN(improved)) return;
            trial.CopyTo(theta);
            double gain = improved - f;
            f = improved;
            if (gain <= 1e-13 * Math.Abs(f)) return;
        }
    }

    /// <summary>f(θ), with <paramref name="activations"/> (2ⁿ values) as scratch.</summary>
    internal static double Objective(int bits, ReadOnlySpan<double> counts, ReadOnlySpan<double> targets, double lambda, ReadOnlySpan<double> theta,
        Span<double> activations)
    {
        Activations(bits, theta, activations);
        double f = 0;
        for (int s = 0; s < activations.Length; s++)
        {
            if (counts[s] == 0) continue;
            double a = activations[s];
            f += targets[s] * a - counts[s] * SpecialFunctions.Softplus(a);
        }
        double norm = 0;
        foreach (var v in theta) norm += v * v;
        return f - lambda / 2 * norm;
    }

    /// <summary>
    /// ∇f and −∇²f = Σₛ wₛ σ(aₛ)(1 − σ(aₛ)) (s, 1)(s, 1)ᵀ + λI. The sums over the states that hold bits i and k are the
    /// superset sums of the per-state terms, taken for every set of bits at once in n passes over the states.
    /// </summary>
    internal static void GradientAndHessian(int bits, ReadOnlySpan<double> counts, ReadOnlySpan<double> targets, double lambda, ReadOnlySpan<double> theta,
        Span<double> gradient, Span<double> negativeHessian)
    {
        int states = 1 << bits, p = bits + 1;
        var residual = new double[states];
        var curvature = new double[states];
        Activations(bits, theta, residual);
        for (int s = 0; s < states; s++)
        {
            double sigma = SpecialFunctions.Sigmoid(residual[s]);
            residual[s] = targets[s] - counts[s] * sigma;
            curvature[s] = counts[s] * sigma * (1 - sigma);
        }
        SupersetSums(bits, residual);
        SupersetSums(bits, curvature);
        for (int i = 0; i < bits; i++)
        {
            gradient[i] = residual[1 << i] - lambda * theta[i];
            for (int k = 0; k < bits; k++) negativeHessian[i * p + k] = curvature[(1 << i) | (1 << k)];
            negativeHessian[i * p + bits] = negativeHessian[bits * p + i] = curvature[1 << i];
            negativeHessian[i * p + i] += lambda;
        }
        gradient[bits] = residual[0] - lambda * theta[bits];
        negativeHessian[bits * p + bits] = curvature[0] + lambda;
    }

    /// <summary>aₛ = b + Σ over the bits i of s of θᵢ, each from the state without its highest bit.</summary>
    static void Activations(int bits, ReadOnlySpan<double> theta, Span<double> activations)
    {
        activations[0] = theta[bits];
        for (int s = 1; s < activations.Length; s++)
        {
            int high = 31 - BitOperations.LeadingZeroCount((uint)s);
            activations[s] = activations[s & ~(1 << high)] + theta[high];
        }
    }

    /// <summary>Replaces each value by the sum over the states that contain its state's bits (a zeta transform).</summary>
    static void SupersetSums(int bits, Span<double> values)
    {
        for (int i = 0; i < bits; i++)
        {
            int bit = 1 << i;
            for (int s = 0; s < values.Length; s++)
                if ((s & bit) == 0) values[s] += values[s | bit];
        }
    }
}
