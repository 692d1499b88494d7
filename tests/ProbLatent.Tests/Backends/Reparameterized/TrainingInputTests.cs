using ProbLatent.Backends.Reparameterized;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Reparameterized;

/// <summary>What Train and Fit accept, and how they end when they cannot train: the same checks by either entry.</summary>
public class TrainingInputTests
{
    static Model Vae(Likelihood likelihood, int dimension = 3) => Model.Define("small")
        .Latent("z", Prior.StandardNormal(1))
        .Decoder(Decoder.Mlp(4), likelihood)
        .Observe("x", dimension);

    static ReparameterizedCompiledModel Compile(Likelihood likelihood, int? patience = null, double learningRate = 1e-2) =>
        Vae(likelihood).Compile(Inference.Reparameterized(epochs: 2, batchSize: 10, learningRate: learningRate, seed: 1, patience: patience));

    /// <summary>40 rows of three columns; the second is constant when asked.</summary>
    static DataMatrix Rows(bool constantSecond = false)
    {
        var random = new Random(2);
        return DataMatrix.FromRows(Enumerable.Range(0, 40)
            .Select(_ => new[] { random.NextDouble(), constantSecond ? 0.5 : random.NextDouble(), random.NextDouble() }).ToArray());
    }

    [Fact]
    public void A_constant_column_is_refused_by_Train_as_by_Fit_under_a_learned_variance_only()
    {
        var learned = Compile(Likelihood.Gaussian(Covariance.Diagonal));
        var constant = Rows(constantSecond: true);
        Assert.Contains("is constant (0.5)", Assert.Throws<DataException>(() => learned.Fit(constant)).Message);
        var e = Assert.Throws<DataException>(() => learned.Train(FloatMatrix.From(constant)));
        // One numbering, from 0 as DataException's columns count (the message once said "column 1: column 2").
        Assert.Contains("column 1: the column is constant (0.5)", e.Message);
        Assert.Equal(1, e.Column);
        // A fixed variance cannot collapse on it: both entries train.
        var fixedVariance = Compile(Likelihood.GaussianWithVariance(0.1));
        Assert.Equal(2, fixedVariance.Train(FloatMatrix.From(constant)).Epochs.Count);
        Assert.Equal(2, fixedVariance.Fit(constant).Iterations);
        // Validation and test data only have their values checked, not their variation.
        Assert.Equal(2, learned.Train(FloatMatrix.From(Rows()), test: FloatMatrix.From(constant)).Epochs.Count);
    }

    [Fact]
    public void A_value_that_float_rounds_to_one_is_still_not_binary()
    {
        var values = new double[40 * 3];
        values[7] = 1;
        values[3 * 5 + 2] = 0.99999999; // row 5, column 2: 1 in single precision
        var data = new DataMatrix(values, 40, 3);
        var converted = FloatMatrix.From(data);
        Assert.Equal(1f, converted[5, 2]);
        var e = Assert.Throws<DataException>(() => converted.CheckBinary());
        Assert.Contains("0.99999999 is not 0 or 1", e.Message);
        Assert.Equal((5, 2), (e.Row, e.Column));
        Assert.Throws<DataException>(() => Compile(Likelihood.Bernoulli()).Train(converted));
        // An every-nth-row subset keeps the refusal when it keeps the row, at the row's new place.
        var subset = Assert.Throws<DataException>(() => converted.EveryNthRow(5).CheckBinary());
        Assert.Equal((1, 2), (subset.Row, subset.Column));
        converted.EveryNthRow(3).CheckBinary(); // rows 0, 3, 6, …: not row 5
    }

    [Fact]
    public void Patience_needs_validation_data_and_Fit_has_none()
    {
        var compiled = Compile(Likelihood.Gaussian(Covariance.Diagonal), patience: 1);
        var train = FloatMatrix.From(Rows());
        Assert.Contains("no validation data", Assert.Throws<ArgumentException>(() => compiled.Train(train)).Message);
        Assert.Contains("Train(train, validation)", Assert.Throws<ArgumentException>(() => compiled.Fit(Rows())).Message);
        Assert.True(compiled.Train(train, validation: train).Epochs.Count >= 1);
    }

    [Fact]
    public void Cancelled_before_the_first_epoch_Train_keeps_nothing_and_Fit_throws()
    {
        var compiled = Compile(Likelihood.Gaussian(Covariance.Diagonal));
        var training = compiled.Train(FloatMatrix.From(Rows()), cancellation: new CancellationToken(canceled: true));
        Assert.True(training.Cancelled);
        Assert.Empty(training.Epochs);
        Assert.Contains("cancelled before the first epoch", Assert.Throws<InvalidOperationException>(() => training.Kept).Message);
        Assert.ThrowsAny<OperationCanceledException>(() => compiled.Fit(Rows(), cancellation: new CancellationToken(canceled: true)));
    }

    [Fact]
    public void A_diverging_fit_is_a_FitDivergedException_whose_iteration_is_the_epoch()
    {
        var compiled = Vae(Likelihood.Bernoulli()).Compile(
            Inference.Reparameterized(epochs: 3, batchSize: 10, learningRate: 1e6, seed: 1, optimizer: Optimizer.Sgd));
        var bits = DataMatrix.FromRows(Enumerable.Range(0, 40).Select(n => new double[] { n % 2, n % 3 == 0 ? 1 : 0, 1 - n % 2 }).ToArray());
        FitDivergedException e = Assert.ThrowsAny<FitDivergedException>(() => compiled.Fit(bits));
        var training = Assert.IsType<TrainingDivergedException>(e);
        Assert.Equal(training.Epoch, e.Iteration);
        Assert.StartsWith($"reparameterized: training diverged at epoch {e.Iteration}, minibatch {training.Batch}", e.Message);
    }

    [Fact]
    public void The_parameter_count_is_of_what_training_learns()
    {
        // A Gaussian VAE standardises its input by fixed shifts and scales, which are saved but not learned.
        var vae = Compile(Likelihood.Gaussian(Covariance.Diagonal)).Train(FloatMatrix.From(Rows())).Model;
        int learned = vae.Network.Trainable.Sum(p => p.Value.Length);
        Assert.True(vae.Network.Parameters.Sum(p => p.Value.Length) > learned);
        Assert.Equal(learned, vae.ParameterCount);
    }
}
