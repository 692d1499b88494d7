using ProbLatent.Backends;
using ProbLatent.Backends.Vmp;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Vmp;

/// <summary>Where VMP mixtures start — k-means++ by default, random point masses or a given fit on request — and the components their posterior empties.</summary>
public class MixtureStartTests
{
    static Model Mixture(int components, int dimension, Covariance covariance = Covariance.Full) => Model.Define("mixture")
        .Latent("z", Prior.Categorical(components))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(covariance)))
        .Observe("x", dimension);

    static DataMatrix Data(string name) => name == "iris" ? Examples.Iris() : Examples.OldFaithful();

    static FitResult Vmp(Model model, DataMatrix data, VmpOptions options) => model.Compile(new VmpBackend(options)).Fit(data);

    /// <summary>Infer.NET's tutorial priors on Iris (m₀ = 0, τ₀ = 0.01, E[Λ] = I), given, so used as given.</summary>
    static readonly VmpPriors TutorialPriors = new() { MeanPrecision = 0.01, WishartShape = 4, WishartScale = 0.25 };

    /// <summary>
    /// Iris with K = 3 and seed 1 is the case random point masses lose: every restart starts all components near the data's
    /// mean, and the posterior ends with one component holding all 150 points, ELBO −536.7, where the k-means++ start
    /// reaches the ELBO of the start from EM's maximum-likelihood fit.
    /// </summary>
    [Theory]
    [InlineData("iris", 3, Covariance.Full)]
    [InlineData("iris", 3, Covariance.Diagonal)]
    [InlineData("old-faithful", 2, Covariance.Full)]
    [InlineData("old-faithful", 2, Covariance.Diagonal)]
    public void The_default_start_reaches_at_least_the_elbo_of_a_start_from_em(string name, int components, Covariance covariance)
    {
        var data = Data(name);
        var model = Mixture(components, data.Columns, covariance);
        var em = model.Compile(Inference.Em(seed: 1)).Fit(data);
        var fromEm = Vmp(model, data, new VmpOptions(StartFrom: em.Parameters));
        foreach (var options in new[] { new VmpOptions(), new VmpOptions(Seed: 1) })
        {
            var byDefault = Vmp(model, data, options);
            Assert.True(byDefault.Elbo.Value >= fromEm.Elbo.Value - 1e-6 * data.Rows,
                $"the default start (seed {options.Seed}) reaches {byDefault.Elbo.Value}, the start from EM {fromEm.Elbo.Value}");
        }
    }

    [Fact]
    public void Random_point_masses_are_the_start_of_infer_nets_tutorial_on_request()
    {
        var data = Examples.Iris();
        var random = Vmp(Mixture(3, 4), data, new VmpOptions(Seed: 1, Priors: TutorialPriors, Start: VmpStart.RandomPointMasses));
        var kMeans = Vmp(Mixture(3, 4), data, new VmpOptions(Seed: 1, Priors: TutorialPriors));
        Assert.Equal(-536.680, random.Elbo.Value, 3);
        Assert.True(kMeans.Elbo.Value > random.Elbo.Value + 10);
        // The two components the random start leaves without points are reported with what they hold.
        Assert.Equal(2, random.EmptyComponents.Count);
        Assert.All(random.EmptyComponents, c => Assert.True(c.ExpectedCount < 1e-50, $"component {c.Index} holds {c.ExpectedCount}"));
    }

    [Fact]
    public void A_component_the_start_leaves_empty_is_reported_with_its_expected_count()
    {
        var data = Examples.OldFaithful();
        var em = (GaussianMixture)Mixture(2, 2).Compile(Inference.Em(seed: 1)).Fit(data).Parameters;
        // A third component with weight 0: the start gives it no point, and nothing draws one to it.
        var start = new GaussianMixture([em.Weights[0], em.Weights[1], 0], [.. em.MeansFlat, 0, 0], [.. em.CovariancesFlat, 1, 0, 0, 1], 2, Covariance.Full);
        var fit = Vmp(Mixture(3, 2), data, new VmpOptions(Priors: new VmpPriors { MeanPrecision = 0.01, WishartShape = 2, WishartScale = 0.5 }, StartFrom: start));
        var empty = Assert.Single(fit.EmptyComponents);
        Assert.Equal(2, empty.Index);
        Assert.True(empty.ExpectedCount < 1e-100, $"E[N] = {empty.ExpectedCount}");
        // Its weight's posterior is back at the prior: α = α₀ + E[N].
        var posterior = Assert.IsType<GaussianMixturePosterior>(fit.ParameterPosterior);
        Assert.Equal(1 + empty.ExpectedCount, posterior.Weights.Concentration[2], 12);
        // The fit with two components used reports none.
        Assert.Empty(Vmp(Mixture(2, 2), data, new VmpOptions(StartFrom: em)).EmptyComponents);
    }

    [Fact]
    public void A_start_from_a_fit_runs_once()
    {
        var data = Examples.OldFaithful();
        var em = Mixture(2, 2).Compile(Inference.Em(seed: 1)).Fit(data);
        var restarts = new HashSet<(int, int)>();
        Mixture(2, 2).Compile(new VmpBackend(new VmpOptions(Restarts: 5, StartFrom: em.Parameters)))
            .Fit(data, new SynchronousProgress<FitProgress>(p => restarts.Add((p.Restart, p.Restarts))));
        Assert.Equal([(0, 1)], restarts);
    }

    [Fact]
    public void A_start_that_does_not_fit_the_model_is_refused_naming_both()
    {
        var data = Examples.OldFaithful();
        var em = Mixture(2, 2).Compile(Inference.Em(seed: 1)).Fit(data).Parameters;
        var ex = Assert.Throws<BackendNotSupportedException>(() => Mixture(3, 2).Compile(new VmpBackend(new VmpOptions(StartFrom: em))));
        Assert.Contains("has 3 components over 2 dimensions, but its start (StartFrom) has 2 over 2", ex.Message);
        var ppca = Model.Define("ppca").Latent("z", Prior.StandardNormal(1)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic))).Observe("x", 2);
        ex = Assert.Throws<BackendNotSupportedException>(() => ppca.Compile(new VmpBackend(new VmpOptions(StartFrom: em))));
        Assert.Contains("applies to mixtures", ex.Message);
        var linear = ppca.Compile(Inference.Em()).Fit(data).Parameters;
        ex = Assert.Throws<BackendNotSupportedException>(() => Mixture(2, 2).Compile(new VmpBackend(new VmpOptions(StartFrom: linear))));
        Assert.Contains("is a ProbabilisticPca, not a fitted mixture", ex.Message);
    }

    [Fact]
    public void Models_without_a_categorical_latent_report_no_empty_components()
    {
        var data = Examples.OldFaithful();
        var ppca = Model.Define("ppca").Latent("z", Prior.StandardNormal(1)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic))).Observe("x", 2);
        Assert.Empty(ppca.Compile(Inference.Vmp(restarts: 1)).Fit(data).EmptyComponents);
        Assert.Empty(Mixture(2, 2).Compile(Inference.Em(restarts: 1)).Fit(data).EmptyComponents);
    }
}
