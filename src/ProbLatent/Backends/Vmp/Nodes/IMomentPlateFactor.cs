namespace ProbLatent.Backends.Vmp.Nodes;

/// <summary>
/// A factor on a plate of q-dimensional Gaussian variables zₙ whose message to each row is a precision shared by every row and
/// a precision-times-mean affine in the row's data, h(xₙ) = L xₙ + h₀ (a linear-Gaussian observation without missing cells).
/// Then q(zₙ) = N(P xₙ + c, S) for the plate's covariance S, P = S Σ L and c = S Σ h₀, and every sum over the rows a factor
/// needs of q(z) is a function of the data's count, mean and covariance (<see cref="Numerics.DataMoments"/>): the plate's
/// update reads no row.
/// </summary>
internal interface IMomentPlateFactor
{
    /// <summary>Called once before an update: adds the message's precision (q×q, shared by every row) into <paramref name="precision"/>.</summary>
    void BeginPass(VectorGaussianPlateNode plate, Span<double> precision);

    /// <summary>Adds the message's precision-times-mean as a map of the row: Lᵀ (d×q) into <paramref name="linear"/>, h₀ (q) into <paramref name="constant"/>.</summary>
    void AddPrecisionMeanMap(VectorGaussianPlateNode plate, Span<double> linear, Span<double> constant);

    /// <summary>Receives the sums over every row of the new q(z)'s means (the shared covariance is <see cref="VectorGaussianPlateNode.Covariance"/>).</summary>
    void EndPass(VectorGaussianPlateNode plate, PlateMeanSums sums);
}

/// <summary>Σₙ mₙ (q), Σₙ mₙxₙᵀ (q×d) and Σₙ mₙmₙᵀ (q×q, symmetric) over every row of a plate's q(zₙ) = N(mₙ, S).</summary>
internal sealed record PlateMeanSums(double[] Means, double[] MeansTimesData, double[] MeanSquares)
{
    /// <summary>Σₙ ‖mₙ‖².</summary>
    public double SquaredNorms
    {
        get
        {
            int q = Means.Length;
            double trace = 0;
            for (int a = 0; a < q; a++) trace += MeanSquares[a * q + a];
            return trace;
        }
    }
}
