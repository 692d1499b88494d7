using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Backends;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Reparameterized;

/// <summary>
/// A point-mass guide makes the plain autoencoder: trained on reconstruction alone, it reports no ELBO or log-likelihood,
/// and with a linear encoder and decoder under Gaussian noise its decoder spans the data's principal subspace.
/// </summary>
public class AutoencoderTests
{
    const int Dimension = 5, Codes = 2;

    static Model LinearAutoencoder() => Model.Define("linear-ae")
        .Latent("z", Prior.StandardNormal(Codes))
        .Decoder(Decoder.Linear(Likelihood.GaussianWithVariance(1)))
        .Observe("x", dimension: Dimension)
        .Guide(Encoder.Linear().PointMass());

    /// <summary>
    /// Gaussian data with a clear principal subspace: variances 9 and 4 along two directions of a random rotation, at most
    /// 0.25 along the other three, around a mean away from the origin.
    /// </summary>
    static DataMatrix PrincipalData(int rows = 400, int seed = 3)
    {
        var random = new Random(seed);
        var rotation = Matrix<double>.Build.Dense(Dimension, Dimension, (_, _) => random.NextDouble() * 2 - 1).QR().Q;
        double[] sd = [3, 2, 0.5, 0.4, 0.3], mean = [1, -2, 0.5, 4, 0];
        var values = new double[rows * Dimension];
        for (int n = 0; n < rows; n++)
        {
            var s = Vector<double>.Build.Dense(Dimension, j => sd[j] * global::ProbLatent.Numerics.RandomExtensions.NextGaussian(random));
            var x = rotation * s;
            for (int j = 0; j < Dimension; j++) values[n * Dimension + j] = x[j] + mean[j];
        }
        return new DataMatrix(values, rows, Dimension, source: "principal");
    }

    static FitResult FitLinear(DataMatrix data) =>
        LinearAutoencoder().Compile(Inference.Reparameterized(epochs: 800, batchSize: data.Rows, learningRate: 2e-2, seed: 1)).Fit(data);

    /// <summary>The decoder's weights W (data × latent): the loadings the codes are multiplied by.</summary>
    static Matrix<double> Loadings(Autoencoder autoencoder)
    {
        var layer = autoencoder.Network.DecoderLayers[0];
        return Matrix<double>.Build.Dense(layer.Outputs, layer.Inputs, (j, i) => layer.Weight.Value[i, j]);
    }

    /// <summary>The principal angles between the column spaces of two d × q matrices, in radians.</summary>
    static double[] PrincipalAngles(Matrix<double> a, Matrix<double> b)
    {
        var qa = a.QR().Q.SubMatrix(0, a.RowCount, 0, a.ColumnCount);
        var qb = b.QR().Q.SubMatrix(0, b.RowCount, 0, b.ColumnCount);
        return (qa.TransposeThisAndMultiply(qb)).Svd().S.Select(c => Math.Acos(Math.Min(1, c))).ToArray();
    }

