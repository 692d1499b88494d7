namespace ProbLatent.Numerics;

/// <summary>Special functions in the numerically stable forms the models need.</summary>
internal static class SpecialFunctions
{
    public const double Log2Pi = 1.8378770664093454835606594728112;

    public static double LogGamma(double x) => MathNet.Numerics.SpecialFunctions.GammaLn(x);

    public static double Digamma(double x) => MathNet.Numerics.SpecialFunctions.DiGamma(x);

    /// <summary>log Γ_d(a) = d(d−1)/4 log π + Σ_{i=1..d} log Γ(a + (1−i)/2), the multivariate log-gamma.</summary>
    public static double MultivariateLogGamma(double a, int dimension)
    {
        double sum = dimension * (dimension - 1) / 4.0 * Math.Log(Math.PI);
        for (int i = 1; i <= dimension; i++) sum += LogGamma(a + (1 - i) / 2.0);
        return sum;
    }

    /// <summary>Σ_{i=1..d} ψ(a + (1−i)/2), the derivative of the multivariate log-gamma.</summary>
    public static double MultivariateDigamma(double a, int dimension)
    {
        double sum = 0;
        for (int i = 1; i <= dimension; i++) sum += Digamma(a + (1 - i) / 2.0);
        return sum;
    }

    /// <summary>log(1 + eˣ) without overflow for large x or loss of precision for very negative x.</summary>
    public static double Softplus(double x) => x > 0 ? x + Log1p(Math.Exp(-x)) : Log1p(Math.Exp(x));

    /// <summary>
    /// log(1 + x), accurate for small |x| (where log(1 + x) would lose the digits of x), by Goldberg's correction:
    /// with u = 1 ⊕ x, log(1 + x) = log(u) · x / (u − 1).
    /// </summary>
    public static double Log1p(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0) return x;
        if (double.IsPositiveInfinity(u) || u <= 0) return Math.Log(u);
        return Math.Log(u) * x / (u - 1.0);
    }

    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>log σ(x) = −softplus(−x).</summary>
    public static double LogSigmoid(double x) => -Softplus(-x);

    public static double Logit(double p) => Math.Log(p) - Math.Log(1 - p);

    /// <summary>x log y with the convention 0 log 0 = 0, as entropies and KL divergences need.</summary>
    public static double XLogY(double x, double y) => x == 0 ? 0 : x * Math.Log(y);

    /// <summary>log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b).</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>log B(α) = Σ log Γ(αᵢ) − log Γ(Σ αᵢ), the Dirichlet normaliser.</summary>
    public static double LogMultivariateBeta(ReadOnlySpan<double> alpha)
    {
        double sum = 0, total = 0;
        foreach (var a in alpha)
        {
            sum += LogGamma(a);
            total += a;
        }
        return sum - LogGamma(total);
    }
}
