using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Chain;

public class CategoricalHmmTests
{
    static Model Hmm(int states, int symbols) => Model.Define("hmm")
        .Latent("z", Prior.MarkovChain(Prior.Categorical(states)))
        .Decoder(Decoder.PerComponent(Likelihood.Categorical(symbols)))
        .Observe("x", 1);

    /// <summary>
    /// 150 symbols drawn (numpy default_rng(7)) from π = (0.6, 0.4), A = [[0.9, 0.1], [0.2, 0.8]] and emissions
    /// [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]] over 3 symbols.
    /// </summary>
    static readonly double[] Symbols =
    [
        2, 1, 2, 1, 0, 0, 0, 0, 2, 2, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0, 2, 2, 1, 1, 0, 1, 1, 2, 1, 2, 1, 2, 0, 0, 0, 0, 1, 0, 1, 0, 0,
        2, 2, 1, 2, 2, 2, 2, 1, 0, 1, 0, 0, 0, 0, 0, 2, 1, 2, 2, 2, 2, 2, 2, 0, 2, 1, 1, 2, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 2, 2, 0, 0, 0, 0, 0, 0, 0, 2,
        2, 1, 0, 2, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 2, 1, 2, 2, 1, 1, 0, 0, 0, 0, 1, 0, 0, 2, 2, 1,
    ];

    static DataMatrix Sequence => new(Symbols, Symbols.Length, 1, source: "symbols");

    static HiddenMarkovModel Truth => new([0.6, 0.4], [0.9, 0.1, 0.2, 0.8], new CategoricalMixture([0.5, 0.5], [0.7, 0.2, 0.1, 0.1, 0.3, 0.6], 1, 3));

    [Fact]
    public void Exact_log_likelihood_at_the_generating_parameters_is_numpys_forward_algorithm()
    {
        // −148.0159811496: a scaled forward algorithm in NumPy at the same π, A and emissions, over the same 150 symbols.
        var fit = Hmm(2, 3).Compile(Inference.Exact(Truth)).Fit(Sequence);
        Assert.Equal(-148.0159811496, fit.LogLikelihood, 8);
        Assert.Equal(-148.0159811496, Truth.PointLogLikelihoods(Sequence).Sum(), 8);
    }

    [Fact]
    public void Baum_welch_reaches_the_best_of_two_hundred_numpy_starts()
    {
        // −145.9626866880 is the best log p(x) of a NumPy Baum–Welch from 200 random Dirichlet starts (converged to 1e-12) on these
        // symbols; its maximum puts π on one state and one symbol's probability at 2.7e-12, which regularization 1e-9 leaves there.
        var fit = Hmm(2, 3).Compile(Inference.Em(restarts: 10, seed: 1, regularization: 1e-9, tolerance: 1e-12, maxIterations: 5000)).Fit(Sequence);
        Assert.Equal(-145.9626866880, fit.LogLikelihood, 4);
        for (int i = 1; i < fit.Trace.Count; i++) Assert.True(fit.Trace[i] >= fit.Trace[i - 1] - 1e-9, $"iteration {i} decreased the objective");
        var hmm = Assert.IsType<HiddenMarkovModel>(fit.Parameters);
        var emissions = Assert.IsType<CategoricalMixture>(hmm.Emissions);
        int zeroes = emissions.Probabilities(0)[0] > emissions.Probabilities(1)[0] ? 0 : 1;
        // NumPy's: the state that emits 0 mostly has φ = (0.745, 0.200, 0.055) and stays with probability 0.858.
        Assert.Equal(0.74499, emissions.Probabilities(zeroes)[0], 3);
        Assert.Equal(0.85841, hmm.Transition(zeroes, zeroes), 3);
    }

    [Fact]
    public void Vmp_climbs_an_elbo_below_the_maximum_likelihood_with_dirichlet_emissions()
    {
        var fit = Hmm(2, 3).Compile(Inference.Vmp(restarts: 2, seed: 1)).Fit(Sequence);
        for (int i = 1; i < fit.Trace.Count; i++) Assert.True(fit.Trace[i] >= fit.Trace[i - 1] - 1e-9, $"iteration {i} decreased the ELBO");
        Assert.True(fit.Elbo.Value < -145.9626866880, $"the ELBO {fit.Elbo.Value} is below the maximum likelihood");
        var posterior = Assert.IsType<HiddenMarkovPosterior>(fit.ParameterPosterior);
        var emissions = Assert.IsType<CategoricalMixturePosterior>(posterior.Emissions);
        // Each q(φₖ) is the prior Dirichlet(1, 1, 1) plus the state's expected counts of each symbol: 150 steps in all.
        double added = emissions.Probabilities.Sum(row => row[0].TotalConcentration - 3);
        Assert.Equal(Symbols.Length, added, 6);
        Assert.Equal(fit.Elbo.Value, fit.Elbo.ExpectedLogLikelihood + fit.Elbo.ExpectedLogPrior + fit.Elbo.Entropy, 9);
        // Value is that sum by definition, so the line above cannot fail; this one fails if the ELBO reported is not the kept restart's last.
        Assert.Equal(fit.Trace[^1], fit.Elbo.Value, 9);
    }

