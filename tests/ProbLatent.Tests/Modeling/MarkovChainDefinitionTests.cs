using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Tests.Modeling;

public class MarkovChainDefinitionTests
{
    static Model Hmm(Likelihood emission) => Model.Define("hmm")
        .Latent("z", Prior.MarkovChain(Prior.Categorical(3)))
        .Decoder(Decoder.PerComponent(emission))
        .Observe("x", dimension: 2);

    [Fact]
    public void A_chain_selecting_a_per_component_emission_is_a_hidden_markov_model_on_the_plate_of_steps()
    {
        var graph = Hmm(Likelihood.Gaussian(Covariance.Diagonal)).Graph;
        Assert.Equal(ModelFamily.HiddenMarkovModel, graph.ClassicFamily);
        var z = graph.Latent("z");
        Assert.Equal(LatentKind.Chain, z.Kind);
        Assert.Equal(3, z.States);
        Assert.Equal(Plate.Steps, z.Plate);
        Assert.Equal(Plate.Sequences, z.Plate.Outer);
        Assert.Equal(Plate.Steps, graph.Observation.Plate);
        Assert.Same(z, graph.Observation.Decoder.Selector);
        Assert.Equal(["z.initial", "z.transitions", "x.means", "x.precisions"], graph.Parameters.Select(p => p.FullName));
        Assert.Equal(ModelFamily.HiddenMarkovModel, Hmm(Likelihood.Bernoulli()).Family);
    }

    [Theory]
    [InlineData("gaussian", "not a Gaussian latent")]
    [InlineData("bernoulli", "not a boolean latent")]
    [InlineData("chain", "not a chain (a chain of chains) latent")]
    public void A_chain_over_anything_but_a_categorical_latent_is_refused_naming_it(string inner, string reason)
    {
        Prior states = inner switch
        {
            "gaussian" => Prior.StandardNormal(2),
            "bernoulli" => Prior.Bernoulli(2),
            _ => Prior.MarkovChain(Prior.Categorical(2)),
        };
        var e = Assert.Throws<ModelDefinitionException>(() => Prior.MarkovChain(states));
        Assert.Contains($"Prior.MarkovChain({states}): a Markov chain here runs over the states of a categorical latent, Prior.Categorical(K), {reason}", e.Message);
    }

    [Fact]
    public void A_chain_with_the_wrong_decoder_or_a_condition_is_refused_at_definition()
    {
        var linear = Assert.Throws<ModelDefinitionException>(() => Model.Define("m")
            .Latent("z", Prior.MarkovChain(Prior.Categorical(2))).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal))));
        Assert.Contains("latent 'z' is a Markov chain over discrete states, whose emission is a per-component decoder", linear.Message);
        var isotropic = Assert.Throws<ModelDefinitionException>(() => Hmm(Likelihood.Gaussian(Covariance.Isotropic)));
        Assert.Contains("a per-component Gaussian supports Covariance.Full or Covariance.Diagonal, not Isotropic", isotropic.Message);
        var given = Assert.Throws<ModelDefinitionException>(() => Model.Define("m")
            .Latent("c", Prior.Categorical(2))
            .Latent("z", Prior.MarkovChain(Prior.Categorical(2)).Given("c", Decoder.PerComponent(Likelihood.Gaussian()))));
        Assert.Contains("latent 'z' given 'c': a Markov-chain latent is a root, its prior the chain itself (π and A); give it no Given", given.Message);
        var guided = Assert.Throws<ModelDefinitionException>(() => Hmm(Likelihood.Bernoulli()).Guide(Encoder.Linear()));
        Assert.Contains("a Gaussian guide needs Gaussian latents, but 'z' is MarkovChain(Categorical(3))", guided.Message);
    }

    [Fact]
    public void Priors_on_the_chain_are_dirichlets_on_its_initial_distribution_and_transition_rows()
    {
        var model = Hmm(Likelihood.Gaussian(Covariance.Full)).Prior("transitions", ParameterPrior.Dirichlet(1, 2, 3)).Prior("initial", ParameterPrior.Dirichlet(2));
        Assert.Equal(2, model.Graph.Priors.Count);
        var wrong = Assert.Throws<ModelDefinitionException>(() => Hmm(Likelihood.Gaussian(Covariance.Full)).Prior("transitions", ParameterPrior.Beta(2, 2)));
        Assert.Contains("z.transitions is a probability vector over 3 components, which takes ParameterPrior.Dirichlet", wrong.Message);
        var below = Assert.Throws<BackendNotSupportedException>(() =>
            Hmm(Likelihood.Gaussian(Covariance.Full)).Prior("initial", ParameterPrior.Dirichlet(0.5)).Compile(Inference.Em()));
        Assert.Contains("the prior Dirichlet(0.5) on 'z.initial': EM's MAP needs every concentration ≥ 1", below.Message);
    }

    [Fact]
    public void Vmp_compiles_a_chain_to_its_chain_plate_and_dirichlets_and_the_reparameterized_engine_refuses_it_naming_the_backends_that_run_it()
    {
        var model = Hmm(Likelihood.Gaussian(Covariance.Full));
        var vmp = model.Compile(Inference.Vmp());
        Assert.Equal([
            "latent 'z': chain plate q(z₁, …, z_T) per sequence, by forward–backward",
            "latent 'z': initial ~ Dirichlet, each row of transitions ~ Dirichlet, z ~ MarkovChain(initial, transitions)",
        ], vmp.Parts.Take(2));
        Assert.Equal(["means", "precisions", "initial", "transitions[0]", "transitions[1]", "transitions[2]", "z"], vmp.Schedule);
        var gradient = Assert.Throws<BackendNotSupportedException>(() => model.Compile(Inference.Reparameterized()));
        Assert.Contains("latent 'z' is a Markov chain over discrete states, and a discrete draw has no reparameterization", gradient.Message);
        Assert.Contains("fit it with Inference.Em() (exact posteriors, maximum-likelihood or MAP parameters)", gradient.Message);
        Assert.Contains("or with Inference.Vmp() (the Bayesian HMM", gradient.Message);
    }
}
