using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Exact;

/// <summary>
/// The closed-form maximum-likelihood PPCA of Tipping and Bishop (1999): with the eigen-decomposition of the
/// sample covariance S = U Λ Uᵀ (eigenvalues descending), σ² is the mean of the d − q discarded eigenvalues and
/// W = U_q (Λ_q − σ²I)^½ (up to a rotation, which leaves the likelihood unchanged).
/// </summary>
internal static class ProbabilisticPcaSolution
{
    public static LinearGaussianModel Fit(DataMatrix data, int latentDimension)
    {
        int d = data.Columns, q = latentDimension;
        var mean = SampleMoments.Mean(data);
        var s = SampleMoments.Covariance(data, mean);
        var covariance = Matrix<double>.Build.Dense(d, d, (i, j) => s[i * d + j]);
        var evd = covariance.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, d).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        double noise = order.Skip(q).Average(i => evd.EigenValues[i].Real);
        double largest = evd.EigenValues[order[0]].Real;
        // Relative to the largest eigenvalue: rounding leaves exactly rank-deficient data with tiny nonzero ones.
        if (!(noise > 1e-12 * largest))
            throw new DataException(
                $"has rank at most {q} (the discarded eigenvalues of its covariance average {noise:G3}): PPCA's noise variance would be zero; use a smaller latent dimension", data.Source);
        var loadings = new double[d * q];
        for (int i = 0; i < q; i++)
        {
            double scale = Math.Sqrt(Math.Max(evd.EigenValues[order[i]].Real - noise, 0));
            var u = evd.EigenVectors.Column(order[i]);
            // Fix the sign so each direction's largest entry is positive: the same data always gives the same W.
            double sign = u[u.AbsoluteMaximumIndex()] < 0 ? -1 : 1;
            for (int j = 0; j < d; j++) loadings[j * q + i] = sign * scale * u[j];
        }
        return new LinearGaussianModel(loadings, mean, Enumerable.Repeat(noise, d).ToArray(), q, isotropic: true);
    }
}
