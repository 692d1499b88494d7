using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Selection;

/// <summary>
/// Chooses a model's size: fits the model at each size with one backend (its restarts, its seed) and scores every fit by
/// BIC, AIC and, for mixtures, ICL (<see cref="InformationCriteria"/>, larger is better), and by the ELBO when the backend
/// integrates the parameters out (VMP). mclust's <c>Mclust(x, G = 1:K)</c> and scikit-learn's loop over
/// <c>n_components</c> with <c>bic</c> do the same.
/// </summary>
/// <example>
/// <code>
/// var selection = new ModelSelection(k => Model.Define("faithful")
///         .Latent("z", Prior.Categorical(k))
///         .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full)))
///         .Observe("x", dimension: 2),
///     Inference.Em(restarts: 10, seed: 1));
/// var result = selection.Fit(Examples.OldFaithful(), sizes: [1, 2, 3, 4]);
/// Console.WriteLine(result.Best(Criterion.Bic)!.Size);   // 2
/// </code>
/// </example>
/// <param name="modelOfSize">The model with the given size: a mixture with that many components, PPCA with that latent dimension.</param>
/// <param name="backend">The backend every size is fitted with.</param>
public sealed class ModelSelection(Func<int, Model> modelOfSize, IBackend backend)
{
    readonly Func<int, Model> _modelOfSize = modelOfSize ?? throw new ArgumentNullException(nameof(modelOfSize));
    readonly IBackend _backend = backend ?? throw new ArgumentNullException(nameof(backend));

    /// <summary>
    /// Fits and scores each size in turn. A fit that diverges or whose covariance collapses is listed in
    /// <see cref="SelectionResult.Failed"/> and the others go on; a model the backend refuses, or data the model cannot
    /// take, throws at the first size. Cancellation stops the fit in progress, which is left out, and the sizes after it.
    /// </summary>
    /// <param name="sizes">The sizes to fit, each at least 1 and given once.</param>
    /// <exception cref="ArgumentException">No sizes, a size below 1, or a size given twice.</exception>
    public SelectionResult Fit(DataMatrix data, IReadOnlyList<int> sizes, IProgress<SelectionProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FitEach(sizes, data.Rows, (compiled, report) => compiled.Fit(data, report, cancellation), (size, fit) => Score(size, fit, data), progress, cancellation);
    }

    /// <summary>
    /// Fits and scores each number of states of a hidden Markov model over <paramref name="data"/>'s sequences, as
    /// <see cref="Fit(DataMatrix, IReadOnlyList{int}, IProgress{SelectionProgress}?, CancellationToken)"/> does a mixture's
    /// components; n is the number of steps, and the ICL is penalised by the entropy of the posterior over state paths.
    /// </summary>
    public SelectionResult FitSequences(SequenceData data, IReadOnlyList<int> sizes, IProgress<SelectionProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FitEach(sizes, data.Steps.Rows, (compiled, report) => compiled.FitSequences(data, report, cancellation), (size, fit) => Score(size, fit, data), progress, cancellation);
    }

    SelectionResult FitEach(IReadOnlyList<int> sizes, int dataCount, Func<CompiledModel, IProgress<FitProgress>?, FitResult> fitOne,
        Func<int, FitResult, SelectionCandidate> score, IProgress<SelectionProgress>? progress, CancellationToken cancellation)
    {
        CheckSizes(sizes);
        var candidates = new List<SelectionCandidate>();
        var failed = new List<(int, string)>();
        for (int i = 0; i < sizes.Count; i++)
        {
            int size = sizes[i];
            var compiled = _modelOfSize(size).Compile(_backend);
            var report = progress is null ? null : new SynchronousProgress<FitProgress>(p => progress.Report(new SelectionProgress(size, i, sizes.Count, p)));
            FitResult? fit = null;
            try
            {
                fit = fitOne(compiled, report);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested) { }
            catch (Exception e) when (e is FitDivergedException or NotPositiveDefiniteException) { failed.Add((size, e.Message)); }
            if (cancellation.IsCancellationRequested)
            {
                // A fit that had converged when cancellation came is whole; any other stopped early, or never started.
                bool whole = fit is { Converged: true };
                if (whole) candidates.Add(score(size, fit!));
                return new SelectionResult
                {
                    Candidates = candidates, Failed = failed, DataCount = dataCount,
                    Interrupted = whole ? null : size, NotRun = sizes.Skip(i + 1).ToArray(),
                };
            }
            if (fit is not null) candidates.Add(score(size, fit));
        }
        return new SelectionResult { Candidates = candidates, Failed = failed, DataCount = dataCount };
    }

