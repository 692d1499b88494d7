using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.Tests.Backends;

public class CategoricalMixtureTests
{
    static Model Mixture(int components, int symbols, int columns) => Model.Define("lca")
        .Latent("z", Prior.Categorical(components))
        .Decoder(Decoder.PerComponent(Likelihood.Categorical(symbols)))
        .Observe("x", columns);

    /// <summary>Two classes over two columns of three symbols, φ[k][j] = the class's symbol probabilities in column j.</summary>
    static CategoricalMixture Truth => new([0.4, 0.6], [0.8, 0.1, 0.1, 0.7, 0.2, 0.1, 0.1, 0.2, 0.7, 0.1, 0.1, 0.8], 2, 3);

    [Fact]
    public void Log_likelihood_is_the_log_sum_over_components_of_the_products_of_the_columns_probabilities()
    {
        var x = new DataMatrix([0, 0, 2, 1, 1, 2], 3, 2);
        var logs = Truth.PointLogLikelihoods(x);
        Assert.Equal(Math.Log(0.4 * 0.8 * 0.7 + 0.6 * 0.1 * 0.1), logs[0], 12);
        Assert.Equal(Math.Log(0.4 * 0.1 * 0.2 + 0.6 * 0.7 * 0.1), logs[1], 12);
        Assert.Equal(Math.Log(0.4 * 0.1 * 0.1 + 0.6 * 0.2 * 0.8), logs[2], 12);
        var exact = Mixture(2, 3, 2).Compile(Inference.Exact(Truth)).Fit(x);
        Assert.Equal(logs.Sum(), exact.LogLikelihood, 12);
        var q = Assert.IsAssignableFrom<DiscretePosterior>(exact.LatentPosterior);
        Assert.Equal(0.4 * 0.8 * 0.7 / Math.Exp(logs[0]), q.Row(0)[0], 12);
    }

    [Fact]
    public void Em_is_the_normalised_expected_counts_and_recovers_the_classes_that_drew_the_data()
    {
        // Three columns: two columns of three symbols leave two classes unidentifiable (nine parameters, eight cell probabilities).
        var truth = new CategoricalMixture([0.4, 0.6], [0.8, 0.1, 0.1, 0.7, 0.2, 0.1, 0.6, 0.3, 0.1, 0.1, 0.2, 0.7, 0.1, 0.1, 0.8, 0.2, 0.2, 0.6], 3, 3);
        var data = truth.Generate(3000, new Random(3)).Data;
        var fit = Mixture(2, 3, 3).Compile(Inference.Em(restarts: 3, seed: 1)).Fit(data);
        for (int i = 1; i < fit.Trace.Count; i++) Assert.True(fit.Trace[i] >= fit.Trace[i - 1] - 1e-9, $"iteration {i} decreased the objective");
        var mixture = Assert.IsType<CategoricalMixture>(fit.Parameters);
        int first = mixture.Probabilities(0, 0)[0] > 0.5 ? 0 : 1;
        Assert.Equal(0.4, mixture.Weights[first], 0.03);
        Assert.Equal(0.8, mixture.Probabilities(first, 0)[0], 0.04);
        Assert.Equal(0.8, mixture.Probabilities(1 - first, 1)[2], 0.04);
        // One more M step by the formula, from the fit's own posterior, gives its probabilities back.
        var q = (DiscretePosterior)mixture.Posterior(data);
        for (int j = 0; j < 3; j++)
            for (int v = 0; v < 3; v++)
            {
                double count = 0, total = 0;
                for (int n = 0; n < data.Rows; n++)
                {
                    total += q.Row(n)[first];
                    if (data.Row(n)[j] == v) count += q.Row(n)[first];
                }
                Assert.Equal((count + 1e-6) / (total + 3e-6), mixture.Probabilities(first, j)[v], 3);
            }
        Assert.True(fit.LogLikelihood >= truth.PointLogLikelihoods(data).Sum());
    }

    [Fact]
    public void Em_is_seeded_and_vmp_starts_from_one_hot_k_means_plus_plus()
    {
        var data = Truth.Generate(400, new Random(4)).Data;
        var a = Mixture(3, 3, 2).Compile(Inference.Em(restarts: 2, seed: 5)).Fit(data);
        var b = Mixture(3, 3, 2).Compile(Inference.Em(restarts: 2, seed: 5)).Fit(data);
        Assert.Equal(a.LogLikelihood, b.LogLikelihood);
        Assert.Equal(((CategoricalMixture)a.Parameters).ProbabilitiesFlat.ToArray(), ((CategoricalMixture)b.Parameters).ProbabilitiesFlat.ToArray());
        var oneHot = SymbolRows.OneHot(new DataMatrix([2, 0], 1, 2), 3);
        Assert.Equal([0, 0, 1, 1, 0, 0], oneHot.Values.ToArray());
    }

    [Fact]
    public void Vmp_gives_dirichlet_posteriors_and_an_elbo_below_the_em_likelihood()
    {
        var data = Truth.Generate(500, new Random(6)).Data;
        var em = Mixture(2, 3, 2).Compile(Inference.Em(restarts: 3, seed: 1)).Fit(data);
        var vmp = Mixture(2, 3, 2).Compile(Inference.Vmp(restarts: 2, seed: 1)).Fit(data);
        for (int i = 1; i < vmp.Trace.Count; i++) Assert.True(vmp.Trace[i] >= vmp.Trace[i - 1] - 1e-9, $"iteration {i} decreased the ELBO");
        Assert.True(vmp.Elbo.Value < em.LogLikelihood);
        var posterior = Assert.IsType<CategoricalMixturePosterior>(vmp.ParameterPosterior);
        Assert.Equal(2, posterior.Probabilities.Count);
        Assert.Equal(2, posterior.Probabilities[0].Count);
        // Every column of every component has the prior's 3 plus its share of the 500 rows.
        Assert.Equal(500, posterior.Probabilities.Sum(row => row[0].TotalConcentration - 3), 6);
        Assert.IsType<CategoricalMixture>(vmp.Parameters);
    }

    [Fact]
    public void A_stated_dirichlet_on_the_symbol_probabilities_is_not_the_weights_prior()
    {
        var data = Truth.Generate(50, new Random(8)).Data;
        var model = Mixture(2, 3, 2).Prior("x.probabilities", ParameterPrior.Dirichlet(5));
        var fit = model.Compile(Inference.Em(restarts: 1, seed: 1, regularization: 0)).Fit(data);
        var mixture = (CategoricalMixture)fit.Parameters;
        Assert.All(mixture.ProbabilitiesFlat.ToArray(), p => Assert.True(p > 0.05, "four pseudo-counts per symbol against about 25 rows"));
        var e = Assert.Throws<BackendNotSupportedException>(() => Mixture(2, 3, 2).Compile(Inference.Em(regularization: 0)));
        Assert.Contains("a categorical mixture needs regularization > 0", e.Message);
        Assert.Equal(ModelFamily.CategoricalMixture, Mixture(2, 3, 2).Graph.ClassicFamily);
    }
}
