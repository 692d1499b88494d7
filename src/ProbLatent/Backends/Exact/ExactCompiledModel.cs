using System.Diagnostics;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Backends.Exact;

/// <summary>Exact inference on given parameters, or on the closed-form maximum-likelihood fit where one exists.</summary>
internal sealed class ExactCompiledModel(Model model, ILatentModel? parameters) : CompiledModel(model, "exact")
{
    /// <summary>The models that marginalise missing cells are those that impute them.</summary>
    public override bool MarginalisesMissing => parameters is IImputingModel;

    /// <summary>A hidden Markov model's sequences are evaluated one by one (in parallel); any other model's steps as points.</summary>
    public override FitResult FitSequences(SequenceData data, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (parameters is not HiddenMarkovModel chain) return base.FitSequences(data, progress, cancellation);
        CheckData(data.Steps);
        var clock = Stopwatch.StartNew();
        var inference = chain.Infer(data, pairwise: false);
        var (posterior, logLikelihood) = (inference.Posterior, inference.LogLikelihood);
        var elbo = new ElboTerms(inference.ExpectedLogLikelihood, inference.ExpectedLogPrior, posterior.Entropy());
        clock.Stop();
        progress?.Report(new FitProgress(0, 0, logLikelihood, clock.Elapsed));
        return Result(chain, data.Steps, logLikelihood, elbo, posterior, clock);
    }

    public override FitResult Fit(DataMatrix data, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (parameters is HiddenMarkovModel) return FitSequences(SequenceData.Single(data), progress, cancellation);
        CheckData(data);
        var clock = Stopwatch.StartNew();
        var fitted = parameters ?? ProbabilisticPcaSolution.Fit(data, Model.SingleLatent.Prior.Dimension);
        double logLikelihood = fitted.PointLogLikelihoods(data).Sum();
        // q is the exact posterior, so the ELBO equals log p(x) up to rounding.
        var posterior = fitted.Posterior(data);
        var elbo = fitted.Elbo(data, posterior);
        clock.Stop();
        progress?.Report(new FitProgress(0, 0, logLikelihood, clock.Elapsed));
        return Result(fitted, data, logLikelihood, elbo, posterior, clock);
    }

    FitResult Result(ILatentModel fitted, DataMatrix data, double logLikelihood, ElboTerms elbo, IPosterior posterior, Stopwatch clock) =>
        new()
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
