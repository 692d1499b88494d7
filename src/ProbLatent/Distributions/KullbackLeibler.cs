using System.Collections.Concurrent;
using ProbLatent.Numerics;

namespace ProbLatent.Distributions;

/// <summary>
/// KL(p ‖ q) = E_p[log p(x) − log q(x)] in closed form, looked up by the pair of runtime types (p, q) in one registry,
/// in the manner of NumPyro's and PyTorch's <c>register_kl</c>. Every built-in pair is registered below; other pairs can
/// be added with <see cref="Register{TP, TQ}"/>. A pair without a closed form throws rather than estimating silently.
/// </summary>
public static class KullbackLeibler
{
    static readonly ConcurrentDictionary<(Type P, Type Q), Func<IDistribution, IDistribution, double>> Registry = new();

    static KullbackLeibler()
    {
        Register<Gaussian, Gaussian>(GaussianGaussian);
        Register<DiagonalGaussian, DiagonalGaussian>(DiagonalDiagonal);
        Register<MultivariateGaussian, MultivariateGaussian>(MultivariateMultivariate);
        Register<Gamma, Gamma>(GammaGamma);
        Register<Beta, Beta>(BetaBeta);
        Register<Dirichlet, Dirichlet>(DirichletDirichlet);
        Register<Wishart, Wishart>(WishartWishart);
        Register<Categorical, Categorical>(CategoricalCategorical);
        Register<Bernoulli, Bernoulli>(BernoulliBernoulli);
    }

    // ---- the registry -------------------------------------------------------------------------

