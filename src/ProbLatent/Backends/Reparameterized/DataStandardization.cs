using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Reparameterized;

/// <summary>
/// What makes the reparameterized fit of a Gaussian likelihood with a learned variance independent of the data's
/// units: it trains on y = (x − m)/s, each column centred on its mean mⱼ and divided by its standard deviation sⱼ
/// (one s for all columns under isotropic noise, whose model a per-column scale would change), in double before the
/// float32 copy, so the optimizer's steps and the float32 values are the same whatever the units. The fitted
/// model maps back exactly: x = m + s∘y is affine, so the decoder's output layer takes it, and the noise variances
/// scale by sⱼ²; every log-density of x is that of y less Σⱼ log sⱼ.
/// </summary>
internal sealed class DataStandardization
{
    DataStandardization(double[] shift, double[] scale)
    {
        Shift = shift;
        Scale = scale;
    }

    public double[] Shift { get; }
    public double[] Scale { get; }

    /// <summary>Σⱼ log sⱼ: how much higher the log-density of one point is in standardized units than in the data's.</summary>
    public double LogScale => Scale.Sum(Math.Log);

    /// <summary>The standardization for a model whose Gaussian likelihood learns its variance, or null (Bernoulli data, a fixed variance).</summary>
    public static DataStandardization? For(VaeArchitecture architecture, DataMatrix data)
    {
        // A plain autoencoder's fit reports its codes and reconstruction in the data's units, with no map back.
        if (architecture.PointMassGuide) return null;
        bool isotropic = architecture.Noise == ObservationNoise.LearnedIsotropic;
        if (!isotropic && architecture.Noise != ObservationNoise.LearnedDiagonal) return null;
        var (means, _) = SampleMoments.ColumnMoments(data);
        var variances = SampleMoments.ColumnScales(data);
        var scale = isotropic
            ? Enumerable.Repeat(Math.Sqrt(variances.Average()), data.Columns).ToArray()
            : variances.Select(Math.Sqrt).ToArray();
        return new DataStandardization(means, scale);
    }

    public DataMatrix Apply(DataMatrix data)
    {
        int d = data.Columns;
        var values = new double[data.Rows * d];
        for (int n = 0; n < data.Rows; n++)
        {
            var row = data.Row(n);
            for (int j = 0; j < d; j++) values[n * d + j] = (row[j] - Shift[j]) / Scale[j];
        }
        return new DataMatrix(values, data.Rows, d, data.ColumnNames, data.Source);
    }

    /// <summary>A linear-Gaussian model of y as the model of x: W ← diag(s) W, μ ← m + s∘μ, Ψ ← s²∘Ψ, computed in double.</summary>
    public LinearGaussianModel Map(LinearGaussianModel standardized)
    {
        int d = standardized.Dimension, q = standardized.LatentDimension;
        var w = standardized.Loadings;
        var loadings = new double[d * q];
        for (int j = 0; j < d; j++)
            for (int i = 0; i < q; i++) loadings[j * q + i] = Scale[j] * w[j, i];
        var mean = Enumerable.Range(0, d).Select(j => Shift[j] + Scale[j] * standardized.Mean[j]).ToArray();
        var noise = Enumerable.Range(0, d).Select(j => Scale[j] * Scale[j] * standardized.NoiseVariances[j]).ToArray();
        return new LinearGaussianModel(loadings, mean, noise, q, standardized.IsIsotropic);
    }
}
