using ProbLatent;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace HiddenMarkovModelExample;

/// <summary>One fit of the Nile's flow by one backend: the method, its result and the year its Viterbi path changes state.</summary>
public sealed record RegimeRow(string Method, FitResult Fit, int? ChangeYear);

/// <summary>
/// The Nile's annual flow (1871–1970) as one sequence under a 2-state Gaussian hidden Markov model: Baum–Welch (EM), the
/// Bayesian HMM (VMP), and exact forward–backward at each one's parameters, with the year each most probable path changes.
/// </summary>
public static class NileRegimes
{
    /// <summary>The best of many starts of pomegranate and of a NumPy Baum–Welch on this model and data.</summary>
    public const double ReferenceLogLikelihood = -629.8045;

    public static readonly Model Chain = Model.Define("nile")
        .Latent("z", Prior.MarkovChain(Prior.Categorical(2)))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full)))
        .Observe("flow", 1);

    public static IReadOnlyList<RegimeRow> Run(DataMatrix data, int restarts, int seed)
    {
        var em = Chain.Compile(Inference.Em(restarts: restarts, seed: seed)).Fit(data);
        var vmp = Chain.Compile(Inference.Vmp(restarts: restarts, seed: seed)).Fit(data);
        return
        [
            Row("EM (Baum–Welch)", em, data),
            Row("VMP (Bayesian HMM)", vmp, data),
            Row("exact at EM's θ", Chain.Compile(Inference.Exact(em.Parameters)).Fit(data), data),
            Row("exact at VMP's θ", Chain.Compile(Inference.Exact(vmp.Parameters)).Fit(data), data),
        ];
    }

    /// <summary>The last year of the path's first state, or null when the path never changes (or changes more than once).</summary>
    public static int? ChangeYear(HiddenMarkovModel hmm, DataMatrix data)
    {
        var path = hmm.Viterbi(data).States;
        var changes = Enumerable.Range(1, path.Count - 1).Where(t => path[t] != path[t - 1]).ToArray();
        return changes.Length == 1 ? Examples.NileFirstYear + changes[0] - 1 : null;
    }

    static RegimeRow Row(string method, FitResult fit, DataMatrix data) => new(method, fit, ChangeYear((HiddenMarkovModel)fit.Parameters, data));

    public static void Print(IReadOnlyList<RegimeRow> rows, TextWriter output)
    {
        output.WriteLine($"{"method",-20} {"log p(x)",10} {"ELBO",10} {"iterations",10}  Viterbi change");
        foreach (var row in rows)
            output.WriteLine($"{row.Method,-20} {row.Fit.LogLikelihood,10:F4} {row.Fit.Elbo.Value,10:F4} {row.Fit.Iterations,10}  " +
                             (row.ChangeYear is { } year ? $"after {year}" : "none (or several)"));
    }
}