    /// <summary>
    /// Scores one fit of <paramref name="data"/>: its BIC and AIC from the log-likelihood at the fitted parameters and
    /// their free parameters, its ICL from the exact responsibilities at those parameters when the model is a mixture
    /// (of Gaussians, Bernoullis or factor analysers), and the ELBO of a fit with a posterior over its parameters.
    /// </summary>
    public static SelectionCandidate Score(int size, FitResult fit, DataMatrix data)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(data);
        if (fit.DataCount != data.Rows)
            throw new ArgumentException($"the fit is of {fit.DataCount} points but the data has {data.Rows} rows: score a fit with the data it was fitted to", nameof(data));
        int n = fit.DataCount, p = fit.Parameters.ParameterCount;
        double bic = InformationCriteria.Bic(fit.LogLikelihood, p, n);
        // A mixture's states are its components (a mixture of factor analysers' too, whose posterior also holds each
        // component's q(h)); boolean latents' states are configurations of bits, not a classification.
        double? icl = fit.Parameters is DiscreteLatentModel mixture and not BooleanLatentModel
            ? InformationCriteria.Icl(bic, new DiscretePosterior(mixture.PosteriorProbabilities(data, out _), data.Rows, mixture.StateCount))
            : null;
        return Candidate(size, fit, bic, icl);
    }

    /// <summary>
    /// Scores one fit of a hidden Markov model to <paramref name="data"/>'s sequences: BIC and AIC with n the number of
    /// steps, and the ICL penalised by the entropy of the exact chain posterior at the fitted parameters
    /// (<see cref="InformationCriteria.Icl(double, ChainPosterior)"/>).
    /// </summary>
    public static SelectionCandidate Score(int size, FitResult fit, SequenceData data)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(data);
        if (fit.Parameters is not HiddenMarkovModel chain)
            throw new ArgumentException($"the fit is a {fit.Parameters.Family}, not a hidden Markov model: score it with the data matrix it was fitted to", nameof(fit));
        if (fit.DataCount != data.Steps.Rows)
            throw new ArgumentException($"the fit is of {fit.DataCount} steps but the sequences have {data.Steps.Rows}: score a fit with the sequences it was fitted to", nameof(data));
        double bic = InformationCriteria.Bic(fit.LogLikelihood, fit.Parameters.ParameterCount, fit.DataCount);
        return Candidate(size, fit, bic, InformationCriteria.Icl(bic, chain.Posterior(data)));
    }

    static SelectionCandidate Candidate(int size, FitResult fit, double bic, double? icl) =>
        new(size, fit, bic, InformationCriteria.Aic(fit.LogLikelihood, fit.Parameters.ParameterCount), icl,
            fit.ParameterPosterior is null ? null : fit.Elbo.Value);

    static void CheckSizes(IReadOnlyList<int> sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count == 0) throw new ArgumentException("a model selection needs at least one size to fit", nameof(sizes));
        foreach (var size in sizes)
            if (size < 1) throw new ArgumentException($"size {size}: a model needs at least 1 component or latent dimension", nameof(sizes));
        if (sizes.GroupBy(s => s).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"size {twice.Key} is given twice", nameof(sizes));
    }
}
