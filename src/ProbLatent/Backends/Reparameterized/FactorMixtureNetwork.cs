using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Reparameterized;

/// <summary>
/// Reads a network with a per-component linear decoder (<see cref="VaeArchitecture.ComponentDecoder"/>) as the mixture of
/// factor analysers it is: π = softmax of the prior's logits, Wₖ from the decoder's weight rows k·q … k·q + q − 1, μₖ
/// from its row K·q + k plus the bias the components share, Ψₖ from component k's noise log-variances; in double.
/// </summary>
internal static class FactorMixtureNetwork
{
    public static MixtureOfFactorAnalysers Read(VaeNetwork network)
    {
        var architecture = network.Architecture;
        if (!architecture.ComponentDecoder)
            throw new InvalidOperationException("only a per-component linear decoder is a mixture of factor analysers");
        int k = network.Components, q = network.LatentDimension, d = architecture.DataDimension;
        var layer = network.DecoderLayers[0];
        var weight = layer.Weight.Value;
        var bias = layer.Bias.Value;
        var weights = network.PriorLogits!.Span.ToArray().Select(v => (double)v).ToArray();
        LogSumExp.Normalize(weights);
        var components = new LinearGaussianModel[k];
        for (int c = 0; c < k; c++)
        {
            var loadings = new double[d * q];
            for (int j = 0; j < d; j++)
                for (int i = 0; i < q; i++) loadings[j * q + i] = weight[c * q + i, j];
            var mean = Enumerable.Range(0, d).Select(j => (double)bias[0, j] + weight[k * q + c, j]).ToArray();
            components[c] = new LinearGaussianModel(loadings, mean, network.NoiseVariances(c), q,
                isotropic: architecture.Noise == ObservationNoise.LearnedIsotropic);
        }
        return new MixtureOfFactorAnalysers(weights, components);
    }
}
