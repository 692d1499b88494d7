using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Backends.Vmp.Passes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The mixture gate: an observed xₙ ~ N(μ_zₙ, Λ_zₙ⁻¹), its mean and precision selected by the discrete zₙ.
/// To z: E[log N(xₙ | μₖ, Λₖ⁻¹)] = ½E[log|Λₖ|] − d/2 log 2π − ½[(xₙ − mₖ)ᵀE[Λₖ](xₙ − mₖ) + tr(E[Λₖ]Σₖ)].
/// To μ and Λ: messages built from the statistics Nₖ = Σₙ rₙₖ, Σₙ rₙₖ xₙ and Σₙ rₙₖ xₙxₙᵀ, which the plate's pass
/// gathers, so neither message reads the data again (<see cref="GaussianComponentStatistics"/>).
/// </summary>
internal sealed class GaussianMixtureGateFactor : Factor, IDiscretePlateFactor
{
    readonly VectorGaussianArrayNode _means;
    readonly WishartArrayNode _precisions;
    readonly int _k, _d;
    readonly GaussianComponentStatistics _statistics;
    readonly WhitenedGaussians _whitened;         // per pass: Lᵀ for E[Λₖ] = LLᵀ, the offsets Lᵀmₖ and the per-component constants
    readonly GaussianGateKernel _kernel;

    public GaussianMixtureGateFactor(string name, VectorGaussianArrayNode means, WishartArrayNode precisions) : base(name)
    {
        _means = means;
        _precisions = precisions;
        _k = means.Count;
        _d = means.Dimension;
        _statistics = new GaussianComponentStatistics(means, precisions);
        _whitened = new WhitenedGaussians(_k, _d, full: true, upper: true, centred: false, offsets: true);
        _kernel = new GaussianGateKernel(_whitened);
    }

    public override bool IsLikelihood => true;

    /// <summary>The statistics of q(z) the last pass gathered, which the parameters' messages read.</summary>
    public GaussianComponentStatistics Statistics => _statistics;

    /// <summary>(x − m)ᵀ LLᵀ (x − m) = ‖Lᵀx − Lᵀm‖², with Lᵀm computed once per pass; Nₖ, Σ rₙₖxₙ and the lower triangle of Σ rₙₖxₙxₙᵀ.</summary>
    public IPlateKernel Kernel => _kernel;

    public void BeginPass(DiscretePlateNode plate)
    {
        int d = _d, dd = d * d;
        for (int k = 0; k < _k; k++)
        {
            var precision = _precisions.Mean(k);
            var lower = Cholesky.Factor(precision, d, $"E[{_precisions.Name}[{k}]]").Lower;
            var mean = _means.Mean(k);
            for (int i = 0; i < d; i++)
            {
                double y = 0;
                for (int j = i; j < d; j++)
                {
                    _whitened.Transforms[k * dd + i * d + j] = lower[j * d + i];
                    y += lower[j * d + i] * mean[j];
                }
                _whitened.Offsets[k * d + i] = y;
            }
            _whitened.Constants[k] = 0.5 * (_precisions.MeanLogDeterminant[k] - d * SpecialFunctions.Log2Pi - GaussianComponentStatistics.Trace(precision, _means.Covariance(k)));
        }
    }

    public void EndPass(double[] statistics)
    {
        int d = _d, dd = d * d;
        statistics.AsSpan(0, _k).CopyTo(_statistics.Counts);
        statistics.AsSpan(_k, _k * d).CopyTo(_statistics.Sums);
        statistics.AsSpan(_k + _k * d, _k * dd).CopyTo(_statistics.Scatters);
        MixtureMoments.MirrorLowerTriangles(_statistics.Scatters, _k, d);
    }

    public override void SendTo(Node argument) => _statistics.SendTo(argument, this);

    public override double AverageLog() => _statistics.AverageLog();
}
