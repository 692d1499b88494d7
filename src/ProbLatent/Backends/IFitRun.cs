using ProbLatent.LatentModels;

namespace ProbLatent.Backends;

/// <summary>
/// One restart of an iterative fit, from its seeded start: the state <see cref="IterativeCompiledModel"/> advances an
/// iteration at a time. Everything a restart changes lives here, so fits of one compiled model can run at once.
/// </summary>
internal interface IFitRun
{
    /// <summary>The objective at the current state: at the start until the first <see cref="Iterate"/>, then after the last.</summary>
    double Objective { get; }

    /// <summary>One iteration (an EM step, a VMP sweep); <paramref name="iteration"/> counts from 1, for error messages.</summary>
    void Iterate(int iteration);

    /// <summary>What the restart has found, on the data it was started on.</summary>
    FittedRun Result();
}

/// <summary>What a restart found: the parameters (and a Bayesian backend's posterior over them), log p(x | θ), q(z) and its ELBO.</summary>
internal sealed record FittedRun(ILatentModel Parameters, IParameterPosterior? ParameterPosterior, double LogLikelihood, ElboTerms Elbo, IPosterior LatentPosterior);
