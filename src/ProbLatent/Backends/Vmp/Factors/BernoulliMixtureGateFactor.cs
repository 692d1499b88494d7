using System.Numerics.Tensors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The mixture gate of a mixture of Bernoullis: an observed binary xₙⱼ ~ Bernoulli(p_zₙⱼ), with the K×d
/// probabilities pₖⱼ (index k·d + j) selected by the discrete zₙ.
/// To z: Σⱼ xₙⱼ E[log pₖⱼ] + (1 − xₙⱼ) E[log(1 − pₖⱼ)] = xₙ · (E[log pₖ] − E[log(1 − pₖ)]) + Σⱼ E[log(1 − pₖⱼ)],
/// one vectorised dot product per row and component.
/// To pₖⱼ: a += Σₙ rₙₖ xₙⱼ, b += Nₖ − Σₙ rₙₖ xₙⱼ, from the statistics Nₖ and Σₙ rₙₖ xₙ the plate's pass gathers.
/// </summary>
internal sealed class BernoulliMixtureGateFactor : Factor, IDiscretePlateFactor
{
    readonly DataMatrix _data;
    readonly BetaArrayNode _probabilities;
    readonly int _k, _d;
    readonly double[] _counts, _sums;        // K, K×d
    readonly double[] _logOdds, _offsets;    // per pass: E[log p] − E[log(1 − p)] (K×d), Σⱼ E[log(1 − pₖⱼ)] (K)

    public BernoulliMixtureGateFactor(string name, DataMatrix data, BetaArrayNode probabilities, int components) : base(name)
    {
        if (probabilities.Count != components * data.Columns)
            throw new ArgumentException($"the probabilities must hold {components}×{data.Columns} scalars");
        _data = data;
        _probabilities = probabilities;
        _k = components;
        _d = data.Columns;
        _counts = new double[_k];
        _sums = new double[_k * _d];
        _logOdds = new double[_k * _d];
        _offsets = new double[_k];
    }

    public override bool IsLikelihood => true;

    public int StatisticsLength => _k * (1 + _d);

    public void BeginPass(DiscretePlateNode plate)
    {
        TensorPrimitives.Subtract(_probabilities.MeanLog, _probabilities.MeanLogComplement, _logOdds);
        for (int k = 0; k < _k; k++) _offsets[k] = TensorPrimitives.Sum<double>(_probabilities.MeanLogComplement.AsSpan(k * _d, _d));
    }

    public void AddLogMessages(DiscretePlateNode plate, int start, int end, Span<double> logPotentials)
    {
        int d = _d;
        for (int n = start; n < end; n++)
        {
            var x = _data.Row(n);
            var row = logPotentials.Slice((n - start) * _k, _k);
            for (int k = 0; k < _k; k++) row[k] += TensorPrimitives.Dot(x, _logOdds.AsSpan(k * d, d)) + _offsets[k];
        }
    }

    /// <summary>Nₖ and Σ rₙₖxₙ over the block.</summary>
    public void Accumulate(int start, int end, ReadOnlySpan<double> probabilities, Span<double> statistics)
    {
        int d = _d, k = _k;
        MixtureMoments.AddRows(_data.Values.Slice(start * d, (end - start) * d), end - start, d, probabilities, k, [],
            statistics[..k], statistics.Slice(k, k * d), [], MixtureMoments.Second.None);
    }

    public void EndPass(double[] statistics)
    {
        statistics.AsSpan(0, _k).CopyTo(_counts);
        statistics.AsSpan(_k, _k * _d).CopyTo(_sums);
    }

    public override void SendTo(Node argument)
    {
        if (argument == _probabilities) ToProbabilities(_probabilities);
        else throw NotAnArgument(argument);
    }

    /// <summary>To pₖⱼ: a − 1 += Σₙ rₙₖ xₙⱼ, b − 1 += Nₖ − Σₙ rₙₖ xₙⱼ.</summary>
    void ToProbabilities(BetaArrayNode node)
    {
        for (int i = 0; i < _k * _d; i++)
        {
            node.AlphaSum[i] += _sums[i];
            node.BetaSum[i] += Zeros(i);
        }
    }

    /// <summary>Σₖⱼ (Σₙ rₙₖ xₙⱼ) E[log pₖⱼ] + (Nₖ − Σₙ rₙₖ xₙⱼ) E[log(1 − pₖⱼ)].</summary>
    public override double AverageLog()
    {
        double value = 0;
        for (int i = 0; i < _k * _d; i++)
            value += _sums[i] * _probabilities.MeanLog[i] + Zeros(i) * _probabilities.MeanLogComplement[i];
        return value;
    }

    /// <summary>Nₖ − Σₙ rₙₖ xₙⱼ, the expected count of zeros; the floor at 0 only removes rounding (xₙⱼ ≤ 1 makes it non-negative).</summary>
    double Zeros(int i) => Math.Max(0, _counts[i / _d] - _sums[i]);
}
