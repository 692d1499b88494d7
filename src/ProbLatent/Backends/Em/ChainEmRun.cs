using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Backends.Em;

/// <summary>
/// One Baum–Welch restart over a set of sequences, as <see cref="EmRun"/> is one EM restart over points: each iteration
/// takes the M step with the q of the current θ, then evaluates the new θ by forward–backward; the objective is
/// log p(x | θ) + log p(θ), and the reported ELBO is the last M step's q under the final θ.
/// </summary>
internal sealed class ChainEmRun : IFitRun
{
    readonly HiddenMarkovEm _algorithm;
    readonly MixtureEm _emissions;
    readonly SequenceData _data;
    readonly int _restart;
    readonly double _regularization;
    readonly ChainWorkspace _workspace;
    readonly Lazy<double[]> _columns;
    HiddenMarkovModel _model;
    ChainPosterior _posterior, _previous;
    double _logLikelihood;

    public ChainEmRun(HiddenMarkovEm algorithm, SequenceData data, int restart, Random random, double regularization)
    {
        _algorithm = algorithm;
        _emissions = algorithm.For(data);
        _data = data;
        _restart = restart;
        _regularization = regularization;
        _model = (HiddenMarkovModel)EmRun.Guard(() => algorithm.Initialize(data, _emissions, random), 0, restart, regularization);
        // The data is checked here once; each iteration's forward–backward then reads it unchecked, in arrays kept between iterations.
        _model.Emissions.CheckEvaluationData(data.Steps);
        _workspace = new ChainWorkspace(data.Steps.Rows, _model.States);
        _columns = new Lazy<double[]>(() => HiddenMarkovEm.Columns(data.Steps));
        (_posterior, _logLikelihood) = Expect();
        _previous = _posterior;
        Objective = Evaluate(0);
    }

    public double Objective { get; private set; }

    public void Iterate(int iteration)
    {
        _model = (HiddenMarkovModel)EmRun.Guard(() => _algorithm.Maximize(_model, _data, _posterior, _emissions, _columns), iteration, _restart, _regularization);
        _previous = _posterior;
        (_posterior, _logLikelihood) = Expect();
        Objective = Evaluate(iteration);
    }

    public FittedRun Result() => new(_model, null, _logLikelihood, _model.Elbo(_data, _previous), _previous);

    (ChainPosterior, double) Expect()
    {
        var inference = _model.Infer(_data, pairwise: false, _workspace);
        return (inference.Posterior, inference.LogLikelihood);
    }

    double Evaluate(int iteration) => EmRun.CheckedObjective(_logLikelihood, _algorithm.LogPrior(_model, _emissions), iteration, _restart);
}
