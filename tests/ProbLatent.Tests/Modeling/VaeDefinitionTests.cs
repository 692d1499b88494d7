using ProbLatent.Modeling;

namespace ProbLatent.Tests.Modeling;

public class VaeDefinitionTests
{
    static Model Vae() => Model.Define("mnist")
        .Latent("z", Prior.StandardNormal(dimension: 50))
        .Decoder(Decoder.Mlp(200, 200).WithActivation(Activation.Tanh), Likelihood.Bernoulli())
        .Observe("x", dimension: 784)
        .Guide(Encoder.Mlp(200, 200));

    [Fact]
    public void A_neural_decoder_makes_a_variational_autoencoder()
    {
        Assert.Equal(ModelFamily.VariationalAutoencoder, Vae().Family);
        Assert.Equal(Vae(), Vae());
        var mixturePrior = Model.Define("m").Latent("z", Prior.MixtureOfGaussians(10, 2))
            .Decoder(Decoder.Mlp(100).WithLikelihood(Likelihood.GaussianWithVariance(0.5))).Observe("x", 3);
        Assert.Equal(ModelFamily.VariationalAutoencoder, mixturePrior.Family);
    }

    [Fact]
    public void Inconsistent_vae_definitions_name_the_part()
    {
        Assert.Contains("needs a Gaussian latent", Assert.Throws<ModelDefinitionException>(() =>
            Model.Define("m").Latent("z", Prior.Categorical(3)).Decoder(Decoder.Mlp(10))).Message);
        Assert.Contains("needs a neural decoder", Assert.Throws<ModelDefinitionException>(() =>
            Model.Define("m").Latent("z", Prior.MixtureOfGaussians(3, 2)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic)))).Message);
        Assert.Equal("model 'm': a Gaussian guide needs Gaussian latents, but 'z' is Categorical(3)", Assert.Throws<ModelDefinitionException>(() =>
            Model.Define("m").Latent("z", Prior.Categorical(3)).Guide(Encoder.Mlp(10))).Message);
        Assert.Contains("at least one unit", Assert.Throws<ModelDefinitionException>(() => Decoder.Mlp(200, 0)).Message);
        Assert.Contains("positive and finite", Assert.Throws<ModelDefinitionException>(() => Likelihood.GaussianWithVariance(0)).Message);
    }

    [Fact]
    public void A_point_mass_guide_of_a_discrete_latent_is_refused_for_what_a_point_mass_needs()
    {
        const string Refusal = "model 'm': a point-mass guide gives a real-valued code z = f(x), so it needs Gaussian latents, but 'c' is Categorical(3)";
        var pointMass = Encoder.Mlp(10).PointMass();
        Assert.Equal(Refusal, Assert.Throws<ModelDefinitionException>(() => Model.Define("m").Latent("c", Prior.Categorical(3)).Guide(pointMass)).Message);
        // A discrete latent declared after the guide is refused when the graph is built, in the same words.
        var guided = Model.Define("m").Latent("z", Prior.StandardNormal(2)).Guide(pointMass).Latent("c", Prior.Categorical(3));
        Assert.Equal(Refusal, Assert.Throws<ModelDefinitionException>(() =>
            guided.Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal))).SelectedBy("c").From("z")).Observe("x", 4)).Message);
    }

    [Fact]
    public void Exact_em_and_vmp_refuse_a_neural_decoder_and_name_the_backend_that_fits_it()
    {
        foreach (var backend in new ProbLatent.Backends.IBackend[] { Inference.Exact(), Inference.Em(), Inference.Vmp() })
        {
            var ex = Assert.Throws<BackendNotSupportedException>(() => Vae().Compile(backend));
            Assert.Contains("Inference.Reparameterized", ex.Message);
        }
    }
}
