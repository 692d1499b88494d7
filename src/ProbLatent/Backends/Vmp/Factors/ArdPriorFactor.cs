using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// Automatic relevance determination (Bishop 1999, "Bayesian PCA"): each row wⱼ (length q) of a d×q loading
/// matrix ~ N(0, uⱼ diag(α)⁻¹), with one precision αᵢ per latent dimension (column of W) shared by all rows, so
/// that a column the data does not need is driven to zero by a large αᵢ. The unit uⱼ of row j is 1 (Bishop's prior)
/// or column j's variance, which states the loadings in units of each column's spread and makes α dimensionless.
/// A mixture of factor analysers has K such matrices, one per component, stacked (row k·d + j) with K×q precisions
/// αₖᵢ (index k·q + i; Ghahramani and Beal 2000), and the units repeat for every component.
/// To wⱼ: precision diag(E[α])/uⱼ, precision-times-mean 0.
/// To αᵢ: shape d/2, rate ½ Σⱼ E[wⱼᵢ²]/uⱼ = ½ Σⱼ (mⱼᵢ² + Σⱼ,ᵢᵢ)/uⱼ.
/// </summary>
internal sealed class ArdPriorFactor(string name, VectorGaussianArrayNode loadings, GammaArrayNode precisions, double[]? rowUnits = null, int components = 1)
    : Factor(name)
{
    /// <summary>The rows of one component's loading matrix, d.</summary>
    readonly int _rows = loadings.Count / components;

    double Unit(int row) => rowUnits?[row % rowUnits.Length] ?? 1;

    /// <summary>The index of αᵢ for column i of row <paramref name="row"/>'s matrix.</summary>
    int Precision(int row, int i) => row / _rows * loadings.Dimension + i;

    public override void SendTo(Node argument)
    {
        if (argument == loadings) ToLoadings(loadings);
        else if (argument == precisions) ToPrecisions(precisions);
        else throw NotAnArgument(argument);
    }

    void ToLoadings(VectorGaussianArrayNode node)
    {
        int q = node.Dimension, qq = q * q;
        for (int j = 0; j < node.Count; j++)
            for (int i = 0; i < q; i++) node.PrecisionSum[j * qq + i * q + i] += precisions.Mean[Precision(j, i)] / Unit(j);
    }

    void ToPrecisions(GammaArrayNode node)
    {
        var squares = ColumnSquares();
        for (int i = 0; i < node.Count; i++)
        {
            node.ShapeSum[i] += 0.5 * _rows;
            node.RateSum[i] += 0.5 * squares[i];
        }
    }

    /// <summary>Σᵢ d/2 (E[log αᵢ] − log 2π) − ½ E[αᵢ] Σⱼ E[wⱼᵢ²]/uⱼ, less q/2 Σⱼ log uⱼ (for every matrix).</summary>
    public override double AverageLog()
    {
        var squares = ColumnSquares();
        double value = 0;
        for (int i = 0; i < squares.Length; i++)
            value += 0.5 * (_rows * (precisions.MeanLog[i] - SpecialFunctions.Log2Pi) - precisions.Mean[i] * squares[i]);
        if (rowUnits is not null) value -= 0.5 * loadings.Dimension * components * rowUnits.Sum(Math.Log);
        return value;
    }

    /// <summary>Σⱼ E[wⱼᵢ²]/uⱼ for each column i of each matrix.</summary>
    double[] ColumnSquares()
    {
        int q = loadings.Dimension, qq = q * q;
        var squares = new double[components * q];
        for (int j = 0; j < loadings.Count; j++)
            for (int i = 0; i < q; i++)
            {
                double m = loadings.Means[j * q + i];
                squares[Precision(j, i)] += (m * m + loadings.Covariances[j * qq + i * q + i]) / Unit(j);
            }
        return squares;
    }
}
