using ProbLatent.Backends;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Modeling;

public class ModelDefinitionTests
{
    static Model Mixture(int k = 2, int d = 2) =>
        Model.Define("mix").Latent("z", Prior.Categorical(k)).Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", d);

    [Fact]
    public void A_complete_definition_names_its_family()
    {
        Assert.Equal(ModelFamily.GaussianMixture, Mixture().Family);
        Assert.Equal(ModelFamily.BernoulliMixture,
            Model.Define("b").Latent("z", Prior.Categorical(3)).Decoder(Decoder.PerComponent(Likelihood.Bernoulli())).Observe("x", 4).Family);
        Assert.Equal(ModelFamily.ProbabilisticPca,
            Model.Define("p").Latent("z", Prior.StandardNormal(2)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic))).Observe("x", 5).Family);
        Assert.Equal(ModelFamily.FactorAnalysis,
            Model.Define("f").Latent("z", Prior.StandardNormal(2)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal))).Observe("x", 5).Family);
        Assert.Equal(ModelFamily.BooleanLatent,
            Model.Define("s").Latent("z", Prior.Bernoulli(3)).Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", 5).Family);
    }

    [Fact]
    public void The_description_is_immutable_each_call_returns_a_new_one()
    {
        var partial = Model.Define("m").Latent("z", Prior.Categorical(2));
        var complete = partial.Decoder(Decoder.PerComponent(Likelihood.Bernoulli())).Observe("x", 3);
        Assert.Null(partial.DecoderSpec);
        Assert.NotNull(complete.DecoderSpec);
        Assert.Equal(complete, Model.Define("m").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Bernoulli())).Observe("x", 3));
    }

    [Fact]
    public void Missing_parts_are_named_when_the_model_is_compiled()
    {
        var noObserved = Model.Define("m").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Bernoulli()));
        Assert.Contains("no observed variable", Assert.Throws<ModelDefinitionException>(() => noObserved.Compile(Inference.Em())).Message);
        var noLatent = Model.Define("m").Decoder(Decoder.PerComponent(Likelihood.Bernoulli())).Observe("x", 2);
        Assert.Contains("no latent variable", Assert.Throws<ModelDefinitionException>(() => noLatent.Validate()).Message);
        var noDecoder = Model.Define("m").Latent("z", Prior.Categorical(2)).Observe("x", 2);
        Assert.Contains("no decoder", Assert.Throws<ModelDefinitionException>(() => noDecoder.Validate()).Message);
    }

    [Fact]
    public void Inconsistent_definitions_fail_at_definition_time_naming_the_part()
    {
        var ex = Assert.Throws<ModelDefinitionException>(() =>
            Model.Define("m").Latent("z", Prior.Categorical(2)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic))));
        Assert.Contains("latent 'z' is categorical", ex.Message);

        ex = Assert.Throws<ModelDefinitionException>(() =>
            Model.Define("m").Decoder(Decoder.PerComponent(Likelihood.Bernoulli())).Latent("h", Prior.StandardNormal(2)));
        Assert.Contains("latent 'h' is Gaussian", ex.Message);

        ex = Assert.Throws<ModelDefinitionException>(() => Model.Define("m").Latent("z", null!));
        Assert.Contains("latent 'z' has no prior", ex.Message);

        ex = Assert.Throws<ModelDefinitionException>(() => Model.Define("m").Latent("z", Prior.Categorical(2)).Observe("z", 2));
        Assert.Contains("'z' is already used", ex.Message);

        ex = Assert.Throws<ModelDefinitionException>(() => Model.Define("m").Observe("x", 0));
        Assert.Contains("dimension ≥ 1", ex.Message);

        ex = Assert.Throws<ModelDefinitionException>(() => Prior.Categorical(0));
        Assert.Contains("components must be at least 1", ex.Message);

        ex = Assert.Throws<ModelDefinitionException>(() =>
            Model.Define("m").Latent("z", Prior.StandardNormal(2)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Full))));
        Assert.Contains("not identifiable", ex.Message);

        // A second latent is a composition now, but one nothing reads is refused once the model is complete.
        ex = Assert.Throws<ModelDefinitionException>(() =>
            Model.Define("m").Latent("z", Prior.Categorical(2)).Latent("w", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Bernoulli()).SelectedBy("w")).Observe("x", 2));
        Assert.Contains("latent 'z' is dangling", ex.Message);
    }

    [Fact]
    public void Backends_refuse_models_they_cannot_run_and_say_what_would_work()
    {
        var ex = Assert.Throws<BackendNotSupportedException>(() => Mixture().Compile(Inference.Exact()));
        Assert.Contains("Inference.Em()", ex.Message);

        // Boolean latents have no closed-form fit: exact inference evaluates given parameters, and EM learns them.
        var boolean = Model.Define("sbn").Latent("z", Prior.Bernoulli(3)).Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", 4);
        ex = Assert.Throws<BackendNotSupportedException>(() => boolean.Compile(Inference.Exact()));
        Assert.Contains("Inference.Em()", ex.Message);
        Assert.Contains("Inference.Exact(parameters)", ex.Message);
        Assert.Equal("em", boolean.Compile(Inference.Em()).Backend);

        var ppca = Model.Define("p").Latent("z", Prior.StandardNormal(3)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic))).Observe("x", 3);
        ex = Assert.Throws<BackendNotSupportedException>(() => ppca.Compile(Inference.Em()));
        Assert.Contains("must be less than the data dimension 3", ex.Message);
    }
}
