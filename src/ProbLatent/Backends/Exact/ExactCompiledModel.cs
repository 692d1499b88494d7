using System.Diagnostics;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Backends.Exact;

/// <summary>Exact inference on given parameters, or on the closed-form maximum-likelihood fit where one exists.</summary>
internal sealed class ExactCompiledModel(Model model, ILatentModel? parameters) : CompiledModel(model, "exact")
{
    public override bool MarginalisesMissing => parameters is GaussianMixture or BernoulliMixture;

    public override FitResult Fit(DataMatrix data, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        CheckData(data);
        var clock = Stopwatch.StartNew();
        var fitted = parameters ?? ProbabilisticPcaSolution.Fit(data, Model.SingleLatent.Prior.Dimension);
        double logLikelihood = fitted.PointLogLikelihoods(data).Sum();
        // q is the exact posterior, so the ELBO equals log p(x) up to rounding.
        var posterior = fitted.Posterior(data);
        var elbo = fitted.Elbo(data, posterior);
        clock.Stop();
        progress?.Report(new FitProgress(0, 0, logLikelihood, clock.Elapsed));
        return new FitResult
        {
            Backend = Backend,
            Model = Model,
            Parameters = fitted,
            DataCount = data.Rows,
            ColumnNames = data.GivenColumnNames,
            LogLikelihood = logLikelihood,
            Elbo = elbo,
            LatentPosterior = posterior,
            Trace = [logLikelihood],
            Iterations = 0,
            Converged = true,
            WallTime = clock.Elapsed,
        };
    }
}
