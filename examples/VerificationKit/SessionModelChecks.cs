using ProbLatent.Verification;

namespace VerificationKit;

/// <summary>
/// Property checks of the session model, for CI: each fits the model to 25 simulated data sets and checks a law every
/// fit must obey. A failure throws ModelCheckFailedException, whose message gives the numbers, the failing case's seed
/// (SessionModel.Simulate(new Random(seed)) rebuilds its data) and the run's seed, which replays it.
/// </summary>
public class SessionModelChecks
{
    // A pinned seed makes CI reproducible; leave Seed unset to try new cases on every run.
    static readonly CheckSettings Settings = new() { Cases = 25, Seed = 2024 };

    [Fact]
    public void Elbo_never_exceeds_the_log_likelihood() =>
        ModelChecks.ElboBelowLogLikelihood(SessionModel.Definition, SessionModel.Simulate, SessionModel.Backend, Settings);

    [Fact]
    public void Elbo_equals_the_log_likelihood_at_the_exact_posterior() =>
        ModelChecks.ElboEqualsLogLikelihoodAtExactPosterior(SessionModel.Definition, SessionModel.Simulate, SessionModel.Backend, Settings);

    [Fact]
    public void The_gap_is_the_KL_divergence_to_the_exact_posterior() =>
        ModelChecks.GapEqualsKl(SessionModel.Definition, SessionModel.Simulate, SessionModel.Backend, Settings);

    [Fact]
    public void EM_never_decreases_its_objective() =>
        ModelChecks.EmNeverDecreases(SessionModel.Definition, SessionModel.Simulate, settings: Settings);

    [Fact]
    public void VMP_never_decreases_its_ELBO() =>
        ModelChecks.VmpNeverDecreases(SessionModel.Definition, SessionModel.Simulate, settings: Settings);
}
