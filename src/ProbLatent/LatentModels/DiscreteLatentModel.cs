using System.Numerics.Tensors;
using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// A model whose latent takes one of S states (a mixture component, a configuration of boolean latents).
/// Exact inference is a log-sum-exp over the states: a subclass gives log p(x | z = s) and log p(z = s),
/// and this class turns them into log p(x), the posterior and the ELBO of any q, in parallel row blocks.
/// </summary>
public abstract class DiscreteLatentModel : ILatentModel
{
    public abstract ModelFamily Family { get; }
    public abstract int DataDimension { get; }
    public abstract int ParameterCount { get; }

    /// <summary>S, the number of latent states.</summary>
    public abstract int StateCount { get; }

    /// <summary>log p(z = s) for every state.</summary>
    public abstract ReadOnlySpan<double> StateLogPriors { get; }

    /// <summary>Writes log p(x | z = s) for every state s. Called concurrently: must not mutate shared state.</summary>
    protected internal abstract void StateLogLikelihoods(ReadOnlySpan<double> x, Span<double> result);

    /// <summary>
    /// log p(x_observed | z = s) for the rows of a data set with missing cells, computed per pattern of them; null for a family
    /// that does not marginalise missing cells, whose data with missing cells is refused.
    /// </summary>
    internal virtual IObservedLikelihoods? ObservedLikelihoods(MissingPatterns missing) => null;

    /// <summary>The marginals over the observed cells of <paramref name="data"/>'s rows, or null when none is missing; kept for the last patterns (see <see cref="LastPatterns{T}"/>).</summary>
    /// <exception cref="DataException">A cell is missing and the family does not marginalise missing cells.</exception>
    internal IObservedLikelihoods? Observed(DataMatrix data) =>
        data.Missing is not { } missing ? null
            : _lastObserved.For(missing, m => ObservedLikelihoods(m) ?? throw data.MissingRefusal($"exact inference in a {Family}"));

    readonly LastPatterns<IObservedLikelihoods> _lastObserved = new();

    /// <summary>log p(xₙ | z = s) into <paramref name="result"/>: over the observed cells when some are missing.</summary>
    void RowLogLikelihoods(IObservedLikelihoods? observed, DataMatrix data, int n, Span<double> result)
    {
        if (observed is null) StateLogLikelihoods(data.Row(n), result);
        else observed.StateLogLikelihoods(n, data.Row(n), result);
    }

    public abstract GeneratedData Generate(int count, Random random);

    /// <summary>Draws a row of component <paramref name="component"/>'s distribution into <paramref name="row"/>.</summary>
    protected delegate void ComponentDraw(int component, Random random, Span<double> row);

    /// <summary>A mixture's draws: for each point a component from <paramref name="weights"/>, then its row, in that order.</summary>
    protected GeneratedData FromComponents(int count, Random random, double[] weights, ComponentDraw draw)
    {
        int d = DataDimension;
        var x = new double[count * d];
        var z = new double[count];
        for (int n = 0; n < count; n++)
        {
            int c = random.NextCategorical(weights);
            z[n] = c;
            draw(c, random, x.AsSpan(n * d, d));
        }
        return new GeneratedData(new DataMatrix(x, count, d, source: "sample"), new DataMatrix(z, count, 1, ["z"], "sample"));
    }

    /// <summary>
    /// Saves the model (atomically), with the names of the data columns it was fitted on when they are given;
    /// <see cref="Files.LatentModelFile.Load"/> reads it back bit for bit.
    /// </summary>
    public void Save(string path, IReadOnlyList<string>? columnNames = null) => Files.LatentModelFile.Save(this, path, columnNames);

    /// <summary>Wraps probabilities over states as this model's posterior type.</summary>
    protected virtual IPosterior CreatePosterior(double[] probabilities, int count) => new DiscretePosterior(probabilities, count, StateCount);

