using ProbLatent.Backends;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Modeling;

public class EnergyDefinitionTests
{
    static Model Rbm(int hidden = 3, int visible = 4) =>
        Model.Define("rbm").Latent("h", Prior.Bernoulli(hidden)).Energy(Energy.Bilinear()).Observe("x", visible);

    [Fact]
    public void A_bilinear_energy_over_one_boolean_latent_is_a_restricted_Boltzmann_machine_with_the_energy_s_three_parameters()
    {
        var graph = Rbm().Graph;
        Assert.Equal(ModelFamily.RestrictedBoltzmannMachine, graph.ClassicFamily);
        Assert.Equal(["x.weights", "x.visible_biases", "x.hidden_biases"], graph.Parameters.Select(p => p.FullName));
        Assert.Equal(3, graph.Parameters.Single(p => p.Name == "hidden_biases").Size);
        Assert.Same(graph.Latents[0], graph.Observation.Decoder.Input);
    }

    [Fact]
    public void An_energy_is_refused_at_definition_over_anything_but_one_root_boolean_latent()
    {
        var gaussian = Assert.Throws<ModelDefinitionException>(() =>
            Model.Define("m").Latent("z", Prior.StandardNormal(2)).Energy(Energy.Bilinear()));
        Assert.Contains("Prior.Bernoulli(n)", gaussian.Message);
        Assert.Contains("'z' is StandardNormal(2)", gaussian.Message);

        var two = Assert.Throws<ModelDefinitionException>(() => Model.Define("m")
            .Latent("h2", Prior.Bernoulli(2)).Latent("h1", Prior.Bernoulli(2).Given("h2", Decoder.Linear(Likelihood.Bernoulli())))
            .Energy(Energy.Bilinear()).Observe("x", 3));
        Assert.Contains("deep belief net", two.Message);

        var low = Assert.Throws<ModelDefinitionException>(() => Model.Define("m").Latent("h3", Prior.Bernoulli(2))
            .Latent("h2", Prior.Bernoulli(2).Given("h3", Decoder.Linear(Likelihood.Bernoulli()))).Latent("h1", Prior.Bernoulli(2).Given("h2", Energy.Bilinear())));
        Assert.Contains("a deep belief net's top pair, joining the second latent declared with the first", low.Message);
        Assert.Contains("'h2' is Boolean, not a root,", low.Message);

        var gaussianPair = Assert.Throws<ModelDefinitionException>(() => Model.Define("m")
            .Latent("z", Prior.StandardNormal(2)).Latent("h1", Prior.Bernoulli(2).Given("z", Energy.Bilinear())));
        Assert.Contains("'z' is Gaussian", gaussianPair.Message);

        var asDecoder = Assert.Throws<ModelDefinitionException>(() => Model.Define("m").Latent("h", Prior.Bernoulli(2)).Decoder(Energy.Bilinear()));
        Assert.Contains(".Energy(...)", asDecoder.Message);
    }

    static Model DeepBeliefNet() => Model.Define("dbn").Latent("h2", Prior.Bernoulli(2)).Latent("h1", Prior.Bernoulli(3).Given("h2", Energy.Bilinear()))
        .Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", 4);

    [Fact]
    public void An_energy_between_the_top_two_latents_is_a_deep_belief_net_whose_top_root_has_no_prior_of_its_own()
    {
        var graph = DeepBeliefNet().Graph;
        Assert.Null(graph.ClassicFamily);
        Assert.Equal(["h1.weights", "h1.visible_biases", "h1.hidden_biases", "x.loadings", "x.bias"], graph.Parameters.Select(p => p.FullName));
        Assert.Same(graph.Latents[0], graph.Latents[1].Conditional!.Input);
        Assert.Equal([3, 2], DeepBeliefNet().Compile(Inference.Contrastive()).Layers);
    }

    [Fact]
    public void The_directed_backends_refuse_an_energy_naming_it_and_the_contrastive_backend()
    {
        IBackend[] directed = [Inference.Em(), Inference.Vmp(), Inference.Reparameterized(), Inference.Exact()];
        foreach (var backend in directed)
        {
            var net = Assert.Throws<BackendNotSupportedException>(() => DeepBeliefNet().Compile(backend));
            Assert.Contains("joins 'h1' and boolean 'h2' undirected", net.Message);
            Assert.Contains("a deep belief net, greedily", net.Message);
            var refusal = Assert.Throws<BackendNotSupportedException>(() => Rbm().Compile(backend));
            Assert.Contains("Energy.Bilinear", refusal.Message);
            Assert.Contains("undirected", refusal.Message);
            Assert.Contains("Inference.Contrastive()", refusal.Message);
            Assert.Contains($"the {backend.Name} backend", refusal.Message);
        }
    }

    [Fact]
    public void The_contrastive_backend_refuses_a_directed_model_offering_the_backends_that_fit_it()
    {
        var mixture = Model.Define("m").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Bernoulli())).Observe("x", 3);
        var refusal = Assert.Throws<BackendNotSupportedException>(() => mixture.Compile(Inference.Contrastive()));
        Assert.Contains("directed", refusal.Message);
        Assert.Contains("Inference.Em()", refusal.Message);
        var stated = Rbm().Prior("weights", ParameterPrior.Gaussian(precision: 1));
        Assert.Contains("WeightDecay", Assert.Throws<BackendNotSupportedException>(() => stated.Compile(Inference.Contrastive())).Message);
    }
}
