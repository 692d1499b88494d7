using ProbLatent.Autodiff;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.Tests.Backends.Reparameterized;

/// <summary>
/// One evaluation pass of a VAE: asked for the encodings, the ELBO and the importance estimate together it gives, bit for
/// bit, what it gives asked for each alone, and every route takes its counts from the options it is given.
/// </summary>
public class VaeEvaluationPassTests
{
    static Model TinyVae(Prior? prior = null) => Model.Define("mnist-tiny")
        .Latent("z", prior ?? Prior.StandardNormal(2))
        .Decoder(Decoder.Mlp(8), Likelihood.Bernoulli())
        .Observe("x", dimension: 784)
        .Guide(Encoder.Mlp(8));

    static FloatMatrix Train => BinarizedMnist.ReadSingle(ShippedData.MnistTrain);

    /// <summary>1,400 rows: more than one chunk of the encoder, so the importance estimate's chunks of points straddle its chunks.</summary>
    static FloatMatrix Both()
    {
        var train = Train;
        var test = BinarizedMnist.ReadSingle(ShippedData.MnistTest);
        return new FloatMatrix([.. train.Values, .. test.Values], train.Rows + test.Rows, train.Columns);
    }

    static VariationalAutoencoder Trained(Prior? prior = null) =>
        TinyVae(prior).Compile(Inference.Reparameterized(epochs: 1, batchSize: 100, seed: 4)).Train(Train).Model;

    [Theory]
    [InlineData(1, 3, false)]
    [InlineData(3, 150, false)]
    [InlineData(2, 7, true)]
    public void Together_the_quantities_are_what_each_gives_alone(int elboSamples, int logLikelihoodSamples, bool mixturePrior)
    {
        var vae = Trained(mixturePrior ? Prior.MixtureOfGaussians(3, 2) : null);
        var evaluation = vae.Evaluate(Both());
        var options = new VaeEvaluationOptions(elboSamples, logLikelihoodSamples, Seed: 6);
        var all = evaluation.Run(VaeQuantities.All, options);
        Assert.Same(options, all.Options);

        var elbo = evaluation.Elbo(elboSamples, seed: 6);
        Assert.Equal((elbo.ExpectedLogLikelihood, elbo.ExpectedLogPrior, elbo.Entropy),
            (all.RequireElbo().ExpectedLogLikelihood, all.RequireElbo().ExpectedLogPrior, all.RequireElbo().Entropy));
        var estimate = evaluation.ImportanceLogLikelihood(logLikelihoodSamples, seed: 6);
        Assert.Equal(logLikelihoodSamples, all.RequireLogLikelihood().Samples);
        Assert.Equal(estimate.PointEstimates, all.RequireLogLikelihood().PointEstimates);
        Assert.Equal(estimate.PointStandardErrors, all.RequireLogLikelihood().PointStandardErrors);
        var encodings = vae.Encode(evaluation.Data);
        Assert.Equal(encodings.Means(), all.RequireEncodings().Means());
        Assert.Equal(encodings.Variances(), all.RequireEncodings().Variances());
        // Two of the three, either way round, are the same numbers again.
        var pair = evaluation.Run(VaeQuantities.Elbo | VaeQuantities.LogLikelihood, options);
        Assert.Equal(elbo.Value, pair.RequireElbo().Value);
        Assert.Equal(estimate.Total, pair.RequireLogLikelihood().Total);
        Assert.Null(pair.Encodings);
        Assert.Contains("Encodings", Assert.Throws<InvalidOperationException>(() => pair.RequireEncodings()).Message);
    }

    /// <summary>
    /// The importance estimate's chunks of points count from the first row whatever chunks the encoder gives it in, so
    /// its draws — and so its numbers — do not depend on them: fed 7 rows at a time or 1,000, it gives the same estimate.
    /// </summary>
    [Theory]
    [InlineData(3)]
    [InlineData(300)]
    [InlineData(6000)]
    public void The_importance_estimate_does_not_depend_on_the_encoder_s_chunks(int samples)
    {
        var vae = Trained();
        var data = Train.EveryNthRow(samples > 1000 ? 100 : 4);
        Assert.Equal(Estimate(vae, data, samples, 1000).PointEstimates, Estimate(vae, data, samples, 7).PointEstimates);
    }

