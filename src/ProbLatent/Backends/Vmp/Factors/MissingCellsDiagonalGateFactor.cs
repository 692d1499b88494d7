using ProbLatent.Backends.Vmp.Passes;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The diagonal mixture gate (<see cref="DiagonalGaussianMixtureGateFactor"/>) on data in memory with missing cells. A
/// missing cell is independent of its row's other cells given zₙ, so integrating it out of p(xₙ | zₙ, θ) leaves the product
/// over the observed cells: it drops out of the message to z, Σ_{j observed} ½E[log λₖⱼ] − ½ log 2π − ½E[λₖⱼ]((xₙⱼ − mₖⱼ)² + vₖⱼ),
/// and of the statistics, each cell's count being Nₖⱼ = Σₙ rₙₖ over the rows that observe column j
/// (<see cref="DiagonalComponentStatistics.CellCounts"/>). The updates stay conjugate, and the ELBO is that of log p(x_observed).
/// </summary>
internal sealed class MissingCellsDiagonalGateFactor : Factor, IDiscretePlateFactor, IPlateKernel
{
    /// <summary>Its rows are read here only: each row's pattern of missing cells is the matrix's.</summary>
    public IPlateKernel Kernel => this;

    readonly DataMatrix _data;
    readonly MissingPatterns _missing;
    readonly GaussianArrayNode _means;
    readonly GammaArrayNode _precisions;
    readonly int _k, _d;
    readonly DiagonalComponentStatistics _statistics;
    readonly double[] _constants; // per pass and pattern: Σ_{j observed} ½(E[log λₖⱼ] − log 2π − E[λₖⱼ] vₖⱼ), P×K

    public MissingCellsDiagonalGateFactor(string name, DataMatrix data, GaussianArrayNode means, GammaArrayNode precisions, int components)
        : base(name)
    {
        if (means.Count != components * data.Columns || precisions.Count != means.Count)
            throw new ArgumentException($"means and precisions must both hold {components}×{data.Columns} scalars");
        _data = data;
        _missing = data.Missing ?? throw new ArgumentException("the gate for missing cells needs a data set with some", nameof(data));
        _means = means;
        _precisions = precisions;
        _k = components;
        _d = data.Columns;
        _statistics = new DiagonalComponentStatistics(means, precisions, components) { CellCounts = new double[components * data.Columns] };
        _constants = new double[_missing.Patterns.Count * _k];
    }

    public override bool IsLikelihood => true;

    public int StatisticsLength => _k * (1 + 3 * _d);

    /// <summary>The rows are the data this gate holds, in memory as one block.</summary>
    public void BeginBlock(DataMatrix rows) { }

    public void BeginPass(DiscretePlateNode plate)
    {
        for (int p = 0; p < _missing.Patterns.Count; p++)
            for (int k = 0; k < _k; k++)
            {
                double c = 0;
                foreach (int j in _missing.Patterns[p].Observed)
                {
                    int i = k * _d + j;
                    c += 0.5 * (_precisions.MeanLog[i] - SpecialFunctions.Log2Pi - _precisions.Mean[i] * _means.Variance[i]);
                }
                _constants[p * _k + k] = c;
            }
    }

    public void AddLogMessages(int start, int end, Span<double> logPotentials)
    {
        int d = _d;
        var m = _means.Mean;
        var lambda = _precisions.Mean;
        for (int n = start; n < end; n++)
        {
            var x = _data.Row(n);
            var row = logPotentials.Slice((n - start) * _k, _k);
            int constants = _missing.PatternOf(n) * _k;
            for (int k = 0; k < _k; k++)
            {
                double quad = 0;
                for (int j = 0; j < d; j++)
                {
                    double r = x[j] - m[k * d + j];
                    if (!double.IsNaN(r)) quad += lambda[k * d + j] * r * r; // a missing cell drops out
                }
                row[k] += _constants[constants + k] - 0.5 * quad;
            }
        }
    }

    /// <summary>Nₖ, and over the observed cells only Σ rₙₖxₙⱼ, Σ rₙₖxₙⱼ² and the cells' counts Nₖⱼ.</summary>
    public void Accumulate(int start, int end, ReadOnlySpan<double> probabilities, Span<double> statistics)
    {
        int d = _d, k = _k;
        var counts = statistics[..k];
        var sums = statistics.Slice(k, k * d);
        var squares = statistics.Slice(k + k * d, k * d);
        var cells = statistics.Slice(k + 2 * k * d, k * d);
        for (int n = start; n < end; n++)
        {
            var x = _data.Row(n);
            var r = probabilities.Slice((n - start) * k, k);
            for (int c = 0; c < k; c++)
            {
                double w = r[c];
                counts[c] += w;
                for (int j = 0; j < d; j++)
                {
                    if (double.IsNaN(x[j])) continue;
                    double wx = w * x[j];
                    sums[c * d + j] += wx;
                    squares[c * d + j] += wx * x[j];
                    cells[c * d + j] += w;
                }
            }
        }
    }

    public void EndPass(double[] statistics)
    {
        statistics.AsSpan(0, _k).CopyTo(_statistics.Counts);
        statistics.AsSpan(_k, _k * _d).CopyTo(_statistics.Sums);
        statistics.AsSpan(_k + _k * _d, _k * _d).CopyTo(_statistics.Squares);
        statistics.AsSpan(_k + 2 * _k * _d, _k * _d).CopyTo(_statistics.CellCounts!);
    }

    public override void SendTo(Node argument) => _statistics.SendTo(argument, this);

    public override double AverageLog() => _statistics.AverageLog();
}