    public double[] PointLogLikelihoods(DataMatrix data)
    {
        CheckData(data);
        var result = new double[data.Rows];
        var observed = Observed(data);
        RowBlocks.Sum(data.Rows, (start, end) =>
        {
            var rows = result.AsSpan(start, end - start);
            if (observed is null) PointLogLikelihoodRows(data, start, end, rows);
            else PointLogLikelihoodRowByRow(data, start, end, rows, observed);
            return 0;
        });
        return result;
    }

    /// <summary>log p(xₙ) of rows [<paramref name="start"/>, <paramref name="end"/>) without missing cells into <paramref name="result"/>.</summary>
    internal virtual void PointLogLikelihoodRows(DataMatrix data, int start, int end, Span<double> result) =>
        PointLogLikelihoodRowByRow(data, start, end, result, null);

    void PointLogLikelihoodRowByRow(DataMatrix data, int start, int end, Span<double> result, IObservedLikelihoods? observed)
    {
        var logPriors = StateLogPriors;
        int s = StateCount;
        Span<double> logJoint = s <= 64 ? stackalloc double[s] : new double[s];
        for (int n = start; n < end; n++)
        {
            RowLogLikelihoods(observed, data, n, logJoint);
            for (int k = 0; k < s; k++) logJoint[k] += logPriors[k];
            result[n - start] = LogSumExp.Of(logJoint);
        }
    }

    public virtual IPosterior Posterior(DataMatrix data)
    {
        CheckData(data);
        return Posterior(data, out _);
    }

    /// <summary>The exact posterior and the total log p(x), for EM's E step on data already checked.</summary>
    internal IPosterior Posterior(DataMatrix data, out double logLikelihood) =>
        CreatePosterior(PosteriorProbabilities(data, out logLikelihood), data.Rows);

    /// <summary>True for a Bernoulli likelihood, whose data must be 0 or 1.</summary>
    protected virtual bool BinaryData => false;

    /// <summary>The number of symbols of a categorical likelihood, whose data must be symbol indices; null for the others.</summary>
    protected virtual int? Symbols => null;

    /// <summary>
    /// The data's dimension, and its support: 0 or 1 under a Bernoulli likelihood, symbol indices under a categorical one, within double precision's safe range under
    /// a Gaussian one (see <see cref="GaussianValues"/>). At the public entry points, not in
    /// <see cref="PosteriorProbabilities(DataMatrix, out double)"/>, which EM calls every iteration on data already checked.
    /// </summary>
    protected void CheckData(DataMatrix data)
    {
        CheckDimension(data);
        Observed(data);
        if (Symbols is { } symbols) data.CheckSymbols(symbols);
        else if (BinaryData) data.CheckBinary();
        else data.CheckGaussianEvaluation();
    }

    /// <summary>The exact posterior probabilities (N×S) and, through <paramref name="logLikelihood"/>, the total log p(x).</summary>
    public double[] PosteriorProbabilities(DataMatrix data, out double logLikelihood) => PosteriorProbabilities(data, out logLikelihood, null);

    /// <summary>
    /// The same written into <paramref name="storage"/> (N×S, its contents ignored) when it is given, so that EM's E step
    /// reuses the table of a posterior nothing reads any more instead of allocating one each iteration.
    /// </summary>
    internal double[] PosteriorProbabilities(DataMatrix data, out double logLikelihood, double[]? storage)
    {
        CheckDimension(data);
        int s = StateCount;
        if (storage is not null && storage.Length != data.Rows * s)
            throw new ArgumentException($"expected storage for {data.Rows}×{s} probabilities, got {storage.Length}", nameof(storage));
        var probabilities = storage ?? new double[data.Rows * s];
        var observed = Observed(data);
        logLikelihood = RowBlocks.Sum(data.Rows, (start, end) => PosteriorRows(data, start, end, probabilities.AsSpan(start * s, (end - start) * s), observed));
        return probabilities;
    }

