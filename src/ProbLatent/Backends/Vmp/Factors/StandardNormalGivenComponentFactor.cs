using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// hₙ | cₙ = k ~ N(0, I_q) for every point and component of a factor-mixture plate: the factors' prior, the same in
/// every component. To hₙ given k: precision I, precision-times-mean 0. To cₙ = k: E[log N(hₙ; 0, I) | k] =
/// −q/2 log 2π − ½(‖mₙₖ‖² + tr Sₖ), with Sₖ the covariance of row n's pattern of missing cells where some are.
/// </summary>
internal sealed class StandardNormalGivenComponentFactor(string name, FactorMixturePlateNode variable)
    : Factor(name), IFactorMixturePlateFactor
{
    readonly double[] _counts = new double[variable.Components];          // Nₖ
    readonly double[] _sumSquaredMeans = new double[variable.Components]; // Σₙ rₙₖ ‖mₙₖ‖²
    readonly double[] _sumTraces = new double[variable.Components];       // with missing cells: Σₙ rₙₖ tr S_p(n)k

    public override bool IsPrior => true;

    bool PerPattern => variable.Missing is not null;

    public int StatisticsLength => (PerPattern ? 3 : 2) * variable.Components;

    public void BeginPass(FactorMixturePlateNode plate, Span<double> precisions)
    {
        int q = plate.Dimension;
        for (int block = 0; block < plate.Patterns * plate.Components; block++)
            for (int i = 0; i < q; i++) precisions[block * q * q + i * q + i] += 1;
    }

    public void AddPrecisionMeans(FactorMixturePlateNode plate, int start, int end, Span<double> precisionMeans) { }

    public void AddLogMessages(FactorMixturePlateNode plate, int start, int end, ReadOnlySpan<double> means, Span<double> logPotentials)
    {
        int q = plate.Dimension, components = plate.Components;
        for (int c = 0; c < components; c++)
        {
            double constant = PerPattern ? 0 : -0.5 * (q * SpecialFunctions.Log2Pi + Trace(0, c));
            for (int n = 0; n < end - start; n++)
            {
                if (PerPattern) constant = -0.5 * (q * SpecialFunctions.Log2Pi + Trace(plate.PatternOf(start + n), c));
                var m = means.Slice((n * components + c) * q, q);
                double squares = 0;
                foreach (var v in m) squares += v * v;
                logPotentials[n * components + c] += constant - 0.5 * squares;
            }
        }
    }

    public void Accumulate(int start, int end, ReadOnlySpan<double> responsibilities, ReadOnlySpan<double> means, Span<double> statistics)
    {
        int q = variable.Dimension, components = variable.Components;
        for (int n = 0; n < end - start; n++)
            for (int c = 0; c < components; c++)
            {
                double w = responsibilities[n * components + c];
                if (w == 0) continue;
                var m = means.Slice((n * components + c) * q, q);
                double squares = 0;
                foreach (var v in m) squares += v * v;
                statistics[c] += w;
                statistics[components + c] += w * squares;
                if (PerPattern) statistics[2 * components + c] += w * Trace(variable.PatternOf(start + n), c);
            }
    }

    public void EndPass(FactorMixturePlateNode plate, double[] statistics)
    {
        statistics.AsSpan(0, plate.Components).CopyTo(_counts);
        statistics.AsSpan(plate.Components, plate.Components).CopyTo(_sumSquaredMeans);
        if (PerPattern) statistics.AsSpan(2 * plate.Components, plate.Components).CopyTo(_sumTraces);
    }

    /// <summary>Σₖ −½(Nₖ q log 2π + Σₙ rₙₖ ‖mₙₖ‖² + Nₖ tr Sₖ), the last Σₙ rₙₖ tr S_p(n)k with missing cells.</summary>
    public override double AverageLog()
    {
        int q = variable.Dimension;
        double value = 0;
        for (int c = 0; c < variable.Components; c++)
            value -= 0.5 * (_counts[c] * q * SpecialFunctions.Log2Pi + _sumSquaredMeans[c] + (PerPattern ? _sumTraces[c] : _counts[c] * Trace(0, c)));
        return value;
    }

    double Trace(int pattern, int component)
    {
        int q = variable.Dimension;
        var s = variable.Covariance(pattern, component);
        double trace = 0;
        for (int i = 0; i < q; i++) trace += s[i * q + i];
        return trace;
    }
}