    /// <summary>KL(p ‖ q) in nats, by the closed form registered for (p.GetType(), q.GetType()).</summary>
    /// <exception cref="ProbLatentException">No closed form is registered for the pair.</exception>
    /// <exception cref="ArgumentException">The two distributions have different dimensions.</exception>
    public static double Divergence(IDistribution p, IDistribution q)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        if (!Registry.TryGetValue((p.GetType(), q.GetType()), out var divergence))
            throw new ProbLatentException(
                $"KullbackLeibler: there is no closed form registered for KL({p.GetType().Name} ‖ {q.GetType().Name}); " +
                "register one with KullbackLeibler.Register, or estimate it by Monte Carlo");
        return divergence(p, q);
    }

    /// <summary>Registers (or replaces) the closed form of KL(p ‖ q) for exactly the types <typeparamref name="TP"/> and <typeparamref name="TQ"/>.</summary>
    public static void Register<TP, TQ>(Func<TP, TQ, double> divergence)
        where TP : IDistribution
        where TQ : IDistribution
    {
        ArgumentNullException.ThrowIfNull(divergence);
        Registry[(typeof(TP), typeof(TQ))] = (p, q) => divergence((TP)p, (TQ)q);
    }

    /// <summary>Whether <see cref="Divergence"/> has a closed form for p of type <paramref name="p"/> and q of type <paramref name="q"/>.</summary>
    public static bool HasClosedForm(Type p, Type q)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        return Registry.ContainsKey((p, q));
    }

    // ---- closed forms -------------------------------------------------------------------------

    /// <summary>½ (r − 1 − log r + (μp − μq)²/σq²), r = σp²/σq²; r − 1 − log r as (r−1) − log1p(r−1) near r = 1.</summary>
    static double GaussianGaussian(Gaussian p, Gaussian q)
    {
        double delta = p.Mean - q.Mean;
        return 0.5 * (RatioTerm(p.Variance / q.Variance) + delta * delta / q.Variance);
    }

    /// <summary>r − 1 − log r ≥ 0, computed without cancellation near r = 1.</summary>
    static double RatioTerm(double r)
    {
        double t = r - 1;
        return t - SpecialFunctions.Log1p(t);
    }

    static double DiagonalDiagonal(DiagonalGaussian p, DiagonalGaussian q)
    {
        SameDimension(p.Dimension, q.Dimension, nameof(DiagonalGaussian));
        var mp = p.MeanSpan; var vp = p.VarianceSpan; var mq = q.MeanSpan; var vq = q.VarianceSpan;
        double sum = 0;
        for (int i = 0; i < mp.Length; i++) sum += CoordinateTerm(mp[i] - mq[i], vp[i] / vq[i], vq[i]);
        return 0.5 * sum;
    }

    /// <summary>
    /// Σᵢ KL(N(μpᵢ, e^ℓpᵢ) ‖ N(μqᵢ, e^ℓqᵢ)) over the coordinates of one or more diagonal Gaussians laid end to end (their
    /// KLs' sum), from means and log-variances: the bulk form for posteriors held as tables (an amortized encoder's).
    /// </summary>
    internal static double DiagonalGaussians(ReadOnlySpan<double> meanP, ReadOnlySpan<double> logVarianceP,
        ReadOnlySpan<double> meanQ, ReadOnlySpan<double> logVarianceQ)
    {
        int n = meanP.Length;
        if (logVarianceP.Length != n || meanQ.Length != n || logVarianceQ.Length != n)
            throw new ArgumentException(
                $"KullbackLeibler: diagonal Gaussians need means and log-variances of one length, got {n}, {logVarianceP.Length}, {meanQ.Length} and {logVarianceQ.Length}");
        double sum = 0;
        for (int i = 0; i < n; i++) sum += CoordinateTerm(meanP[i] - meanQ[i], Math.Exp(logVarianceP[i] - logVarianceQ[i]), Math.Exp(logVarianceQ[i]));
        return 0.5 * sum;
    }

    /// <summary>Twice one coordinate's KL: r − 1 − log r + δ²/σq², r = σp²/σq², δ = μp − μq.</summary>
    static double CoordinateTerm(double delta, double ratio, double varianceQ) => RatioTerm(ratio) + delta * delta / varianceQ;

    static double MultivariateMultivariate(MultivariateGaussian p, MultivariateGaussian q)
    {
        SameDimension(p.Dimension, q.Dimension, nameof(MultivariateGaussian));
        return RoundingToZero(Gaussians(p.MeanSpan, p.Factor, q.MeanSpan, q.Factor, new double[2 * p.Dimension]));
    }

    /// <summary>
    /// KL(N(μp, Σp) ‖ N(μq, Σq)) = ½ (tr(Σq⁻¹Σp) + (μq − μp)ᵀΣq⁻¹(μq − μp) − d + log det Σq − log det Σp), all through
    /// Cholesky solves, from the means and the covariances' factors: the bulk form for engines that hold many Gaussians
    /// (a posterior per point) by factors of their own. <paramref name="scratch"/> holds 2d values.
    /// </summary>
    internal static double Gaussians(ReadOnlySpan<double> meanP, Cholesky covarianceP, ReadOnlySpan<double> meanQ, Cholesky covarianceQ,
        Span<double> scratch)
    {
        int d = covarianceP.Dimension;
        if (meanP.Length != d || meanQ.Length != d || covarianceQ.Dimension != d || scratch.Length < 2 * d)
            throw new ArgumentException(
                $"KullbackLeibler: Gaussians need means of dimension {d} (got {meanP.Length} and {meanQ.Length}), a second covariance of " +
                $"dimension {d} (got {covarianceQ.Dimension}) and {2 * d} scratch values (got {scratch.Length})");
        double trace = covarianceQ.TraceOfInverseTimes(covarianceP, scratch[..d]);
        double quad = covarianceQ.Mahalanobis(meanP, meanQ, scratch.Slice(d, d));
        return 0.5 * (trace + quad - d + covarianceQ.LogDeterminant() - covarianceP.LogDeterminant());
    }

    /// <summary>(ap − aq) ψ(ap) − log Γ(ap) + log Γ(aq) + aq (log bp − log bq) + ap (bq − bp)/bp.</summary>
    static double GammaGamma(Gamma p, Gamma q)
    {
        double ap = p.Shape, bp = p.Rate, aq = q.Shape, bq = q.Rate;
        return RoundingToZero((ap - aq) * SpecialFunctions.Digamma(ap) - SpecialFunctions.LogGamma(ap) + SpecialFunctions.LogGamma(aq)
                           + aq * (Math.Log(bp) - Math.Log(bq)) + ap * (bq - bp) / bp);
    }

    /// <summary>log B(aq, bq) − log B(ap, bp) + (ap − aq) ψ(ap) + (bp − bq) ψ(bp) + (aq − ap + bq − bp) ψ(ap + bp).</summary>
    static double BetaBeta(Beta p, Beta q)
    {
        double ap = p.Alpha, bp = p.BetaParameter, aq = q.Alpha, bq = q.BetaParameter;
        return RoundingToZero(q.LogNormalizer - p.LogNormalizer
                           + (ap - aq) * SpecialFunctions.Digamma(ap) + (bp - bq) * SpecialFunctions.Digamma(bp)
                           + (aq - ap + bq - bp) * SpecialFunctions.Digamma(ap + bp));
    }

    /// <summary>log B(β) − log B(α) + Σₖ (αₖ − βₖ)(ψ(αₖ) − ψ(α₀)) for p = Dir(α), q = Dir(β).</summary>
    static double DirichletDirichlet(Dirichlet p, Dirichlet q)
    {
        SameDimension(p.Dimension, q.Dimension, nameof(Dirichlet));
        var alpha = p.ConcentrationSpan; var beta = q.ConcentrationSpan;
        double psi0 = SpecialFunctions.Digamma(p.TotalConcentration);
        double sum = q.LogNormalizer - p.LogNormalizer;
        for (int k = 0; k < alpha.Length; k++) sum += (alpha[k] - beta[k]) * (SpecialFunctions.Digamma(alpha[k]) - psi0);
        return RoundingToZero(sum);
    }

    /// <summary>
    /// ((νp − νq)/2) ψ_d(νp/2) + log Γ_d(νq/2) − log Γ_d(νp/2) + (νq/2)(log det Vq − log det Vp) + (νp/2)(tr(Vq⁻¹Vp) − d).
    /// </summary>
    static double WishartWishart(Wishart p, Wishart q)
    {
        SameDimension(p.Dimension, q.Dimension, nameof(Wishart));
        int d = p.Dimension;
        double np = p.DegreesOfFreedom, nq = q.DegreesOfFreedom;
        double trace = q.Factor.TraceOfInverseTimes(p.Factor);
        return RoundingToZero(0.5 * (np - nq) * SpecialFunctions.MultivariateDigamma(0.5 * np, d)
                           + SpecialFunctions.MultivariateLogGamma(0.5 * nq, d) - SpecialFunctions.MultivariateLogGamma(0.5 * np, d)
                           + 0.5 * nq * (q.LogDeterminantScale - p.LogDeterminantScale)
                           + 0.5 * np * (trace - d));
    }

    /// <summary>Σₖ pₖ (log pₖ − log qₖ), 0 where pₖ = 0, +∞ where qₖ = 0 &lt; pₖ.</summary>
    static double CategoricalCategorical(Categorical p, Categorical q)
    {
        SameDimension(p.Categories, q.Categories, nameof(Categorical));
        var pp = p.ProbabilitySpan; var lp = p.LogProbabilitySpan; var lq = q.LogProbabilitySpan;
        double sum = 0;
        for (int k = 0; k < pp.Length; k++)
            if (pp[k] > 0) sum += pp[k] * (lp[k] - lq[k]);
        return RoundingToZero(sum);
    }

    /// <summary>
    /// Σᵢ pᵢ (log pᵢ − log qᵢ) over the probabilities of one or more categoricals laid end to end (their KLs' sum), the
    /// logarithms taken here, 0 where pᵢ = 0 and +∞ where qᵢ = 0 &lt; pᵢ: the bulk form for posteriors held as tables.
    /// Unlike the registry's pairwise form it leaves rounding's tiny negative sums as they are, for the caller's total.
    /// </summary>
    internal static double Categoricals(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (q.Length != p.Length)
            throw new ArgumentException($"KullbackLeibler: categoricals need probabilities of one length, got {p.Length} and {q.Length}");
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
            if (p[i] != 0) sum += p[i] * (Math.Log(p[i]) - Math.Log(q[i]));
        return sum;
    }

    /// <summary>p (log p − log q) + (1 − p)(log(1 − p) − log(1 − q)) from the stored logs, 0 log 0 = 0.</summary>
    static double BernoulliBernoulli(Bernoulli p, Bernoulli q)
    {
        double sum = 0;
        if (p.Probability > 0) sum += p.Probability * (p.LogProbability - q.LogProbability);
        double pFalse = Math.Exp(p.LogProbabilityOfFalse);
        if (pFalse > 0) sum += pFalse * (p.LogProbabilityOfFalse - q.LogProbabilityOfFalse);
        return RoundingToZero(sum);
    }

    /// <summary>
    /// Clears the tiny negative values rounding can leave where KL is 0 (p = q), so callers may take square roots or
    /// logarithms; a clearly negative value is left as it is, so that a wrong formula shows rather than hides.
    /// </summary>
    static double RoundingToZero(double kl) => kl < 0 && kl > -1e-12 ? 0 : kl;

    static void SameDimension(int p, int q, string distribution)
    {
        if (p != q)
            throw new ArgumentException($"KullbackLeibler: {distribution} dimensions differ: p has {p}, q has {q}");
    }
}
