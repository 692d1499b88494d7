using ProbLatent.Backends;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;

namespace ProbLatent.Tests.Modeling;

public class ModelGraphTests
{
    static Model FactorAnalysers(Covariance noise = Covariance.Diagonal) => Model.Define("mfa")
        .Latent("c", Prior.Categorical(3))
        .Latent("h", Prior.StandardNormal(2))
        .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(noise))))
        .Observe("x", 5);

    static Model BeliefNet() => Model.Define("sbn")
        .Latent("h2", Prior.Bernoulli(2))
        .Latent("h1", Prior.Bernoulli(4).Given("h2", Decoder.Linear(Likelihood.Bernoulli())))
        .Decoder(Decoder.Linear(Likelihood.Bernoulli()))
        .Observe("x", 6);

    static Model SelectedGaussian() => Model.Define("z|c")
        .Latent("c", Prior.Categorical(4))
        .Latent("z", Prior.StandardNormal(2).Given("c", Decoder.PerComponent(Likelihood.Gaussian(Covariance.Diagonal))))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic)))
        .Observe("x", 3);

    /// <summary>z given c read by a neural decoder: a composition no backend compiles.</summary>
    static Model SelectedNeural() => Model.Define("z|c")
        .Latent("c", Prior.Categorical(4))
        .Latent("z", Prior.StandardNormal(2).Given("c", Decoder.PerComponent(Likelihood.Gaussian(Covariance.Diagonal))))
        .Decoder(Decoder.Mlp(8))
        .Observe("x", 3);

    static ModelDefinitionException Refused(Func<object> define) => Assert.Throws<ModelDefinitionException>(() => define());

    [Fact]
    public void A_mixture_of_factor_analysers_is_a_categorical_selecting_a_linear_decoder_over_a_gaussian()
    {
        var graph = FactorAnalysers().Graph;
        Assert.Equal(["c", "h"], graph.Latents.Select(l => l.Name));
        Assert.Equal([LatentKind.Categorical, LatentKind.Gaussian], graph.Latents.Select(l => l.Kind));
        Assert.Equal(3, graph.Latent("c").States);
        Assert.All(graph.Latents, l => Assert.True(l.IsRoot));
        var decoder = graph.Observation.Decoder;
        Assert.Same(graph.Latent("c"), decoder.Selector);
        Assert.Same(graph.Latent("h"), decoder.Input);
        Assert.IsType<LinearDecoder>(decoder.Map);
        Assert.Equal(ModelFamily.MixtureOfFactorAnalysers, graph.ClassicFamily);
        Assert.Equal(ModelFamily.MixtureOfProbabilisticPca, FactorAnalysers(Covariance.Isotropic).Family);
        Assert.Equal(FactorMixtureShape.Of(graph), new FactorMixtureShape(graph.Latent("c"), graph.Latent("h"), Isotropic: false));
        Assert.Equal([Plate.Points], graph.Plates);
        Assert.Equal(3.0, graph.DiscreteStates);
        Assert.Equal(["c.weights", "x.loadings", "x.means", "x.precisions"], graph.Parameters.Select(p => p.FullName));
    }

    [Fact]
    public void A_latent_may_depend_on_an_earlier_one_through_a_decoder()
    {
        var sbn = BeliefNet().Graph;
        var (h2, h1) = (sbn.Latent("h2"), sbn.Latent("h1"));
        Assert.True(h2.IsRoot);
        Assert.Same(h2, h1.Conditional!.Input);
        Assert.Equal([h1], sbn.Children(h2));
        // Two boolean latents could feed x: the one nothing reads yet, the end of the chain, is chosen.
        Assert.Same(h1, sbn.Observation.Decoder.Input);
        Assert.Equal(64.0, sbn.DiscreteStates);
        Assert.Equal(["h2.probabilities", "h1.loadings", "h1.bias", "x.loadings", "x.bias"], sbn.Parameters.Select(p => p.FullName));

        var selected = SelectedGaussian().Graph;
        Assert.Same(selected.Latent("c"), selected.Latent("z").Conditional!.Selector);
        Assert.Null(selected.Latent("z").Conditional!.Input);
        Assert.Same(selected.Latent("z"), selected.Observation.Decoder.Input);
        Assert.Contains("z | c ~ PerComponent(Gaussian(Diagonal))", selected.ToString());
        // z | c ~ N(ξ_c, Ω_c) read by one linear-Gaussian decoder is the mixture of common factor analysers; a composition with no
        // such name, as a belief net's graph, has none.
        Assert.Equal(ModelFamily.MixtureOfCommonFactorAnalysers, selected.ClassicFamily);
        Assert.Equal(new CommonFactorMixtureShape(selected.Latent("c"), selected.Latent("z"), Covariance.Diagonal, Isotropic: true), CommonFactorMixtureShape.Of(selected));
        Assert.Equal(["c.weights", "z.means", "z.precisions", "x.loadings", "x.mean", "x.precisions"], selected.Parameters.Select(p => p.FullName));
        Assert.Null(CommonFactorMixtureShape.Of(FactorAnalysers().Graph));
        Assert.Null(sbn.ClassicFamily);
        Assert.Contains("is none of the classic families", Refused(() => BeliefNet().Family).Message);
    }

    [Fact]
    public void Explicit_wiring_says_which_latent_a_decoder_reads()
    {
        // Reading h2 directly leaves h1 read by nothing.
        var ex = Refused(() => Model.Define("sbn")
            .Latent("h2", Prior.Bernoulli(2))
            .Latent("h1", Prior.Bernoulli(4).Given("h2", Decoder.Linear(Likelihood.Bernoulli())))
            .Decoder(Decoder.Linear(Likelihood.Bernoulli()).From("h2"))
            .Observe("x", 6));
        Assert.Contains("latent 'h1' is dangling", ex.Message);

        var mixed = Model.Define("m").Latent("a", Prior.Categorical(2)).Latent("b", Prior.Categorical(3)).Latent("h", Prior.StandardNormal(2));
        var perComponentLinear = Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)));
        ex = Refused(() => mixed.Decoder(perComponentLinear).Observe("x", 4));
        Assert.Contains("could read any of 'a', 'b' as a categorical latent to select its components; say which with .SelectedBy(", ex.Message);
        var graph = Model.Define("m").Latent("a", Prior.Categorical(2)).Latent("b", Prior.Categorical(3))
            .Latent("y", Prior.StandardNormal(1).Given("a", Decoder.PerComponent(Likelihood.Gaussian(Covariance.Diagonal))))
            .Decoder(perComponentLinear).Observe("x", 4).Graph;
        // 'a' is read by y already; 'b' is the one that would otherwise be read by nothing.
        Assert.Equal("b", graph.Observation.Decoder.Selector!.Name);
        Assert.Equal("y", graph.Observation.Decoder.Input!.Name);
    }

    [Fact]
    public void The_six_families_are_graphs_of_one_root_latent_and_keep_their_names()
    {
        var families = new (Model Model, ModelFamily Family, LatentKind Kind)[]
        {
            (Model.Define("g").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Gaussian())).Observe("x", 2), ModelFamily.GaussianMixture, LatentKind.Categorical),
            (Model.Define("b").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Bernoulli())).Observe("x", 2), ModelFamily.BernoulliMixture, LatentKind.Categorical),
            (Model.Define("p").Latent("z", Prior.StandardNormal(1)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic))).Observe("x", 2), ModelFamily.ProbabilisticPca, LatentKind.Gaussian),
            (Model.Define("f").Latent("z", Prior.StandardNormal(1)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal))).Observe("x", 2), ModelFamily.FactorAnalysis, LatentKind.Gaussian),
            (Model.Define("s").Latent("z", Prior.Bernoulli(2)).Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", 2), ModelFamily.BooleanLatent, LatentKind.Boolean),
            (Model.Define("v").Latent("z", Prior.StandardNormal(2)).Decoder(Decoder.Mlp(4)).Observe("x", 2), ModelFamily.VariationalAutoencoder, LatentKind.Gaussian),
        };
        foreach (var (model, family, kind) in families)
        {
            var graph = model.Graph;
            Assert.Equal(family, graph.ClassicFamily);
            Assert.Equal(family, model.Family);
            var z = Assert.Single(graph.Latents);
            Assert.Equal(kind, z.Kind);
            Assert.Equal([z], graph.Observation.Decoder.Parents);
            Assert.Empty(graph.Priors);
        }
    }

    [Fact]
    public void Backends_read_each_classic_model_by_exactly_one_shape_of_its_parts()
    {
        static string[] Shapes(Model model)
        {
            var graph = model.Graph;
            return new (string Name, object? Shape)[]
            {
                ("components", ComponentMixtureShape.Of(graph)), ("linear", LinearGaussianShape.Of(graph)), ("map", LatentMapShape.Of(graph)),
                ("boltzmann", BoltzmannShape.Of(graph)), ("factor mixture", FactorMixtureShape.Of(graph)), ("common factors", CommonFactorMixtureShape.Of(graph)),
            }.Where(s => s.Shape is not null).Select(s => s.Name).ToArray();
        }
        var gaussian = Model.Define("g").Latent("c", Prior.Categorical(3)).Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Diagonal))).Observe("x", 2);
        var g = ComponentMixtureShape.Of(gaussian.Graph)!;
        Assert.Equal((3, false, Covariance.Diagonal), (g.Components, g.IsChain, ((GaussianLikelihood)g.Component).Covariance));
        Assert.Equal(["components"], Shapes(gaussian));
        var chain = Model.Define("h").Latent("s", Prior.MarkovChain(Prior.Categorical(2))).Decoder(Decoder.PerComponent(Likelihood.Bernoulli())).Observe("x", 3);
        Assert.True(ComponentMixtureShape.Of(chain.Graph)!.IsChain);
        Assert.IsType<BernoulliLikelihood>(ComponentMixtureShape.Of(chain.Graph)!.Component);

        var ppca = Model.Define("p").Latent("z", Prior.StandardNormal(2)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic))).Observe("x", 4);
        var fa = Model.Define("f").Latent("z", Prior.StandardNormal(2)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal))).Observe("x", 4);
        Assert.Equal((true, 2), (LinearGaussianShape.Of(ppca.Graph)!.Isotropic, LinearGaussianShape.Of(ppca.Graph)!.LatentDimension));
        Assert.False(LinearGaussianShape.Of(fa.Graph)!.Isotropic);
        // A linear-Gaussian model is also one Gaussian latent through one map, which the reparameterized engine trains as a VAE with a linear decoder.
        Assert.Equal(["linear", "map"], Shapes(fa));
        Assert.False(LatentMapShape.Of(fa.Graph)!.IsNeural);
        var vae = Model.Define("v").Latent("z", Prior.MixtureOfGaussians(3, 2)).Decoder(Decoder.Mlp(8)).Observe("x", 4);
        Assert.Equal(["map"], Shapes(vae));
        Assert.True(LatentMapShape.Of(vae.Graph)!.IsNeural);

        var rbm = Model.Define("r").Latent("h", Prior.Bernoulli(3)).Energy(Energy.Bilinear()).Observe("v", 4);
        Assert.Equal(["boltzmann"], Shapes(rbm));
        Assert.Equal(["factor mixture"], Shapes(FactorAnalysers()));
        Assert.Equal(["common factors"], Shapes(SelectedGaussian()));
        // The compositions that have no classic name match none, so every backend refuses them by the part (or compiles them by its own rules).
        Assert.Empty(Shapes(BeliefNet()));
        Assert.Empty(Shapes(SelectedNeural()));
    }

    [Fact]
    public void A_parent_must_be_a_latent_declared_before_its_child()
    {
        var ex = Refused(() => Model.Define("m").Latent("h", Prior.Bernoulli(2).Given("h", Decoder.Linear(Likelihood.Bernoulli()))));
        Assert.Contains("latent 'h' is given itself, a cycle", ex.Message);

        // A cycle of two, h1 given h2 and h2 given h1, is refused at its first edge: h1 cannot be given a latent not yet declared.
        ex = Refused(() => Model.Define("m").Latent("h1", Prior.Bernoulli(2).Given("h2", Decoder.Linear(Likelihood.Bernoulli())))
            .Latent("h2", Prior.Bernoulli(2).Given("h1", Decoder.Linear(Likelihood.Bernoulli()))));
        Assert.Contains("latent 'h1' is given 'h2', which is not a latent of the model (none is declared before it)", ex.Message);

        ex = Refused(() => Model.Define("m").Latent("h1", Prior.Bernoulli(2).Given("h2", Decoder.Linear(Likelihood.Bernoulli()))).Latent("h2", Prior.Bernoulli(2)));
        Assert.Contains("latent 'h1' is given 'h2', which is not a latent of the model (none is declared before it); declare a latent before those that read it", ex.Message);

        ex = Refused(() => Model.Define("m").Latent("c", Prior.Categorical(2)).Latent("h", Prior.Bernoulli(2).Given("q", Decoder.Linear(Likelihood.Bernoulli()))));
        Assert.Contains("'q', which is not a latent of the model (declared before it: c)", ex.Message);

        ex = Refused(() => Model.Define("m").Latent("h", Prior.StandardNormal(2)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)).From("g")).Observe("x", 3));
        Assert.Contains("the decoder of 'x', Linear(Gaussian(Diagonal)) from g, reads 'g', which is not a latent of the model", ex.Message);
    }

    [Fact]
    public void A_selector_must_be_discrete_and_an_input_a_vector_the_map_reads()
    {
        var ex = Refused(() => Model.Define("m").Latent("c", Prior.Categorical(2)).Latent("h", Prior.StandardNormal(2))
            .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal))).SelectedBy("h").From("h")).Observe("x", 3));
        Assert.Contains("is selected by 'h', which is Gaussian, not discrete", ex.Message);

        ex = Refused(() => Model.Define("m").Latent("c", Prior.Categorical(2))
            .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)))).Observe("x", 3));
        Assert.Contains("needs a Gaussian or boolean latent vector as its input, and no latent declared before it is one ('c' is Categorical)", ex.Message);

        ex = Refused(() => Model.Define("m").Latent("c", Prior.Categorical(2))
            .Latent("h", Prior.StandardNormal(2).Given("c", Decoder.PerComponent(Likelihood.Bernoulli()))));
        Assert.Contains("latent 'h' given 'c' is Gaussian, so its decoder needs a Gaussian likelihood, not Bernoulli", ex.Message);

        ex = Refused(() => Model.Define("m").Latent("h", Prior.StandardNormal(2))
            .Latent("c", Prior.Categorical(2).Given("h", Decoder.Linear(Likelihood.Bernoulli()))));
        Assert.Contains("a categorical latent cannot be conditioned", ex.Message);

        ex = Refused(() => Decoder.PerComponent(Decoder.PerComponent(Likelihood.Bernoulli())));
        Assert.Contains("inside another", ex.Message);
        ex = Refused(() => Decoder.PerComponent(Likelihood.Bernoulli()).From("h"));
        Assert.Contains("read no latent", ex.Message);
    }

    [Fact]
    public void A_wrong_decoder_is_refused_in_the_same_words_alone_and_inside_a_larger_graph()
    {
        // One latent: the classic families' check.
        Assert.Equal("model 'm': latent 'z' is Gaussian, which needs Decoder.Linear(Likelihood.Gaussian(...)), not PerComponent(Bernoulli)",
            Refused(() => Model.Define("m").Latent("z", Prior.StandardNormal(2)).Decoder(Decoder.PerComponent(Likelihood.Bernoulli()))).Message);
        Assert.Equal("model 'm': latent 'b' is boolean, which needs Decoder.Linear(Likelihood.Bernoulli()), not Linear(Gaussian(Diagonal))",
            Refused(() => Model.Define("m").Latent("b", Prior.Bernoulli(2)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)))).Message);
        Assert.Equal("model 'm': a per-component Gaussian supports Covariance.Full or Covariance.Diagonal, not Isotropic",
            Refused(() => Model.Define("m").Latent("c", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Isotropic)))).Message);
        Assert.Equal("model 'm': a mixture-of-Gaussians prior on 'z' needs a neural decoder, Decoder.Mlp(...), not Linear(Gaussian(Diagonal))",
            Refused(() => Model.Define("m").Latent("z", Prior.MixtureOfGaussians(2, 2)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)))).Message);

        // Several latents: the graph's checks of each decoder's input and likelihood.
        Assert.Equal("model 'm': latent 'h' is boolean, which needs Decoder.Linear(Likelihood.Bernoulli()), not Linear(Gaussian(Diagonal))",
            Refused(() => Model.Define("m").Latent("c", Prior.Categorical(2)).Latent("h", Prior.Bernoulli(2))
                .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)))).Observe("x", 3)).Message);
        Assert.Equal("model 'm': latent 'h' is Gaussian, which needs Decoder.Linear(Likelihood.Gaussian(...)), not Linear(Bernoulli)",
            Refused(() => Model.Define("m").Latent("c", Prior.Categorical(2)).Latent("h", Prior.StandardNormal(2))
                .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Bernoulli()))).Observe("x", 3)).Message);
        Assert.Equal("model 'm': a per-component Gaussian supports Covariance.Full or Covariance.Diagonal, not Isotropic",
            Refused(() => Model.Define("m").Latent("c", Prior.Categorical(2))
                .Latent("z", Prior.StandardNormal(2).Given("c", Decoder.PerComponent(Likelihood.Gaussian(Covariance.Isotropic))))).Message);
        Assert.Equal("model 'm': a mixture-of-Gaussians prior on 'z' needs a neural decoder, Decoder.Mlp(...), not Linear(Gaussian(Diagonal))",
            Refused(() => Model.Define("m").Latent("c", Prior.Categorical(2)).Latent("z", Prior.MixtureOfGaussians(2, 2))
                .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)))).Observe("x", 3)).Message);
    }

    [Fact]
    public void A_stated_prior_is_bound_to_a_parameter_of_the_model()
    {
        var graph = FactorAnalysers()
            .Prior("weights", ParameterPrior.Dirichlet(2))
            .Prior("x.loadings", ParameterPrior.Ard())
            .Prior("precisions", ParameterPrior.Gamma(2, 1)).Graph;
        Assert.Equal(new Dictionary<string, ParameterPrior>
        {
            ["c.weights"] = ParameterPrior.Dirichlet(2), ["x.loadings"] = ParameterPrior.Ard(), ["x.precisions"] = ParameterPrior.Gamma(2, 1),
        }, graph.Priors.ToDictionary(p => p.Key.FullName, p => p.Value));
        Assert.NotEqual(FactorAnalysers(), FactorAnalysers().Prior("weights", ParameterPrior.Dirichlet(2)));
        Assert.Equal(FactorAnalysers().Prior("weights", ParameterPrior.Dirichlet(2)), FactorAnalysers().Prior("weights", ParameterPrior.Dirichlet(2)));
    }

    [Fact]
    public void A_prior_on_a_parameter_the_model_lacks_or_that_does_not_suit_it_is_refused_naming_it()
    {
        var ex = Refused(() => FactorAnalysers().Prior("variances", ParameterPrior.Gamma(1, 1)));
        Assert.Contains("model 'mfa' has no parameter 'variances'; its parameters are c.weights, x.loadings, x.means, x.precisions", ex.Message);

        // Stated before the model is complete, the prior is checked when it is.
        ex = Refused(() => Model.Define("m").Prior("bias", ParameterPrior.Gaussian(1)).Latent("z", Prior.Categorical(2))
            .Decoder(Decoder.PerComponent(Likelihood.Bernoulli())).Observe("x", 3));
        Assert.Contains("has no parameter 'bias'; its parameters are z.weights, x.probabilities", ex.Message);

        ex = Refused(() => Model.Define("m").Latent("c", Prior.Categorical(2))
            .Latent("z", Prior.StandardNormal(2).Given("c", Decoder.PerComponent(Likelihood.Gaussian(Covariance.Diagonal))))
            .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal))).Observe("x", 3)
            .Prior("precisions", ParameterPrior.Gamma(1, 1)));
        Assert.Contains("'precisions' is a parameter of several parts; say which: z.precisions or x.precisions", ex.Message);

        ex = Refused(() => FactorAnalysers().Prior("weights", ParameterPrior.Gamma(1, 1)));
        Assert.Contains("c.weights is a probability vector over 3 components, which takes ParameterPrior.Dirichlet", ex.Message);
        ex = Refused(() => FactorAnalysers().Prior("precisions", ParameterPrior.Wishart()));
        Assert.Contains("takes ParameterPrior.Gamma", ex.Message);
        ex = Refused(() => FactorAnalysers().Prior("weights", ParameterPrior.Dirichlet(1, 2)));
        Assert.Contains("has 3 components but the Dirichlet gives 2 concentrations", ex.Message);
        ex = Refused(() => FactorAnalysers().Prior("means", ParameterPrior.Gaussian([0.0, 1.0], 1)));
        Assert.Contains("has vectors of length 5 but the Gaussian's mean has 2 values", ex.Message);
        ex = Refused(() => Model.Define("g").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Gaussian())).Observe("x", 6)
            .Prior("precisions", ParameterPrior.Wishart(shape: 2)));
        Assert.Contains("whose Wishart shape must exceed (d − 1)/2 = 2.5, not 2", ex.Message);
        ex = Refused(() => FactorAnalysers().Prior("weights", ParameterPrior.Dirichlet(1)).Prior("weights", ParameterPrior.Dirichlet(2)));
        Assert.Contains("already has the prior", ex.Message);
        ex = Refused(() => FactorAnalysers().Prior("weights", ParameterPrior.Dirichlet(1)).Prior("c.weights", ParameterPrior.Dirichlet(2)));
        Assert.Contains("'c.weights' is given two priors", ex.Message);
        Assert.Contains("positive and finite", Refused(() => Model.Define("m").Prior("w", ParameterPrior.Gamma(0, 1))).Message);
    }

    [Fact]
    public void Backends_refuse_the_parts_they_do_not_compile_naming_them()
    {
        foreach (var backend in new IBackend[] { Inference.Exact(), Inference.Em() })
        {
            var ex = Assert.Throws<BackendNotSupportedException>(() => SelectedNeural().Compile(backend));
            Assert.Contains("latent 'z' depends on 'c' through PerComponent(Gaussian(Diagonal))", ex.Message);
        }
        // Read by a neural decoder it is a Gaussian-mixture VAE, which the reparameterized engine compiles, summing c out.
        Assert.True(SelectedNeural().Compile(Inference.Reparameterized()).Architecture.MixtureGuide);
        // The same latent read by one linear-Gaussian decoder is a mixture of common factor analysers: EM fits it, Exact evaluates it.
        Assert.Equal("em", SelectedGaussian().Compile(Inference.Em()).Backend);
        Assert.Contains("has no closed-form maximum-likelihood fit; fit it with Inference.Em()",
            Assert.Throws<BackendNotSupportedException>(() => SelectedGaussian().Compile(Inference.Exact())).Message);
        Assert.Contains("latent 'c' is categorical, and a discrete draw has no reparameterization",
            Assert.Throws<BackendNotSupportedException>(() => SelectedGaussian().Compile(Inference.Reparameterized())).Message);
        // VMP compiles it from its parts: the categorical's, the gate over z, the linear decoder on z's plate.
        Assert.Equal(4, SelectedGaussian().Compile(Inference.Vmp()).Parts.Count);
        // A belief net's parts are boolean latents and sigmoid layers: EM compiles them, the others say why not and what does.
        Assert.Equal("em", BeliefNet().Compile(Inference.Em()).Backend);
        Assert.Contains("has no closed-form maximum-likelihood fit; fit it with Inference.Em()",
            Assert.Throws<BackendNotSupportedException>(() => BeliefNet().Compile(Inference.Exact())).Message);
        Assert.Contains("the factor h1 ~ Bernoulli(σ(W h2 + b)) is not conjugate",
            Assert.Throws<BackendNotSupportedException>(() => BeliefNet().Compile(Inference.Vmp())).Message);
        Assert.Contains("h1 ~ Bernoulli(σ(W h2 + b)) reads boolean latents",
            Assert.Throws<BackendNotSupportedException>(() => BeliefNet().Compile(Inference.Reparameterized())).Message);
        var stated = Model.Define("g").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Gaussian())).Observe("x", 2)
            .Prior("means", ParameterPrior.Gaussian(0.5));
        foreach (var backend in new IBackend[] { Inference.Reparameterized() })
            Assert.Contains("states the prior Gaussian(mean [0], precision 0.5) on 'x.means'",
                Assert.Throws<BackendNotSupportedException>(() => stated.Compile(backend)).Message);
    }
}
