using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// Automatic relevance determination (Bishop 1999, "Bayesian PCA"): each row wⱼ (length q) of a d×q loading
/// matrix ~ N(0, uⱼ diag(α)⁻¹), with one precision αᵢ per latent dimension (column of W) shared by all rows, so
/// that a column the data does not need is driven to zero by a large αᵢ. The unit uⱼ of row j is 1 (Bishop's prior)
/// or column j's variance, which states the loadings in units of each column's spread and makes α dimensionless.
/// To wⱼ: precision diag(E[α])/uⱼ, precision-times-mean 0.
/// To αᵢ: shape d/2, rate ½ Σⱼ E[wⱼᵢ²]/uⱼ = ½ Σⱼ (mⱼᵢ² + Σⱼ,ᵢᵢ)/uⱼ.
/// </summary>
internal sealed class ArdPriorFactor(string name, VectorGaussianArrayNode loadings, GammaArrayNode precisions, double[]? rowUnits = null)
    : Factor(name), ISendsTo<VectorGaussianArrayNode>, ISendsTo<GammaArrayNode>
{
    double Unit(int row) => rowUnits?[row] ?? 1;

    public void SendTo(VectorGaussianArrayNode node)
    {
        int q = node.Dimension, qq = q * q;
        for (int j = 0; j < node.Count; j++)
            for (int i = 0; i < q; i++) node.PrecisionSum[j * qq + i * q + i] += precisions.Mean[i] / Unit(j);
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

    /// <summary>Σᵢ d/2 (E[log αᵢ] − log 2π) − ½ E[αᵢ] Σⱼ E[wⱼᵢ²]/uⱼ, less q/2 Σⱼ log uⱼ.</summary>
    public override double AverageLog()
    {
        var squares = ColumnSquares();
        double value = 0;
        for (int i = 0; i < squares.Length; i++)
            value += 0.5 * (loadings.Count * (precisions.MeanLog[i] - SpecialFunctions.Log2Pi) - precisions.Mean[i] * squares[i]);
        if (rowUnits is not null) value -= 0.5 * loadings.Dimension * rowUnits.Sum(Math.Log);
        return value;
    }

    /// <summary>Σⱼ E[wⱼᵢ²]/uⱼ for each column i.</summary>
    double[] ColumnSquares()
    {
        int q = loadings.Dimension, qq = q * q;
        var squares = new double[q];
        for (int j = 0; j < loadings.Count; j++)
            for (int i = 0; i < q; i++)
            {
                double m = loadings.Means[j * q + i];
                squares[i] += (m * m + loadings.Covariances[j * qq + i * q + i]) / Unit(j);
            }
        return squares;
    }
}
