using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// The second cycle of an alternating ECM (Meng and van Dyk 1997) for a mixture of common factor analysers with full Ωₖ:
/// the weights, ξₖ and Ωₖ that maximise the likelihood given A, μ, Ψ and the responsibilities, with only the component
/// missing, not z. Given A, μ and Ψ, x tells of z only through its generalised least-squares estimate
/// ẑ = G AᵀΨ⁻¹(x − μ), G = (AᵀΨ⁻¹A)⁻¹, which is N(ξₖ, Ωₖ + G) in component k independently of the rest of x; so ξₖ is
/// the weighted mean of ẑ and Ωₖ + G its weighted covariance, with Ωₖ truncated at a floor in each direction where that
/// covariance is narrower than G. Where the model's own Ωₖ are all above that floor they are among those the step
/// chooses from, so it cannot lower the likelihood (<see cref="Step.Ascends"/>). EM's own step for Ωₖ treats z as missing as well, and where the likelihood's supremum
/// has a component's Ωₖ singular (its factors on a line) it approaches it only as 1/t; this step reaches it at once.
/// </summary>
internal static class CommonFactorComponentStep
{
    /// <summary>The least eigenvalue of Ωₖ in units of G the step gives, which keeps Ωₖ positive definite where the supremum has it singular.</summary>
    const double Floor = 1e-8;

    /// <summary>
    /// The weights, the K×q means ξₖ and the K×q×q covariances Ωₖ (row-major; an emptied component keeps the model's), and
    /// whether the model's own Ωₖ were all above the floor, so that the step is sure not to lower the likelihood.
    /// </summary>
    public sealed record Step(double[] Weights, double[] Means, double[] Covariances, bool Ascends);

    public static Step Maximize(MixtureOfCommonFactorAnalysers model, DataMatrix data, DiscretePosterior responsibilities, double emptyComponent)
    {
        int k = model.Components, q = model.LatentDimension, d = data.Columns, rows = data.Rows;
        var a = model.Regression.LoadingsFlat;
        var offset = model.Offset;
        var noise = model.NoiseVariances;
        // With AᵀΨ⁻¹A = L Lᵀ, y = L⁻¹AᵀΨ⁻¹(x − μ) = Lᵀẑ is N(Lᵀξₖ, LᵀΩₖL + I) in component k: G whitened to I.
        var information = new double[q * q];
        for (int j = 0; j < d; j++)
            for (int i = 0; i < q; i++)
                for (int l = 0; l < q; l++) information[i * q + l] += a[j * q + i] * a[j * q + l] / noise[j];
        var factor = Cholesky.Factor(information, q, "AᵀΨ⁻¹A, the information the data carry about the common factors");
        var sums = new double[k * q];
        var squares = new double[k * q * q];
        var counts = new double[k];
        var y = new double[q];
        for (int n = 0; n < rows; n++)
        {
            var x = data.Row(n);
            Array.Clear(y);
            for (int j = 0; j < d; j++)
                for (int i = 0; i < q; i++) y[i] += a[j * q + i] * (x[j] - offset[j]) / noise[j];
            factor.SolveLowerInPlace(y);
            var r = responsibilities.Row(n);
            for (int c = 0; c < k; c++)
            {
                if (r[c] == 0) continue;
                counts[c] += r[c];
                for (int i = 0; i < q; i++)
                {
                    sums[c * q + i] += r[c] * y[i];
                    for (int l = 0; l < q; l++) squares[(c * q + i) * q + l] += r[c] * y[i] * y[l];
                }
            }
        }
        var lower = Matrix<double>.Build.Dense(q, q, (i, l) => factor.Lower[i * q + l]);
        var inverseTranspose = lower.Inverse().Transpose();
        double total = counts.Sum();
        var weights = counts.Select(c => c / total).ToArray();
        var means = new double[k * q];
        var covariances = new double[k * q * q];
        bool ascends = true;
        for (int c = 0; c < k; c++)
        {
            if (counts[c] < emptyComponent)
            {
                model.LatentMean(c).CopyTo(means, c * q);
                model.LatentCovariance(c).ToRowMajorArray().CopyTo(covariances, c * q * q);
                continue;
            }
            int at = c;
            var mean = Vector<double>.Build.Dense(q, i => sums[at * q + i] / counts[at]);
            var spread = Matrix<double>.Build.Dense(q, q, (i, l) => squares[(at * q + i) * q + l] / counts[at] - mean[i] * mean[l]);
            // The most likely Gaussian for spread among those of the form Ω̃ + I with Ω̃ ⪰ floor·I: each eigenvalue s of
            // spread gives max(s − 1, floor), in the same eigenvectors.
            var current = lower.Transpose() * model.LatentCovariance(c) * lower;
            ascends &= (0.5 * (current + current.Transpose())).Evd(Symmetricity.Symmetric).EigenValues.Min(v => v.Real) >= Floor;
            var evd = (0.5 * (spread + spread.Transpose())).Evd(Symmetricity.Symmetric);
            var truncated = Vector<double>.Build.Dense(q, i => Math.Max(evd.EigenValues[i].Real - 1, Floor));
            var whitened = evd.EigenVectors * Matrix<double>.Build.DenseOfDiagonalVector(truncated) * evd.EigenVectors.Transpose();
            var omega = inverseTranspose * whitened * inverseTranspose.Transpose();
            (inverseTranspose * mean).ToArray().CopyTo(means, c * q);
            (0.5 * (omega + omega.Transpose())).ToRowMajorArray().CopyTo(covariances, c * q * q);
        }
        return new Step(weights, means, covariances, ascends);
    }
}
