using ProbLatent.Data;
using ProbLatent.Backends;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends;

/// <summary>Every kind of bad input gets a ProbLatent exception that says what is wrong and where.</summary>
public class BadInputTests
{
    static Model Gmm(int k, int d) =>
        Model.Define("gmm").Latent("z", Prior.Categorical(k)).Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", d);

    [Fact]
    public void Nan_and_infinity_are_rejected_with_row_and_column()
    {
        var ex = Assert.Throws<DataException>(() => DataMatrix.FromRows([[1, 2], [3, double.NaN]]));
        Assert.Equal(1, ex.Row);
        Assert.Equal(1, ex.Column);
        Assert.Contains("row 1", ex.Message);
        ex = Assert.Throws<DataException>(() => DataMatrix.FromRows([[double.PositiveInfinity, 2]]));
        Assert.Equal(0, ex.Row);
        Assert.Equal(0, ex.Column);
    }

    [Fact]
    public void Ragged_rows_and_empty_sets_are_rejected()
    {
        var ex = Assert.Throws<DataException>(() => DataMatrix.FromRows([[1, 2], [3, 4], [5]]));
        Assert.Equal(2, ex.Row);
        Assert.Contains("row has 1 value but row 0 has 2", ex.Message);
        Assert.Contains("empty", Assert.Throws<DataException>(() => DataMatrix.FromRows([])).Message);
    }

    [Fact]
    public void A_dimension_that_does_not_match_the_model_is_named()
    {
        var ex = Assert.Throws<DataException>(() => Gmm(2, 3).Compile(Inference.Em()).Fit(Examples.OldFaithful()));
        Assert.Contains("has 2 columns but model 'gmm' observes 'x' with dimension 3", ex.Message);
    }

    [Fact]
    public void Counts_of_one_are_singular()
    {
        var one = DataMatrix.FromRows([[1.0, 2]]);
        Assert.Contains("has 1 row, fewer than the 2 components", Assert.Throws<DataException>(() => Gmm(2, 2).Compile(Inference.Em()).Fit(one)).Message);
        var column = DataMatrix.FromRows([[1.0], [2], [3]]);
        Assert.Contains("has 1 column but model 'gmm' observes 'x' with dimension 2",
            Assert.Throws<DataException>(() => Gmm(2, 2).Compile(Inference.Em()).Fit(column)).Message);
    }

    [Fact]
    public void More_components_than_data_points_is_rejected()
    {
        var data = DataMatrix.FromRows([[1.0, 2], [2, 1], [3, 5]]);
        var ex = Assert.Throws<DataException>(() => Gmm(4, 2).Compile(Inference.Em()).Fit(data));
        Assert.Contains("3 rows, fewer than the 4 components", ex.Message);
    }

    [Fact]
    public void A_constant_column_is_named()
    {
        var data = DataMatrix.FromRows([[1.0, 7], [2, 7], [3, 7], [4, 7]], ["a", "b"]);
        var ex = Assert.Throws<DataException>(() => Gmm(2, 2).Compile(Inference.Em()).Fit(data));
        Assert.Equal(1, ex.Column);
        Assert.Contains("column 1 'b': the column is constant (7)", ex.Message);
    }

    [Fact]
    public void Non_binary_data_for_a_bernoulli_likelihood_is_named()
    {
        var model = Model.Define("bm").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Bernoulli())).Observe("x", 3);
        var data = DataMatrix.FromRows([[0.0, 1, 0], [1, 0.5, 1]]);
        var ex = Assert.Throws<DataException>(() => model.Compile(Inference.Em()).Fit(data));
        Assert.Equal(1, ex.Row);
        Assert.Equal(1, ex.Column);
        Assert.Contains("not 0 or 1", ex.Message);
    }

    [Fact]
    public void Fitted_bernoulli_models_refuse_non_binary_data_too()
    {
        // A model loaded from a file meets new data without a compiled model's checks: the model itself refuses it.
        var data = DataMatrix.FromRows([[0.0, 1, 0], [1, 0.5, 1]]);
        var mixture = new BernoulliMixture([0.5, 0.5], [0.2, 0.5, 0.8, 0.7, 0.5, 0.3], 3);
        var boolean = new BooleanLatentModel([1.0, -1, 0.5], [0.0, 0, 0], [0.5]);
        foreach (var model in new ILatentModel[] { mixture, boolean })
        {
            var posterior = Assert.Throws<DataException>(() => model.Posterior(data));
            Assert.Equal((1, 1), (posterior.Row, posterior.Column));
            Assert.Contains("not 0 or 1", posterior.Message);
            Assert.Contains("not 0 or 1", Assert.Throws<DataException>(() => model.PointLogLikelihoods(data)).Message);
            // The ELBO of any q too, which could otherwise be evaluated at a value outside the likelihood's support.
            var q = model.Posterior(DataMatrix.FromRows([[0.0, 1, 0], [1, 0, 1]]));
            Assert.Contains("not 0 or 1", Assert.Throws<DataException>(() => model.Elbo(data, q)).Message);
        }
    }

    [Fact]
    public void Invalid_parameters_and_options_name_the_value()
    {
        Assert.Contains("not positive definite",
            Assert.Throws<NotPositiveDefiniteException>(() => new GaussianMixture([1.0], [0, 0], [1, 2, 2, 1], 2, Covariance.Full)).Message);
        Assert.Contains("sum to", Assert.Throws<ArgumentException>(() => new BernoulliMixture([0.5, 0.6], [0.5, 0.5], 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gmm(2, 2).Compile(Inference.Em(restarts: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gmm(2, 2).Compile(Inference.Em(regularization: double.NaN)));
    }

    [Fact]
    public void Exact_enumeration_beyond_twenty_boolean_latents_is_refused()
    {
        // The net itself can be held (a score-function fit trains such nets); what enumerates its states refuses.
        var net = new BooleanLatentModel(new double[21], [0.0], Enumerable.Repeat(0.5, 21).ToArray());
        Assert.False(net.IsEnumerable);
        var ex = Assert.Throws<BackendNotSupportedException>(() => net.PointLogLikelihoods(new DataMatrix([1.0], 1, 1)));
        Assert.Contains("2^21", ex.Message);
        Assert.Contains("n ≤ 20", ex.Message);
    }

    [Fact]
    public void Parameters_that_do_not_fit_the_model_are_refused_by_exact_inference()
    {
        var mixture = new GaussianMixture([0.5, 0.5], [0, 0, 1, 1], [1, 0, 0, 1, 1, 0, 0, 1], 2, Covariance.Full);
        var ex = Assert.Throws<BackendNotSupportedException>(() => Gmm(3, 2).Compile(Inference.Exact(mixture)));
        Assert.Contains("latent size 3", ex.Message);
    }

    [Fact]
    public void A_collapsing_fit_without_regularization_stops_naming_the_iteration_and_component()
    {
        // Two duplicated points per cluster and no regulariser: a covariance becomes singular.
        var data = DataMatrix.FromRows([[0.0, 0], [0, 0], [5, 5], [5, 5], [1, 2]]);
        var ex = Assert.Throws<FitDivergedException>(() => Gmm(2, 2).Compile(Inference.Em(regularization: 0, restarts: 1)).Fit(data));
        Assert.Matches("component [01] of 2 collapsed", ex.Message);
        Assert.Contains("raise the regularization", ex.Message);
        Assert.Equal(0, ex.Iteration); // already the first M step, from the k-means assignments
    }
}
