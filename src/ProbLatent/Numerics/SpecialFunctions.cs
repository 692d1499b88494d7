namespace ProbLatent.Numerics;

/// <summary>Special functions in the numerically stable forms the models need.</summary>
public static class SpecialFunctions
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
    public static double Softplus(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));

    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>log σ(x) = −softplus(−x).</summary>
    public static double LogSigmoid(double x) => -Softplus(-x);

    public static double Logit(double p) => Math.Log(p) - Math.Log(1 - p);

    /// <summary>x log y with the convention 0 log 0 = 0, as entropies and KL divergences need.</summary>
    public static double XLogY(double x, double y) => x == 0 ? 0 : x * Math.Log(y);
}
