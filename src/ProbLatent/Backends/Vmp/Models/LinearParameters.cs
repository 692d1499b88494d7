using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Models;

/// <summary>
/// The parameters of K linear-Gaussian decoders over a q-dimensional latent — one for Bayesian PCA and factor analysis,
/// one per component for a mixture of them: each row wₖⱼ of the loadings ~ N(0, uⱼ diag(αₖ)⁻¹) under ARD precisions
/// αₖᵢ ~ Gamma, the offsets μₖⱼ ~ N(m₀ⱼ, 1/τ₀ⱼ), and noise precisions τₖⱼ ~ Gamma per dimension or one τₖ (isotropic),
/// all indexed decoder by decoder (k·d + j, k·q + i). It adds their nodes and priors to a factor graph, starts them from
/// a decoder's moments, and reads a decoder's posterior.
/// </summary>
internal sealed class LinearParameters
{
    readonly int _decoders, _dimension, _latentDimension;
    readonly bool _isotropic;
    double _noiseShape;

    LinearParameters(FactorGraph graph, int decoders, int dimension, int latentDimension, bool isotropic, string offsets)
    {
        (_decoders, _dimension, _latentDimension, _isotropic) = (decoders, dimension, latentDimension, isotropic);
        Loadings = graph.Add(new VectorGaussianArrayNode("loadings", decoders * dimension, latentDimension));
        Offsets = graph.Add(new GaussianArrayNode(offsets, decoders * dimension));
        Noise = graph.Add(new GammaArrayNode("noise precisions", isotropic ? decoders : decoders * dimension));
        Relevance = graph.Add(new GammaArrayNode("ARD precisions", decoders * latentDimension));
    }

    public VectorGaussianArrayNode Loadings { get; }
    public GaussianArrayNode Offsets { get; }
    public GammaArrayNode Noise { get; }
    public GammaArrayNode Relevance { get; }

    /// <summary>Adds the nodes — loadings, offsets (named <paramref name="offsets"/>), noise, ARD precisions, the order the schedule updates them in.</summary>
    public static LinearParameters Add(FactorGraph graph, int decoders, int dimension, int latentDimension, bool isotropic, string offsets) =>
        new(graph, decoders, dimension, latentDimension, isotropic, offsets);

    /// <summary>Connects the ARD precisions' prior, the loadings' ARD prior (named <paramref name="ard"/>), the offsets' prior and the noise's.</summary>
    public void ConnectPriors(FactorGraph graph, ResolvedPriors resolved, string ard)
    {
        var (relevanceShape, relevanceRate, rowUnits) = resolved.Relevance(_isotropic);
        graph.Connect(new GammaPriorFactor("ARD precisions prior", Relevance, relevanceShape, relevanceRate), Relevance);
        graph.Connect(new ArdPriorFactor(ard, Loadings, Relevance, rowUnits, _decoders), Loadings, Relevance);
        graph.Connect(new GaussianPriorFactor($"{Offsets.Name} prior", Offsets, resolved.MeanMean, resolved.ColumnMeanPrecisions), Offsets);
        var (noiseShape, noiseRates) = resolved.NoisePrecisions(_isotropic);
        _noiseShape = noiseShape;
        graph.Connect(new GammaPriorFactor("noise precisions prior", Noise, noiseShape, noiseRates), Noise);
    }

    /// <summary>
    /// Starts decoder k from the moments of the points it explains (<paramref name="count"/> of them, weighted): its offsets
    /// at their column means with variance v²ⱼ/N, its noise precisions at 1/v²ⱼ (isotropic: 1 over their mean) with the
    /// shape N more points give, and its loadings at random, each entry of row j ~ N(0, v²ⱼ/q), which breaks the symmetry
    /// between latent dimensions, with covariance (v²ⱼ/q)/N·I. Call after <see cref="ConnectPriors"/>.
    /// </summary>
    public void Start(int k, double count, double[] means, double[] variances, Random random)
    {
        int d = _dimension, q = _latentDimension;
        double points = Math.Max(count, 1);
        var mean = new double[q];
        var covariance = new double[q * q];
        for (int j = 0; j < d; j++)
        {
            double scale = variances[j] / q;
            for (int i = 0; i < q; i++) mean[i] = Math.Sqrt(scale) * random.NextGaussian();
            Array.Clear(covariance);
            for (int i = 0; i < q; i++) covariance[i * q + i] = scale / points;
            Loadings.Initialize(k * d + j, mean, covariance);
            Offsets.Initialize(k * d + j, means[j], variances[j] / points);
        }
        double shape = _noiseShape + 0.5 * count * (_isotropic ? d : 1);
        if (_isotropic) Noise.Initialize(k, shape, shape * variances.Average());
        else
            for (int j = 0; j < d; j++) Noise.Initialize(k * d + j, shape, shape * variances[j]);
    }

    /// <summary>The posterior of decoder k's parameters.</summary>
    public LinearGaussianPosterior Posterior(int k)
    {
        int d = _dimension, q = _latentDimension;
        return new LinearGaussianPosterior(
            Enumerable.Range(k * d, d).Select(Loadings.Posterior).ToArray(),
            Enumerable.Range(k * d, d).Select(Offsets.Posterior).ToArray(),
            (_isotropic ? Enumerable.Range(k, 1) : Enumerable.Range(k * d, d)).Select(Noise.Posterior).ToArray(),
            Enumerable.Range(k * q, q).Select(Relevance.Posterior).ToArray(),
            _isotropic);
    }
}