    /// <summary>
    /// The exact posterior probabilities of rows [<paramref name="start"/>, <paramref name="end"/>) into
    /// <paramref name="probabilities"/> ((end − start)×S) and their total log p(x), summed row by row in order: one block of
    /// <see cref="PosteriorProbabilities(DataMatrix, out double)"/>, and of an E step over a data source's block that keeps no table of all rows.
    /// </summary>
    internal double PosteriorRows(DataMatrix data, int start, int end, Span<double> probabilities) =>
        PosteriorRows(data, start, end, probabilities, Observed(data));

    /// <summary>The same, with the marginals over the observed cells already computed (null when none is missing).</summary>
    double PosteriorRows(DataMatrix data, int start, int end, Span<double> probabilities, IObservedLikelihoods? observed) =>
        observed is null ? CompletePosteriorRows(data, start, end, probabilities) : PosteriorRowByRow(data, start, end, probabilities, observed);

    /// <summary>
    /// <see cref="PosteriorRows(DataMatrix, int, int, Span{double})"/> of rows without missing cells: a family whose block of
    /// rows is one kernel overrides it (a Gaussian mixture's fused E step), or gives its likelihoods a block at a time
    /// (<see cref="StateLogLikelihoodRows"/>); otherwise row by row.
    /// </summary>
    internal virtual double CompletePosteriorRows(DataMatrix data, int start, int end, Span<double> probabilities)
    {
        if (!StateLogLikelihoodRows(data, start, end, probabilities)) return PosteriorRowByRow(data, start, end, probabilities, null);
        var logPriors = StateLogPriors;
        int s = StateCount;
        double total = 0;
        for (int n = 0; n < end - start; n++)
        {
            var logJoint = probabilities.Slice(n * s, s);
            TensorPrimitives.Add(logJoint, logPriors, logJoint);
            total += LogSumExp.NormalizeWide(logJoint);
        }
        return total;
    }

    double PosteriorRowByRow(DataMatrix data, int start, int end, Span<double> probabilities, IObservedLikelihoods? observed)
    {
        var logPriors = StateLogPriors;
        int s = StateCount;
        double total = 0;
        Span<double> buffer = s <= 64 ? stackalloc double[s] : new double[s];
        for (int n = start; n < end; n++)
        {
            RowLogLikelihoods(observed, data, n, buffer);
            for (int k = 0; k < s; k++) buffer[k] += logPriors[k];
            total += LogSumExp.Normalize(buffer);
            buffer.CopyTo(probabilities.Slice((n - start) * s, s));
        }
        return total;
    }

    /// <summary>
    /// The rows with each missing cell replaced by Σₛ p(z = s | x_o) E[x_m | x_o, z = s], from the observed marginals'
    /// per-state expectations (<see cref="IObservedLikelihoods.ConditionalMean"/>); the data itself when no cell is missing.
    /// </summary>
    internal DataMatrix Imputed(DataMatrix data)
    {
        CheckData(data);
        if (Observed(data) is not { } observed) return data;
        int s = StateCount, d = data.Columns;
        var probabilities = PosteriorProbabilities(data, out _);
        var values = data.Values.ToArray();
        var filled = new double[d];
        for (int n = 0; n < data.Rows; n++)
        {
            var row = values.AsSpan(n * d, d);
            var x = data.Row(n);
            bool missing = false;
            for (int j = 0; j < d; j++)
                if (double.IsNaN(x[j])) { row[j] = 0; missing = true; }
            if (!missing) continue;
            for (int k = 0; k < s; k++)
            {
                double r = probabilities[n * s + k];
                if (r == 0) continue;
                observed.ConditionalMean(n, k, x, filled);
                for (int j = 0; j < d; j++)
                    if (double.IsNaN(x[j])) row[j] += r * filled[j];
            }
        }
        return new DataMatrix(values, data.Rows, d, data.GivenColumnNames, data.Source, data.FirstRow, data.FirstLine);
    }

