using ProbLatent.Data;
using ProbLatent.Backends;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends;

/// <summary>
/// mclust and scikit-learn agree that a 2-component full-covariance Gaussian mixture on Old Faithful reaches a
/// total log-likelihood of −1130.264 with weights 0.356/0.644 and means (2.036, 54.479), (4.290, 79.968).
/// </summary>
public class OldFaithfulReferenceTests
{
    internal static readonly Model Mixture = Model.Define("old-faithful")
        .Latent("z", Prior.Categorical(2))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full)))
        .Observe("x", dimension: 2);

    [Fact]
    public void Em_reaches_the_peer_reference_on_the_embedded_data()
    {
        var fit = Mixture.Compile(Inference.Em(restarts: 5, seed: 1)).Fit(Examples.OldFaithful());
        AssertReference(fit);
    }

    [Fact]
    public void The_csv_file_read_from_disk_gives_the_same_fit_as_the_embedded_copy()
    {
        var data = Csv.Read(RepositoryFolder.PathOf("src/ProbLatent/Data/Examples/faithful.csv"));
        AssertReference(Mixture.Compile(Inference.Em(restarts: 5, seed: 1)).Fit(data));
    }

    static void AssertReference(FitResult fit)
    {
        Assert.Equal(-1130.264, fit.LogLikelihood, 1e-3);
        Assert.True(fit.Converged);
        var mixture = Assert.IsType<GaussianMixture>(fit.Parameters);
        int small = mixture.Weights[0] < mixture.Weights[1] ? 0 : 1;
        Assert.Equal(0.356, mixture.Weights[small], 1e-3);
        Assert.Equal(0.644, mixture.Weights[1 - small], 1e-3);
        Assert.Equal(2.036, mixture.Mean(small)[0], 1e-3);
        Assert.Equal(54.479, mixture.Mean(small)[1], 1e-3);
        Assert.Equal(4.290, mixture.Mean(1 - small)[0], 1e-3);
        Assert.Equal(79.968, mixture.Mean(1 - small)[1], 1e-3);
        Assert.True(fit.Elbo.Value <= fit.LogLikelihood);
        Assert.InRange(fit.Gap, 0, 1e-3);
    }

    [Fact]
    public void Exact_inference_at_the_em_parameters_has_no_gap()
    {
        var data = Examples.OldFaithful();
        var em = Mixture.Compile(Inference.Em(seed: 1)).Fit(data);
        var exact = Mixture.Compile(Inference.Exact(em.Parameters)).Fit(data);
        Assert.Equal(em.LogLikelihood, exact.LogLikelihood, 1e-9);
        Assert.Equal(exact.LogLikelihood, exact.Elbo.Value, 1e-8);
    }

    [Fact]
    public void The_same_seed_gives_the_same_fit_and_samples()
    {
        var data = Examples.OldFaithful();
        var a = Mixture.Compile(Inference.Em(restarts: 3, seed: 7)).Fit(data);
        var b = Mixture.Compile(Inference.Em(restarts: 3, seed: 7)).Fit(data);
        Assert.Equal(a.LogLikelihood, b.LogLikelihood);
        Assert.Equal(a.Trace, b.Trace);
        Assert.Equal(a.Sample(50, seed: 3).Data.Values.ToArray(), b.Sample(50, seed: 3).Data.Values.ToArray());
        Assert.NotEqual(a.Sample(50, seed: 3).Data.Values.ToArray(), a.Sample(50, seed: 4).Data.Values.ToArray());
    }

    [Fact]
    public void Encode_gives_responsibilities_that_separate_the_two_clusters()
    {
        var data = Examples.OldFaithful();
        var fit = Mixture.Compile(Inference.Em(seed: 1)).Fit(data);
        var posterior = Assert.IsType<DiscretePosterior>(fit.Encode(data));
        var mixture = (GaussianMixture)fit.Parameters;
        int shortEruptions = mixture.Mean(0)[0] < mixture.Mean(1)[0] ? 0 : 1;
        var assignments = posterior.MostProbable();
        for (int n = 0; n < data.Rows; n++)
        {
            if (data[n, 0] < 2.2) Assert.Equal(shortEruptions, assignments[n]);
            if (data[n, 0] > 4.0) Assert.Equal(1 - shortEruptions, assignments[n]);
        }
    }

    [Fact]
    public void Samples_from_the_fit_have_the_data_moments()
    {
        var data = Examples.OldFaithful();
        var fit = Mixture.Compile(Inference.Em(seed: 1)).Fit(data);
        var sample = fit.Sample(200_000, seed: 11).Data;
        // EM's fixed point matches the first moment of the data exactly (Σ πₖ μₖ = x̄); the sample mean is within its error.
        Assert.Equal(3.487783, Mean(sample, 0), 0.01);
        Assert.Equal(70.897059, Mean(sample, 1), 0.1);
    }

    static double Mean(DataMatrix data, int column) => Enumerable.Range(0, data.Rows).Average(n => data[n, column]);
}
