using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// EM for probabilistic PCA and factor analysis (Rubin and Thayer 1982; Tipping and Bishop 1999). μ is the
/// sample mean; W and Ψ are updated from the sample covariance S, since the posterior statistics the M step
/// needs are linear in it: with G = (I + WᵀΨ⁻¹W)⁻¹ and B = G WᵀΨ⁻¹,
/// W ← S Bᵀ (G + B S Bᵀ)⁻¹ and Ψ ← diag(S − W B S) (averaged over dimensions for PPCA's σ²).
/// </summary>
internal sealed class LinearGaussianEm(int latentDimension, bool isotropic, double regularization, LinearGaussianEm.Moments? moments = null)
    : EmAlgorithm
{
    /// <summary>The data's sample mean and covariance, which every step uses and none changes.</summary>
    internal sealed record Moments(double[] Mean, Matrix<double> Covariance)
    {
        public static Moments Of(DataMatrix data)
        {
            var mean = SampleMoments.Mean(data);
            var s = SampleMoments.Covariance(data, mean);
            return new(mean, Matrix<double>.Build.Dense(data.Columns, data.Columns, (i, j) => s[i * data.Columns + j]));
        }
    }

    /// <exception cref="DataException">The data has one row, whose sample covariance is zero: no noise variance to start from.</exception>
    public override EmAlgorithm For(DataMatrix data)
    {
        if (data.Rows < 2)
            throw new DataException($"has {Counted.Of(data.Rows, "row")}; maximum likelihood estimates the noise variance from the data's spread, which needs at least 2 " +
                                    "(VMP, whose priors regularise it, fits one)", data.Source);
        return new LinearGaussianEm(latentDimension, isotropic, regularization, Moments.Of(data));
    }

    Moments Bound => moments ?? throw new InvalidOperationException("EM's linear-Gaussian steps need the data's moments: call For(data) first");

    public override ILatentModel Initialize(DataMatrix data, Random random)
    {
        var (mean, covariance) = Bound;
        return Start(mean, covariance.Diagonal().ToArray(), latentDimension, isotropic, random);
    }

    /// <summary>
    /// The start EM's linear-Gaussian fits share (one model, or each component of a mixture from its cluster): small random
    /// loadings, row j in units of column j's spread (so the start of s·x + c is that of x mapped), and the column
    /// variances, or their mean for PPCA, as the noise. The first M step then moves W towards the leading directions of S.
    /// </summary>
    internal static LinearGaussianModel Start(double[] mean, double[] variances, int latentDimension, bool isotropic, Random random)
    {
        int d = variances.Length, q = latentDimension;
        var loadings = new double[d * q];
        for (int j = 0; j < d; j++)
        {
            double scale = Math.Sqrt(variances[j] / q) * 0.1;
            for (int i = 0; i < q; i++) loadings[j * q + i] = scale * random.NextGaussian();
        }
        var noise = isotropic ? Enumerable.Repeat(variances.Average(), d).ToArray() : variances;
        return new LinearGaussianModel(loadings, mean, noise, q, isotropic);
    }

    public override (IPosterior Posterior, double LogLikelihood) Expect(ILatentModel model, DataMatrix data) =>
        (model.Posterior(data), model.PointLogLikelihoods(data).Sum());

    public override ILatentModel Maximize(ILatentModel? current, DataMatrix data, IPosterior posterior)
    {
        var (mean, covariance) = Bound;
        var model = (LinearGaussianModel)current!;
        int d = data.Columns, q = latentDimension;
        var w = model.Loadings;
        var psiInverse = Vector<double>.Build.DenseOfEnumerable(model.NoiseVariances.Select(v => 1 / v));
        var scaledT = w.Transpose() * Matrix<double>.Build.DenseOfDiagonalVector(psiInverse);   // WᵀΨ⁻¹, q×d
        var g = (Matrix<double>.Build.DenseIdentity(q) + scaledT * w).Inverse();                // q×q
        var b = g * scaledT;                                                                     // q×d
        var sbT = covariance * b.Transpose();                                                   // d×q
        var newW = sbT * (g + b * sbT).Inverse();

        var residual = new double[d];
        for (int j = 0; j < d; j++)
        {
            double explained = 0;
            for (int i = 0; i < q; i++) explained += newW[j, i] * sbT[j, i];
            residual[j] = covariance[j, j] - explained;
        }
        double[] noise;
        if (isotropic) noise = Enumerable.Repeat(Math.Max(residual.Average(), Floor(covariance.Diagonal().Average())), d).ToArray();
        else noise = residual.Select((r, j) => Math.Max(r, Floor(covariance[j, j]))).ToArray();

        var loadings = new double[d * q];
        for (int j = 0; j < d; j++)
            for (int i = 0; i < q; i++) loadings[j * q + i] = newW[j, i];
        return new LinearGaussianModel(loadings, mean, noise, q, isotropic);
    }

    public override double LogPrior(ILatentModel model) => 0;

    /// <summary>A noise variance never goes below λ times the dimension's variance (a guard against Heywood cases).</summary>
    double Floor(double variance) => Math.Max(regularization * variance, 1e-300);
}