    static ImportanceEstimate Estimate(VariationalAutoencoder vae, FloatMatrix data, int samples, int encoderRows)
    {
        var network = vae.Network;
        var sweep = new VaeImportanceSweep(network, data, samples, new Random(2), encoderRows);
        var tape = new Tape(recording: false);
        var batch = new Tensor(encoderRows, data.Columns);
        for (int start = 0; start < data.Rows; start += encoderRows)
        {
            int rows = Math.Min(encoderRows, data.Rows - start);
            tape.Reset();
            batch.Resize(rows);
            data.Values.Slice(start * data.Columns, rows * data.Columns).CopyTo(batch.Span);
            var (mean, logVariance) = network.Encode(tape, tape.Data(batch));
            sweep.Add(tape, mean, logVariance, rows, CancellationToken.None);
        }
        return sweep.Estimate();
    }

    [Fact]
    public void A_fit_takes_its_counts_from_its_options_and_reports_them()
    {
        var data = BinarizedMnist.Read(ShippedData.MnistTest);
        var fit = TinyVae().Compile(Inference.Reparameterized(epochs: 1, seed: 5, logLikelihoodSamples: 7, elboSamples: 3)).Fit(data);
        Assert.Equal((7, 3), (fit.LogLikelihoodSamples, fit.ElboSamples));
        var again = fit.Trained!.Evaluate(data).Run(VaeQuantities.All, new VaeEvaluationOptions(ElboSamples: 3, LogLikelihoodSamples: 7, Seed: 5));
        Assert.Equal(again.RequireLogLikelihood().Total, fit.LogLikelihood);
        Assert.Equal(again.RequireLogLikelihood().TotalStandardError, fit.LogLikelihoodStandardError);
        Assert.Equal(again.RequireElbo().Value, fit.Elbo.Value);
        Assert.Equal(again.RequireEncodings().Means(), Assert.IsType<DiagonalGaussianPosterior>(fit.LatentPosterior).Means());

        var byDefault = TinyVae().Compile(Inference.Reparameterized(epochs: 1, seed: 5)).Fit(data);
        Assert.Equal((VaeEvaluationOptions.DefaultLogLikelihoodSamples, VaeEvaluationOptions.DefaultElboSamples),
            (byDefault.LogLikelihoodSamples!.Value, byDefault.ElboSamples!.Value));
    }

    [Fact]
    public void Each_epoch_s_elbo_takes_the_options_draws()
    {
        var validation = BinarizedMnist.ReadSingle(ShippedData.MnistTest);
        var training = TinyVae().Compile(Inference.Reparameterized(epochs: 1, seed: 5, elboSamples: 4)).Train(Train, validation);
        var expected = training.Model.Evaluate(validation).Elbo(samples: 4, seed: 5).Value / validation.Rows;
        Assert.Equal(expected, training.Kept.ValidationElbo!.Value, 12);
        Assert.NotEqual(training.Model.Evaluate(validation).Elbo(samples: 1, seed: 5).Value / validation.Rows, training.Kept.ValidationElbo!.Value, 12);
    }

    [Fact]
    public void A_cancelled_pass_returns_no_bound_and_counts_below_one_are_refused()
    {
        var evaluation = Trained().Evaluate(Train);
        Assert.ThrowsAny<OperationCanceledException>(() => evaluation.Run(VaeQuantities.All, cancellation: new CancellationToken(canceled: true)));
        Assert.Equal("ElboSamples", Assert.Throws<ArgumentOutOfRangeException>(() => evaluation.Run(VaeQuantities.Elbo, new VaeEvaluationOptions(ElboSamples: 0))).ParamName);
        Assert.Equal("LogLikelihoodSamples",
            Assert.Throws<ArgumentOutOfRangeException>(() => evaluation.Run(VaeQuantities.LogLikelihood, new VaeEvaluationOptions(LogLikelihoodSamples: 0))).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => evaluation.Run(VaeQuantities.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReparameterizedOptions(ElboSamples: 0).Validate());
    }
}