    /// <summary>The top-q eigenvectors of the data's sample covariance, d × q.</summary>
    static Matrix<double> PrincipalSubspace(DataMatrix data, int q)
    {
        var x = Matrix<double>.Build.Dense(data.Rows, data.Columns, (n, j) => data[n, j]);
        var centred = x - Matrix<double>.Build.Dense(data.Rows, data.Columns, (_, j) => x.Column(j).Average());
        var evd = (centred.TransposeThisAndMultiply(centred) / data.Rows).Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, data.Columns).OrderByDescending(i => evd.EigenValues[i].Real).Take(q).ToArray();
        return Matrix<double>.Build.DenseOfColumnVectors(order.Select(i => evd.EigenVectors.Column(i)));
    }

    [Fact]
    public void A_linear_autoencoder_under_gaussian_noise_spans_the_principal_subspace()
    {
        var data = PrincipalData();
        var fit = FitLinear(data);
        var autoencoder = Assert.IsType<Autoencoder>(fit.Parameters);
        var angles = PrincipalAngles(Loadings(autoencoder), PrincipalSubspace(data, Codes));
        Assert.All(angles, a => Assert.True(a < 1e-2, $"principal angles {string.Join(", ", angles.Select(v => v.ToString("E2")))} rad"));
        // The angles have power: the decoder does not span the subspace of the 2nd and 3rd components.
        var other = PrincipalSubspace(data, 3).SubMatrix(0, Dimension, 1, 2);
        Assert.True(PrincipalAngles(Loadings(autoencoder), other).Max() > 1);
    }

    [Fact]
    public void The_fit_reports_its_reconstruction_and_codes_and_no_elbo_or_log_likelihood()
    {
        var data = PrincipalData(rows: 200);
        var fit = LinearAutoencoder().Compile(Inference.Reparameterized(epochs: 20, batchSize: 50, learningRate: 2e-2, seed: 1)).Fit(data);
        var autoencoder = Assert.IsType<Autoencoder>(fit.Parameters);
        Assert.Null(fit.Trained);
        Assert.False(fit.HasElbo);
        Assert.False(fit.HasLogLikelihood);
        Assert.False(fit.LogLikelihoodIsExact);
        Assert.Contains("no ELBO", Assert.Throws<InvalidOperationException>(() => fit.Elbo).Message);
        Assert.Contains("no log-likelihood", Assert.Throws<InvalidOperationException>(() => fit.Gap).Message);
        Assert.Contains("reconstruction alone", Assert.Throws<NotSupportedException>(() => fit.Sample(3)).Message);
        Assert.Throws<NotSupportedException>(() => fit.Score(data));
        Assert.Contains("Elbo = none", fit.ToString());

        // The codes are the linear encoder's f(x), and the reconstruction is Σ log N(x | W f(x) + μ, I), recomputed here.
        var codes = Assert.IsType<PointPosterior>(fit.LatentPosterior);
        Assert.Equal(autoencoder.Encode(data).Means(), codes.Means());
        var decoded = autoencoder.Decode(new DataMatrix(codes.Means(), data.Rows, Codes));
        double expected = 0;
        for (int n = 0; n < data.Rows; n++)
            for (int j = 0; j < Dimension; j++)
            {
                double r = data[n, j] - decoded[n, j];
                expected += -0.5 * (Math.Log(2 * Math.PI) + r * r);
            }
        Assert.Equal(expected, fit.Reconstruction!.Value, Math.Abs(expected) * 1e-5);
        Assert.Equal(fit.Trace[^1] / data.Rows, expected / data.Rows, 0.5);
    }

    [Fact]
    public void A_saved_autoencoder_loads_with_the_same_codes_and_refuses_to_load_as_a_vae()
    {
        using var folder = new TempFolder();
        var data = PrincipalData(rows: 100);
        var fit = LinearAutoencoder().Compile(Inference.Reparameterized(epochs: 5, batchSize: 50, seed: 2)).Fit(data);
        var saved = (Autoencoder)fit.Parameters;
        var path = folder["ae.plm"];
        LatentModelFile.Save(saved, path);
        var loaded = Assert.IsType<Autoencoder>(LatentModelFile.Load(path));
        Assert.Equal(saved.Architecture, loaded.Architecture);
        Assert.True(loaded.Architecture.PointMassGuide);
        Assert.Equal(saved.Encode(data).Means(), loaded.Encode(data).Means());
        Assert.Equal(saved.Reconstruction(data), loaded.Reconstruction(data));
        Assert.Equal(saved.ParameterCount, Autoencoder.Load(path).ParameterCount);
        Assert.Contains("Autoencoder.Load", Assert.Throws<ModelFileException>(() => VariationalAutoencoder.Load(path)).Message);
    }

    [Fact]
    public void A_binary_autoencoder_keeps_the_epoch_with_the_best_validation_reconstruction()
    {
        // The slices shipped with the tests: 600 training rows, and every 2nd row of the shipped test slice (all ten digits) to validate on.
        var train = BinarizedMnist.ReadSingle(ShippedData.MnistTrain, maxRows: 600);
        var validation = BinarizedMnist.ReadSingle(ShippedData.MnistTest).EveryNthRow(2);
        var model = Model.Define("mnist-ae").Latent("z", Prior.StandardNormal(2))
            .Decoder(Decoder.Mlp(32), Likelihood.Bernoulli()).Observe("x", dimension: 784)
            .Guide(Encoder.Mlp(32).PointMass());
        var compiled = model.Compile(Inference.Reparameterized(epochs: 3, batchSize: 50, learningRate: 3e-3, seed: 1));
        Assert.Equal("encoder 784-32 Tanh → 2 (a point mass), decoder 2-32-784 Tanh, Bernoulli", compiled.Architecture.ToString());
        var training = compiled.Train(train, validation);
        Assert.All(training.Epochs, e =>
        {
            Assert.Null(e.ValidationElbo);
            Assert.Equal(e.TrainObjective, e.TrainReconstruction);
            Assert.Equal(0, e.TrainKl);
        });
        Assert.True(training.Epochs[^1].TrainObjective > training.Epochs[0].TrainObjective);
        var best = training.Epochs.MaxBy(e => e.ValidationReconstruction!.Value)!;
        Assert.Equal(best.Epoch, training.BestEpoch);
        Assert.Equal(best.ValidationReconstruction!.Value, training.Autoencoder.Reconstruction(validation) / validation.Rows, 1e-9);
        Assert.Throws<InvalidOperationException>(() => training.Model);
    }

    [Fact]
    public void What_a_point_mass_guide_cannot_use_is_refused_naming_the_part()
    {
        var withMixturePrior = Model.Define("ae").Latent("z", Prior.MixtureOfGaussians(3, Codes))
            .Decoder(Decoder.Mlp(8), Likelihood.GaussianWithVariance(1)).Observe("x", Dimension).Guide(Encoder.Mlp(8).PointMass());
        var mixture = Assert.Throws<BackendNotSupportedException>(() => withMixturePrior.Compile(Inference.Reparameterized()));
        Assert.Contains("mixture prior", mixture.Reason);
        Assert.Contains("Prior.StandardNormal(2)", mixture.Reason);
        var samples = Assert.Throws<BackendNotSupportedException>(() => LinearAutoencoder().Compile(Inference.Reparameterized(samples: 4)));
        Assert.Contains("draws no z", samples.Reason);
        Assert.Throws<BackendNotSupportedException>(() => LinearAutoencoder().Compile(Inference.Reparameterized(importanceSamples: 5)));
    }
}
