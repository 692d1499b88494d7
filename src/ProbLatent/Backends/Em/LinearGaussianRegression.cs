using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// The M step of a linear-Gaussian regression x | z ~ N(W z + μ, Ψ) from expected statistics (Rubin and Thayer 1982, the
/// offset solved jointly with the loadings): with z̃ = [z; 1], W̃ = [W μ] = (Σ x E[z̃]ᵀ)(Σ E[z̃ z̃ᵀ])⁻¹ and
/// Ψ = diag(Σ x xᵀ − W̃ Σ E[z̃] xᵀ + Λ)/N (its mean over dimensions for σ²), the MAP step under p(Ψ) ∝ exp(−½ tr ΛΨ⁻¹).
/// A mixture of factor analysers takes it per component, a mixture of common factor analysers once over all of them.
/// </summary>
internal static class LinearGaussianRegression
{
    /// <param name="cross">Σ x E[z̃]ᵀ, d×(q+1).</param>
    /// <param name="second">Σ E[z̃ z̃ᵀ], (q+1)×(q+1), the posterior covariances included; its last entry is the count.</param>
    /// <param name="squares">Σ xⱼ², d.</param>
    /// <param name="count">N, the (weighted) number of points.</param>
    /// <param name="ridge">Λ's diagonal, d (zeros for maximum likelihood).</param>
    public static LinearGaussianModel Solve(ReadOnlySpan<double> cross, double[] second, ReadOnlySpan<double> squares, double count, double[] ridge,
        int latentDimension, bool isotropic)
    {
        int d = squares.Length, q = latentDimension, width = q + 1;
        var factor = Cholesky.Factor(second, width, "the expected second moment of [h; 1]");
        var loadings = new double[d * q];
        var mean = new double[d];
        var residual = new double[d];
        var row = new double[width];
        for (int j = 0; j < d; j++)
        {
            cross.Slice(j * width, width).CopyTo(row);
            factor.SolveInPlace(row);
            double explained = 0;
            for (int i = 0; i < width; i++) explained += row[i] * cross[j * width + i];
            row.AsSpan(0, q).CopyTo(loadings.AsSpan(j * q, q));
            mean[j] = row[q];
            residual[j] = squares[j] - explained;
        }
        var noise = isotropic
            ? Enumerable.Repeat(Noise(residual.Sum() + ridge.Sum(), d * count), d).ToArray()
            : residual.Select((r, j) => Noise(r + ridge[j], count)).ToArray();
        return new LinearGaussianModel(loadings, mean, noise, q, isotropic);
    }

    /// <summary>A variance from its scatter; rounding can leave a fully explained dimension's scatter a hair below zero.</summary>
    static double Noise(double scatter, double count) => Math.Max(scatter / count, 1e-300);
}
