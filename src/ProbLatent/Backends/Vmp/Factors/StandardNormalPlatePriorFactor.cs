using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>zₙ ~ N(0, I_q) for every point of a plate, over moments or rows in memory. To z: precision I, precision-times-mean 0.</summary>
internal sealed class StandardNormalPlatePriorFactor(string name, VectorGaussianPlateNode variable)
    : Factor(name), IVectorGaussianPlateFactor, IMomentPlateFactor
{
    double _sumSquaredMeans;

    public override bool IsPrior => true;

    public int StatisticsLength => 1;

    public void BeginPass(VectorGaussianPlateNode plate, Span<double> precision)
    {
        int q = plate.Dimension;
        for (int i = 0; i < q; i++) precision[i * q + i] += 1;
    }

    public void AddPrecisionMeans(VectorGaussianPlateNode plate, int start, int end, Span<double> precisionMeans) { }

    public void AddPrecisionMeanMap(VectorGaussianPlateNode plate, Span<double> linear, Span<double> constant) { }

    public void EndPass(VectorGaussianPlateNode plate, PlateMeanSums sums) => _sumSquaredMeans = sums.SquaredNorms;

    /// <summary>Σₙ ‖mₙ‖².</summary>
    public void Accumulate(int start, int end, ReadOnlySpan<double> means, Span<double> statistics)
    {
        double s = 0;
        foreach (var m in means) s += m * m;
        statistics[0] += s;
    }

    public void EndPass(VectorGaussianPlateNode plate, double[] statistics) => _sumSquaredMeans = statistics[0];

    /// <summary>Σₙ −q/2 log 2π − ½ E[zₙᵀzₙ] = −Nq/2 log 2π − ½(Σₙ ‖mₙ‖² + N tr S).</summary>
    public override double AverageLog()
    {
        int q = variable.Dimension;
        double trace = 0;
        for (int i = 0; i < q; i++) trace += variable.Covariance[i * q + i];
        return -0.5 * (variable.Count * q * SpecialFunctions.Log2Pi + _sumSquaredMeans + variable.Count * trace);
    }
}