    /// <summary>
    /// log p(xₙ | z = s) for every row and state into <paramref name="table"/> (N×S row-major), row blocks in parallel, each a
    /// block at a time where the family has such a kernel (<see cref="StateLogLikelihoodRows"/>); <paramref name="then"/>(start,
    /// end), when given, runs on each block's rows as soon as they are written, while they are in cache.
    /// </summary>
    internal void StateLogLikelihoodTable(DataMatrix data, double[] table, Action<int, int>? then = null)
    {
        int s = StateCount;
        RowBlocks.Sum(data.Rows, (start, end) =>
        {
            if (data.HasMissing || !StateLogLikelihoodRows(data, start, end, table.AsSpan(start * s, (end - start) * s)))
                for (int n = start; n < end; n++) StateLogLikelihoods(data.Row(n), table.AsSpan(n * s, s));
            then?.Invoke(start, end);
            return 0;
        });
    }

    /// <summary>The checks of <see cref="CheckData"/>, for a model that uses this one inside it (a hidden Markov model's emissions).</summary>
    internal void CheckEvaluationData(DataMatrix data) => CheckData(data);

    /// <summary>
    /// log p(xₙ | s) of rows [<paramref name="start"/>, <paramref name="end"/>) for every state at once into
    /// <paramref name="result"/> ((end − start)×S), for a model whose likelihoods are one matrix product over a block; false
    /// (and nothing written) for one that computes them a row at a time through <see cref="StateLogLikelihoods"/>.
    /// </summary>
    protected internal virtual bool StateLogLikelihoodRows(DataMatrix data, int start, int end, Span<double> result) => false;

    public virtual ElboTerms Elbo(DataMatrix data, IPosterior q)
    {
        CheckData(data);
        if (q is not DiscretePosterior posterior || posterior.Count != data.Rows || posterior.States != StateCount)
            throw new ArgumentException($"q must be a discrete posterior over {data.Rows} points and {StateCount} states", nameof(q));
        var logPriors = StateLogPriors.ToArray();
        int s = StateCount;
        var observed = Observed(data);
        var (likelihood, prior, entropy) = RowBlocks.Sum3(data.Rows, (start, end) =>
        {
            // A family with a block kernel (one matrix product) computes the block's likelihoods at once, as the E step does.
            var block = new double[(end - start) * s];
            bool inBulk = observed is null && StateLogLikelihoodRows(data, start, end, block);
            double a = 0, b = 0, c = 0;
            for (int n = start; n < end; n++)
            {
                var logLik = block.AsSpan((n - start) * s, s);
                if (!inBulk) RowLogLikelihoods(observed, data, n, logLik);
                var qn = posterior.Row(n);
                for (int k = 0; k < s; k++)
                {
                    double w = qn[k];
                    if (w == 0) continue; // 0·log 0 = 0, even where a state is impossible
                    a += w * logLik[k];
                    b += w * logPriors[k];
                    c -= w * Math.Log(w);
                }
            }
            return (a, b, c);
        });
        return new ElboTerms(likelihood, prior, entropy);
    }

    protected void CheckDimension(DataMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Columns != DataDimension)
            throw new DataException($"has {Counted.Of(data.Columns, "column")} but the model's data dimension is {DataDimension}", data.Source);
    }
}

/// <summary>log p(x_observed | z = s) of the rows of one data set with missing cells (see <see cref="DiscreteLatentModel.ObservedLikelihoods"/>).</summary>
internal interface IObservedLikelihoods
{
    /// <summary>Writes log p(x_observed | z = s) of row <paramref name="row"/>, whose values are <paramref name="x"/> (NaN where missing). Called concurrently.</summary>
    void StateLogLikelihoods(int row, ReadOnlySpan<double> x, Span<double> result);

    /// <summary>
    /// Writes row <paramref name="row"/> (values <paramref name="x"/>, NaN where missing) into <paramref name="filled"/> with each
    /// missing cell at its expectation given the observed ones and z = <paramref name="state"/>, for imputation.
    /// </summary>
    void ConditionalMean(int row, int state, ReadOnlySpan<double> x, Span<double> filled);
}
