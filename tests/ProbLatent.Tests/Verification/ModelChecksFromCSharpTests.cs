using System.Globalization;
using ProbLatent.Data;
using ProbLatent.Distributions;
using ProbLatent.Modeling;
using ProbLatent.Numerics;
using ProbLatent.Verification;

namespace ProbLatent.Tests.Verification;

/// <summary>
/// The verification kit from C#: optional arguments, a method or lambda as the data generator, settings by object
/// initializer, and the exception a broken backend gets.
/// </summary>
public class ModelChecksFromCSharpTests
{
    static readonly Model Sessions = Model.Define("sessions")
        .Latent("z", Prior.Categorical(2))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full)))
        .Observe("x", 2);

    /// <summary>Short and long sessions: two clusters of (minutes, pages), 30 rows, drawn from the case's generator.</summary>
    static DataMatrix SessionData(Random random)
    {
        var rows = new double[30][];
        for (int n = 0; n < rows.Length; n++)
        {
            bool isLong = random.NextDouble() < 0.4;
            rows[n] = [(isLong ? 25 : 4) + 3 * random.NextGaussian(), (isLong ? 12 : 3) + 2 * random.NextGaussian()];
        }
        return DataMatrix.FromRows(rows);
    }


    [Fact]
    public void A_correct_model_passes_every_check()
    {
        var settings = new CheckSettings { Cases = 20, Seed = 3 };
        ModelChecks.ElboBelowLogLikelihood(Sessions, SessionData, settings: settings);
        ModelChecks.ElboEqualsLogLikelihoodAtExactPosterior(Sessions, SessionData, settings: settings);
        ModelChecks.GapEqualsKl(Sessions, SessionData, Inference.Em(restarts: 2), settings);
        ModelChecks.EmNeverDecreases(Sessions, SessionData, settings: settings);
        ModelChecks.VmpNeverDecreases(Sessions, SessionData, settings: settings);
        ModelChecks.KlNonNegative(r => new Gaussian(r.NextDouble(), 1 + r.NextDouble()), r => new Gaussian(-r.NextDouble(), 0.5), settings);
    }

    [Fact]
    public void A_backend_that_reports_an_inflated_ELBO_fails_with_the_seed_and_the_counterexample()
    {
        var failure = Assert.Throws<ModelCheckFailedException>(() =>
            ModelChecks.ElboBelowLogLikelihood(Sessions, SessionData, new InflatedElboBackend(Inference.Em(restarts: 1), 0.5), new CheckSettings { Cases = 10, Seed = 4 }));
        Assert.Equal("ElboBelowLogLikelihood", failure.Check);
        Assert.Equal(4, failure.Seed);
        Assert.StartsWith("ModelChecks.ElboBelowLogLikelihood failed for model 'sessions' with backend em, inflated, at case 1 of 10.", failure.Message);
        Assert.Contains("the fit's reported ELBO and log p(x): ELBO", failure.Detail);
        Assert.Contains("(log p(x) − ELBO = -0.5", failure.Detail);
        Assert.Contains($"case seed {failure.CaseSeed}: 30 rows × 2 columns", failure.Message);
        Assert.Contains("CheckSettings.Seed = 4 replays this run.", failure.Message);
        // the case's seed rebuilds the counterexample: the same data, fitted again, breaks the bound again
        var rebuilt = SessionData(new Random(failure.CaseSeed));
        var again = Sessions.Compile(new InflatedElboBackend(Inference.Em(restarts: 1), 0.5)).Fit(rebuilt);
        Assert.True(again.Elbo.Value > again.LogLikelihood);
        // ...and it is the very data the failure shows (any data breaks an inflated bound: the rows tell them apart)
        var firstRow = string.Join(", ", rebuilt.Row(0).ToArray().Select(v => v.ToString("G6", CultureInfo.InvariantCulture).Replace('E', 'e')));
        Assert.Contains($"first rows [{firstRow}]", failure.Counterexample);
    }
}
