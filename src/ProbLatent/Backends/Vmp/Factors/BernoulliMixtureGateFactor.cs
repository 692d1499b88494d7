using System.Numerics.Tensors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Backends.Vmp.Passes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The mixture gate of a mixture of Bernoullis: an observed binary xₙⱼ ~ Bernoulli(p_zₙⱼ), with the K×d
/// probabilities pₖⱼ (index k·d + j) selected by the discrete zₙ.
/// To z: Σⱼ xₙⱼ E[log pₖⱼ] + (1 − xₙⱼ) E[log(1 − pₖⱼ)] = xₙ · (E[log pₖ] − E[log(1 − pₖ)]) + Σⱼ E[log(1 − pₖⱼ)],
/// EM's log-likelihood with expectations in place of the logs: the same product of a block's ones with the log-odds
/// (<see cref="BernoulliRows"/>).
/// To pₖⱼ: a += Σₙ rₙₖ xₙⱼ, b += Nₖ − Σₙ rₙₖ xₙⱼ, from the statistics Nₖ and Σₙ rₙₖ xₙ the plate's pass gathers (the
/// sums by pixel, d×K, as the product over the ones adds them).
/// With missing pixels, each drops out of its row's likelihood given zₙ (the pixels are independent given the component), so
/// the message to z sums the observed pixels only and each pₖⱼ counts the rows that observe pixel j: b += Nₖⱼ − Σₙ rₙₖ xₙⱼ with
/// Nₖⱼ = Nₖ − Σ over the rows missing j of rₙₖ (<see cref="BernoulliGateKernel"/>). The updates stay conjugate, and the
/// ELBO is a bound on log p(x_observed).
/// </summary>
internal sealed class BernoulliMixtureGateFactor : Factor, IDiscretePlateFactor
{
    readonly BetaArrayNode _probabilities;
    readonly int _k, _d;
    readonly double[] _counts, _sums;        // K, K×d
    readonly double[]? _missing;             // Σₙ rₙₖ over the rows missing pixel j, K×d, when rows may miss pixels
    readonly double[] _logOdds, _offsets;    // per pass: E[log p] − E[log(1 − p)] (K×d), Σⱼ E[log(1 − pₖⱼ)] (K)
    readonly double[] _logOddsByColumn;      // the log-odds d×K, as the block product reads them
    readonly BernoulliGateKernel _kernel;

    /// <param name="missing">Whether the plate's rows may miss pixels (a data set or a source with missing cells).</param>
    public BernoulliMixtureGateFactor(string name, BetaArrayNode probabilities, int components, bool missing = false) : base(name)
    {
        if (probabilities.Count % components != 0)
            throw new ArgumentException($"the probabilities must hold {components}×d scalars");
        _probabilities = probabilities;
        _k = components;
        _d = probabilities.Count / components;
        _counts = new double[_k];
        _sums = new double[_k * _d];
        _logOdds = new double[_k * _d];
        _offsets = new double[_k];
        _logOddsByColumn = new double[_k * _d];
        _missing = missing ? new double[_k * _d] : null;
        _kernel = new BernoulliGateKernel(_logOddsByColumn, _offsets, missing ? _probabilities.MeanLogComplement : null);
    }

    public override bool IsLikelihood => true;

    /// <summary>The rows' products with the log-odds; Nₖ and Σ rₙₖxₙ (by pixel, d×K) over each block, added in row order.</summary>
    public IPlateKernel Kernel => _kernel;

    public void BeginPass(DiscretePlateNode plate)
    {
        TensorPrimitives.Subtract(_probabilities.MeanLog, _probabilities.MeanLogComplement, _logOdds);
        for (int k = 0; k < _k; k++) _offsets[k] = TensorPrimitives.Sum<double>(_probabilities.MeanLogComplement.AsSpan(k * _d, _d));
        BernoulliRows.Transpose(_logOdds, _k, _d, _logOddsByColumn);
    }

    public void EndPass(double[] statistics)
    {
        statistics.AsSpan(0, _k).CopyTo(_counts);
        BernoulliRows.Transpose(statistics.AsSpan(_k, _k * _d), _d, _k, _sums);
        if (_missing is not null) BernoulliRows.Transpose(statistics.AsSpan(_k + _k * _d, _k * _d), _d, _k, _missing);
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

    /// <summary>
    /// Nₖⱼ − Σₙ rₙₖ xₙⱼ, the expected count of observed zeros, Nₖⱼ being Nₖ less the rows missing pixel j; the floor at 0 only
    /// removes rounding (xₙⱼ ≤ 1 makes it non-negative).
    /// </summary>
    double Zeros(int i) => Math.Max(0, (_missing is null ? _counts[i / _d] : _counts[i / _d] - _missing[i]) - _sums[i]);
}
