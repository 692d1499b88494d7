using ProbLatent;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.Distributions;
using ProbLatent.Modeling;

namespace VerificationKit;

/// <summary>
/// The model an application might ship: website sessions, each (log minutes on the site, pages viewed), as a mixture of
/// three kinds of visit with diagonal covariances, fitted by EM with three restarts.
/// </summary>
public static class SessionModel
{
    public static Model Definition { get; } = Model.Define("sessions")
        .Latent("kind", Prior.Categorical(components: 3))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Diagonal)))
        .Observe("session", dimension: 2);

    public static IBackend Backend { get; } = Inference.Em(restarts: 3, seed: 1);

    /// <summary>
    /// Sessions as the application sees them, from a seeded generator: 50 to 300 of them, bounces, browsing and long
    /// visits in proportions that vary from one call to the next, as they do from one week to the next.
    /// </summary>
    public static DataMatrix Simulate(Random random)
    {
        int count = random.Next(50, 301);
        double bounces = 0.2 + 0.3 * random.NextDouble(), browsing = 0.3 + 0.3 * random.NextDouble();
        var rows = new double[count][];
        for (int n = 0; n < count; n++)
        {
            double u = random.NextDouble();
            var (logMinutes, pages) = u < bounces ? (-1.0, 1.0) : u < bounces + browsing ? (1.5, 5.0) : (3.0, 15.0);
            rows[n] = [logMinutes + 0.5 * Gaussian.Standard.Sample(random), pages + 0.3 * pages * Gaussian.Standard.Sample(random)];
        }
        return DataMatrix.FromRows(rows, ["log_minutes", "pages"], "simulated sessions");
    }
}
