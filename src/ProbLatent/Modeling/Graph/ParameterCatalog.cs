namespace ProbLatent.Modeling.Graph;

/// <summary>The named parameters each part of a graph has: a root latent's prior, and the decoder of each generated variable.</summary>
internal static class ParameterCatalog
{
    public static IEnumerable<ModelParameter> OfRoot(LatentNode latent) => latent.Prior switch
    {
        CategoricalPrior c => [new(latent.Name, "weights", ParameterRole.Weights, c.Components)],
        // A Dirichlet on "transitions" is a prior on each row of A, every row the same.
        MarkovChainPrior m =>
        [
            new(latent.Name, "initial", ParameterRole.Weights, m.States),
            new(latent.Name, "transitions", ParameterRole.Weights, m.States),
        ],
        BernoulliPrior b => [new(latent.Name, "probabilities", ParameterRole.Probabilities, b.LatentDimension)],
        GaussianMixturePrior m =>
        [
            new(latent.Name, "weights", ParameterRole.Weights, m.Components),
            new(latent.Name, "means", ParameterRole.Means, m.LatentDimension),
            new(latent.Name, "precisions", ParameterRole.Precisions, m.LatentDimension, Covariance.Diagonal),
        ],
        _ => [],
    };

    /// <summary>The parameters of the decoder that generates <paramref name="owner"/>, a variable of <paramref name="dimension"/> values.</summary>
    public static IEnumerable<ModelParameter> OfDecoder(string owner, int dimension, DecoderNode decoder)
    {
        bool selected = decoder.Selector is not null;
        var noise = decoder.Likelihood is GaussianLikelihood { FixedVariance: null } g
            ? new ModelParameter(owner, "precisions", ParameterRole.Precisions, dimension, g.Covariance)
            : null;
        IEnumerable<ModelParameter?> parameters = (decoder.Map, decoder.Likelihood) switch
        {
            (Energy, _) =>
            [
                new(owner, "weights", ParameterRole.Loadings, dimension), new(owner, "visible_biases", ParameterRole.Means, dimension),
                new(owner, "hidden_biases", ParameterRole.Means, decoder.Input!.Dimension),
            ],
            (null, GaussianLikelihood) => [new(owner, "means", ParameterRole.Means, dimension), noise],
            (null, BernoulliLikelihood) => [new(owner, "probabilities", ParameterRole.Probabilities, dimension)],
            // A Dirichlet on a categorical's "probabilities" is a prior on each component's and column's symbol probabilities, all the same.
            (null, CategoricalLikelihood c) => [new(owner, "probabilities", ParameterRole.Weights, c.Symbols)],
            (LinearDecoder, GaussianLikelihood) =>
                [new(owner, "loadings", ParameterRole.Loadings, dimension), new(owner, selected ? "means" : "mean", ParameterRole.Means, dimension), noise],
            (LinearDecoder, BernoulliLikelihood) =>
                [new(owner, "loadings", ParameterRole.Loadings, dimension), new(owner, "bias", ParameterRole.Means, dimension)],
            _ => [],
        };
        return parameters.OfType<ModelParameter>();
    }
}
