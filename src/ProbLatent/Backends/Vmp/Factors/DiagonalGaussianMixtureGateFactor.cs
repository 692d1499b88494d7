using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Backends.Vmp.Passes;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The mixture gate with diagonal covariances: an observed xₙⱼ ~ N(μ_zₙⱼ, 1/λ_zₙⱼ), with independent scalar means μₖⱼ
/// and precisions λₖⱼ (both K×d arrays, index k·d + j) selected by the discrete zₙ.
/// To z: Σⱼ ½E[log λₖⱼ] − ½ log 2π − ½E[λₖⱼ]((xₙⱼ − mₖⱼ)² + vₖⱼ).
/// To μₖⱼ: precision Nₖ E[λₖⱼ], precision-times-mean E[λₖⱼ] Σₙ rₙₖ xₙⱼ.
/// To λₖⱼ: shape Nₖ/2, rate ½ Σₙ rₙₖ E[(xₙⱼ − μₖⱼ)²].
/// Both parameter messages come from the statistics Nₖ, Σₙ rₙₖ xₙⱼ and Σₙ rₙₖ xₙⱼ², which the plate's pass gathers
/// (<see cref="DiagonalComponentStatistics"/>).
/// </summary>
internal sealed class DiagonalGaussianMixtureGateFactor : Factor, IDiscretePlateFactor
{
    readonly GaussianArrayNode _means;
    readonly GammaArrayNode _precisions;
    readonly int _k, _d;
    readonly DiagonalComponentStatistics _statistics;
    readonly WhitenedGaussians _whitened;        // per pass: E[λₖⱼ] about mₖⱼ and Σⱼ ½(E[log λₖⱼ] − log 2π − E[λₖⱼ] vₖⱼ)
    readonly GaussianGateKernel _kernel;

    public DiagonalGaussianMixtureGateFactor(string name, GaussianArrayNode means, GammaArrayNode precisions, int components)
        : base(name)
    {
        if (means.Count % components != 0 || precisions.Count != means.Count)
            throw new ArgumentException($"means and precisions must both hold {components}×d scalars");
        _means = means;
        _precisions = precisions;
        _k = components;
        _d = means.Count / components;
        _statistics = new DiagonalComponentStatistics(means, precisions, components);
        _whitened = new WhitenedGaussians(_k, _d, full: false);
        _kernel = new GaussianGateKernel(_whitened);
    }

    public override bool IsLikelihood => true;

    /// <summary>The statistics of q(z) the last pass gathered, which the parameters' messages read.</summary>
    public DiagonalComponentStatistics Statistics => _statistics;

    /// <summary>The diagonal components' expected log densities; Nₖ, Σ rₙₖxₙⱼ and Σ rₙₖxₙⱼ² over each block, from its columns.</summary>
    public IPlateKernel Kernel => _kernel;

    public void BeginPass(DiscretePlateNode plate)
    {
        _means.Mean.CopyTo(_whitened.Centres);
        _precisions.Mean.CopyTo(_whitened.Transforms);
        for (int k = 0; k < _k; k++)
        {
            double c = 0;
            for (int j = 0; j < _d; j++)
            {
                int i = k * _d + j;
                c += 0.5 * (_precisions.MeanLog[i] - SpecialFunctions.Log2Pi - _precisions.Mean[i] * _means.Variance[i]);
            }
            _whitened.Constants[k] = c;
        }
    }

    public void EndPass(double[] statistics)
    {
        statistics.AsSpan(0, _k).CopyTo(_statistics.Counts);
        statistics.AsSpan(_k, _k * _d).CopyTo(_statistics.Sums);
        statistics.AsSpan(_k + _k * _d, _k * _d).CopyTo(_statistics.Squares);
    }

    public override void SendTo(Node argument) => _statistics.SendTo(argument, this);

    public override double AverageLog() => _statistics.AverageLog();
}