    [Fact]
    public void Sequences_drawn_from_a_categorical_hmm_are_symbols_and_refit_near_the_truth()
    {
        var drawn = Truth.GenerateSequences([2000, 1000], new Random(5));
        Assert.All(drawn.Data.Steps.Values.ToArray(), v => Assert.Contains(v, new double[] { 0, 1, 2 }));
        var fit = Hmm(2, 3).Compile(Inference.Em(restarts: 3, seed: 2)).FitSequences(drawn.Data);
        var hmm = (HiddenMarkovModel)fit.Parameters;
        var emissions = (CategoricalMixture)hmm.Emissions;
        int first = emissions.Probabilities(0)[0] > emissions.Probabilities(1)[0] ? 0 : 1;
        Assert.Equal(0.9, hmm.Transition(first, first), 0.03);
        Assert.Equal(0.7, emissions.Probabilities(first)[0], 0.04);
        Assert.Equal(0.6, emissions.Probabilities(1 - first)[2], 0.04);
        Assert.True(fit.LogLikelihood >= Truth.LogLikelihood(drawn.Data));
    }

    [Fact]
    public void Symbols_outside_the_alphabet_fractions_and_missing_cells_are_refused_naming_row_and_column()
    {
        var compiled = Hmm(2, 3).Compile(Inference.Em(seed: 1));
        foreach (var (bad, what) in new[] { (3.0, "value 3 is not one of the symbols 0..2"), (1.5, "value 1.5 is not one of the symbols 0..2"), (-1.0, "value -1"), (double.NaN, "NaN") })
        {
            var values = Symbols.ToArray();
            values[4] = bad;
            var e = Assert.Throws<DataException>(() => compiled.Fit(new DataMatrix(values, values.Length, 1, source: "symbols")));
            Assert.Contains(what, e.Message);
            Assert.Equal(4, e.Row);
            Assert.Equal(0, e.Column);
        }
        Assert.Throws<DataException>(() => Truth.LogLikelihood(SequenceData.Single(new DataMatrix([0, 1, 7], 3, 1))));
    }

    [Fact]
    public void A_categorical_hmm_needs_regularization_or_a_dirichlet_above_one_and_the_reparameterized_engine_refuses_it()
    {
        var e = Assert.Throws<BackendNotSupportedException>(() => Hmm(2, 3).Compile(Inference.Em(regularization: 0)));
        Assert.Contains("a hidden Markov model with categorical emissions needs regularization > 0", e.Message);
        var map = Hmm(2, 3).Prior("probabilities", ParameterPrior.Dirichlet(2)).Compile(Inference.Em(regularization: 0, seed: 1, restarts: 2)).Fit(Sequence);
        var emissions = (CategoricalMixture)((HiddenMarkovModel)map.Parameters).Emissions;
        Assert.All(Enumerable.Range(0, 2).SelectMany(k => emissions.Probabilities(k)), p => Assert.True(p > 1e-3, "one pseudo-count per symbol keeps every probability away from 0"));
        Assert.Throws<BackendNotSupportedException>(() => Hmm(2, 3).Compile(Inference.Reparameterized()));
    }

    [Fact]
    public void Fewer_than_two_symbols_and_a_categorical_likelihood_outside_a_per_component_decoder_are_refused()
    {
        Assert.Contains("at least 2 symbols", Assert.Throws<ModelDefinitionException>(() => Likelihood.Categorical(1)).Message);
        var e = Assert.Throws<ModelDefinitionException>(() => Model.Define("m").Latent("z", Prior.StandardNormal(2))
            .Decoder(Decoder.Linear(Likelihood.Categorical(3))).Observe("x", 2).Validate());
        Assert.Contains("Decoder.PerComponent(Likelihood.Categorical(symbols))", e.Message);
    }
}
