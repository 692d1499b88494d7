using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Em;

/// <summary>
/// One EM restart. Each iteration moves θₜ to θₜ₊₁ (M step with the q of θₜ) and evaluates θₜ₊₁ exactly (E step); the
/// objective is log p(x | θ) + log p(θ) of the regulariser's prior. The reported ELBO is that of the last M step's q under
/// the final θ: a true lower bound on log p(x | θ), whose gap is the KL divergence the last step left between q and the
/// new posterior.
/// </summary>
internal sealed class EmRun : IFitRun
{
    readonly EmAlgorithm _algorithm;
    readonly DataMatrix _data;
    readonly int _restart;
    readonly double _regularization;
    ILatentModel _model;
    IPosterior _posterior, _previous;
    double _logLikelihood;

    public EmRun(EmAlgorithm algorithm, DataMatrix data, int restart, Random random, double regularization)
    {
        _algorithm = algorithm;
        _data = data;
        _restart = restart;
        _regularization = regularization;
        _model = Guard(() => algorithm.Initialize(data, random), 0, restart, regularization);
        (_posterior, _logLikelihood) = algorithm.Expect(_model, data);
        _previous = _posterior;
        Objective = Evaluate(0);
    }

    public double Objective { get; private set; }

    public void Iterate(int iteration)
    {
        _model = Guard(() => _algorithm.Maximize(_model, _data, _posterior), iteration, _restart, _regularization);
        // The last-but-one q is read by nothing once the M step has used the last one: the new q may take its storage.
        var spent = _previous;
        _previous = _posterior;
        (_posterior, _logLikelihood) = _algorithm.Expect(_model, _data, ReferenceEquals(spent, _previous) ? null : spent);
        Objective = Evaluate(iteration);
    }

    public FittedRun Result() => new(_model, null, _logLikelihood, _model.Elbo(_data, _previous), _previous);

    /// <summary>Runs an M step (or the initial one), turning a singular covariance or a collapsed component into a diverged-fit error that says what to do.</summary>
    internal static ILatentModel Guard(Func<ILatentModel> step, int iteration, int restart, double regularization)
    {
        try
        {
            return step();
        }
        catch (NotPositiveDefiniteException e)
        {
            throw new FitDivergedException("em", iteration,
                $"{e.Message} after the M step (restart {restart}): it collapsed onto too few distinct points; " +
                $"raise the regularization (now {regularization}) or use fewer components");
        }
        catch (CollapsedComponentException e)
        {
            throw new FitDivergedException("em", iteration, $"{e.Message} (restart {restart})");
        }
    }

    double Evaluate(int iteration) => CheckedObjective(_logLikelihood, _algorithm.LogPrior(_model), iteration, _restart);

    /// <summary>log p(x | θ) + log p(θ), refused when it is not finite.</summary>
    internal static double CheckedObjective(double logLikelihood, double logPrior, int iteration, int restart)
    {
        double objective = logLikelihood + logPrior;
        if (!double.IsFinite(objective))
            throw new FitDivergedException("em", iteration, $"log p(x) + log p(θ) is {objective} (restart {restart}); check the data's scale or raise the regularization");
        return objective;
    }
}
