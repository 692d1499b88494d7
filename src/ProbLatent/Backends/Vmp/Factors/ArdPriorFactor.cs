using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// Automatic relevance determination (Bishop 1999, "Bayesian PCA"): each row wⱼ (length q) of a d×q loading
/// matrix ~ N(0, diag(α)⁻¹), with one precision αᵢ per latent dimension (column of W) shared by all rows, so
/// that a column the data does not need is driven to zero by a large αᵢ.
/// To wⱼ: precision diag(E[α]), precision-times-mean 0.
/// To αᵢ: shape d/2, rate ½ Σⱼ E[wⱼᵢ²] = ½ Σⱼ (mⱼᵢ² + Σⱼ,ᵢᵢ).
/// </summary>
internal sealed class ArdPriorFactor(string name, VectorGaussianArrayNode loadings, GammaArrayNode precisions)
    : Factor(name), ISendsTo<VectorGaussianArrayNode>, ISendsTo<GammaArrayNode>
{
    public void SendTo(VectorGaussianArrayNode node)
    {
        int q = node.Dimension, qq = q * q;
        for (int j = 0; j < node.Count; j++)
            for (int i = 0; i < q; i++) node.PrecisionSum[j * qq + i * q + i] += precisions.Mean[i];
    }

    public void SendTo(GammaArrayNode node)
    {
        var squares = ColumnSquares();
        for (int i = 0; i < node.Count; i++)
        {
            node.ShapeSum[i] += 0.5 * loadings.Count;
            node.RateSum[i] += 0.5 * squares[i];
        }
    }

    /// <summary>Σᵢ d/2 (E[log αᵢ] − log 2π) − ½ E[αᵢ] Σⱼ E[wⱼᵢ²].</summary>
    public override double AverageLog()
    {
        var squares = ColumnSquares();
        double value = 0;
        for (int i = 0; i < squares.Length; i++)
            value += 0.5 * (loadings.Count * (precisions.MeanLog[i] - SpecialFunctions.Log2Pi) - precisions.Mean[i] * squares[i]);
        return value;
    }

    /// <summary>Σⱼ E[wⱼᵢ²] for each column i.</summary>
    double[] ColumnSquares()
    {
        int q = loadings.Dimension, qq = q * q;
        var squares = new double[q];
        for (int j = 0; j < loadings.Count; j++)
            for (int i = 0; i < q; i++)
            {
                double m = loadings.Means[j * q + i];
                squares[i] += m * m + loadings.Covariances[j * qq + i * q + i];
            }
        return squares;
    }
}
