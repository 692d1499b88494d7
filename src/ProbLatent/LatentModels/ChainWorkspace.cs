namespace ProbLatent.LatentModels;

/// <summary>
/// The arrays forward–backward over one set of sequences works in (T steps, K states): the log emission table, the
/// shifted densities, the backward pass's β̂ when one sequence runs on two cores, and the per-step scales, shifts and
/// log-likelihoods. A Baum–Welch run keeps one from iteration to iteration instead of allocating some 4·T·K + 3·T doubles
/// (fresh pages at a million steps) each time. The table and the marginals belong to the posterior made from them, so
/// they come from two sets taken in turn: a run keeps its last two posteriors (the one the next M step reads and the one
/// before it), and the third call reuses the first's.
/// </summary>
internal sealed class ChainWorkspace(int steps, int states)
{
    readonly double[][] _tables = new double[2][], _marginals = new double[2][];
    int _turn;
    double[]? _backward;

    public int Steps => steps;
    public int States => states;
    public double[] Densities { get; } = new double[steps * states];
    public double[] Shifts { get; } = new double[steps];
    public double[] Scales { get; } = new double[steps];

    /// <summary>log p(xₜ | x₁..ₜ₋₁): what <see cref="HiddenMarkovModel.ChainInference.StepLogLikelihoods"/> holds until the next call.</summary>
    public double[] StepLogLikelihoods { get; } = new double[steps];

    /// <summary>β̂ of one sequence's backward pass on its own core (T×K), allocated when first asked for.</summary>
    public double[] Backward => _backward ??= new double[steps * states];

    /// <summary>The log emission table and the marginals for the next posterior: the set the last-but-one call took.</summary>
    public (double[] Table, double[] Marginals) NextPosterior()
    {
        int turn = _turn;
        _turn = 1 - turn;
        return (_tables[turn] ??= new double[steps * states], _marginals[turn] ??= new double[steps * states]);
    }
}
