using ProbLatent.Autodiff;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// A trained network's evaluation on a data set, computed in float32 and accumulated in double: one sweep over the data in
/// chunks of <see cref="RowsPerChunk"/> rows runs the encoder once per chunk and gives whatever is asked of it — the
/// encodings, the ELBO by its terms, the importance-sampled log-likelihood — so memory stays bounded whatever k and N are.
/// </summary>
internal sealed class VaeEvaluator(VaeNetwork network)
{
    const int RowsPerChunk = 1000;

    readonly Tape _tape = new(recording: false);

    /// <summary>
    /// One pass over <paramref name="data"/> computing <paramref name="quantities"/> with <paramref name="options"/>' counts.
    /// Each sampled quantity draws from its own stream seeded by <see cref="VaeEvaluationOptions.Seed"/>, in the same order
    /// whatever else is asked, so it is the same number asked alone or with the others. <paramref name="cancellation"/> is
    /// checked before each chunk and each decoder pass of the importance estimate, and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public VaeEvaluationResult Evaluate(FloatMatrix data, VaeQuantities quantities, VaeEvaluationOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (quantities == VaeQuantities.None || (quantities & ~VaeQuantities.All) != 0)
            throw new ArgumentOutOfRangeException(nameof(quantities), quantities, $"ask for one or more of {VaeQuantities.Encodings}, {VaeQuantities.Elbo} and {VaeQuantities.LogLikelihood}");
        if (network.IsMixtureGuide) return EvaluateMixture(data, quantities, options, cancellation);
        int q = network.LatentDimension;
        bool encode = quantities.HasFlag(VaeQuantities.Encodings);
        var means = encode ? new double[data.Rows * q] : null;
        var logVariances = encode ? new double[data.Rows * q] : null;
        var elbo = quantities.HasFlag(VaeQuantities.Elbo) ? new VaeElboSweep(network, options.ElboSamples, new Random(options.Seed)) : null;
        var importance = quantities.HasFlag(VaeQuantities.LogLikelihood)
            ? new VaeImportanceSweep(network, data, options.LogLikelihoodSamples, new Random(options.Seed), RowsPerChunk)
            : null;
        ForEachChunk(data, (batch, start, rows) =>
        {
            var (mean, logVariance) = network.Encode(_tape, _tape.Data(batch));
            if (means is not null && logVariances is not null)
            {
                var m = mean.Value.Span;
                var v = logVariance.Value.Span;
                for (int i = 0; i < m.Length; i++)
                {
                    means[start * q + i] = m[i];
                    logVariances[start * q + i] = v[i];
                }
            }
            elbo?.Add(_tape, batch, mean, logVariance, rows);
            // Last: its decoder passes reset the tape, which holds this chunk's q.
            importance?.Add(_tape, mean, logVariance, rows, cancellation);
        }, cancellation);
        return new VaeEvaluationResult(options,
            means is null || logVariances is null ? null : new DiagonalGaussianPosterior(means, logVariances, data.Rows, q),
            elbo?.Terms, importance?.Estimate());
    }

    /// <summary>
    /// <see cref="Evaluate"/> for a Gaussian-mixture VAE: its encodings are q(c | x) q(z | x, c), its ELBO sums c out
    /// (<see cref="EnumeratedElbo"/>, the objective training takes), and its log p(x) draws from the mixture proposal.
    /// </summary>
    VaeEvaluationResult EvaluateMixture(FloatMatrix data, VaeQuantities quantities, VaeEvaluationOptions options, CancellationToken cancellation)
    {
        int q = network.LatentDimension, k = network.Components;
        bool encode = quantities.HasFlag(VaeQuantities.Encodings);
        var probabilities = encode ? new double[data.Rows * k] : null;
        var means = encode ? Enumerable.Range(0, k).Select(_ => new double[data.Rows * q]).ToArray() : null;
        var logVariances = encode ? Enumerable.Range(0, k).Select(_ => new double[data.Rows * q]).ToArray() : null;
        var elboRandom = quantities.HasFlag(VaeQuantities.Elbo) ? new Random(options.Seed) : null;
        ElboTerms elbo = new(0, 0, 0);
        var importance = quantities.HasFlag(VaeQuantities.LogLikelihood)
            ? new MixtureImportanceSweep(network, data, options.LogLikelihoodSamples, new Random(options.Seed))
            : null;
        ForEachChunk(data, (batch, start, rows) =>
        {
            var x = _tape.Data(batch);
            var (logits, mean, logVariance) = network.EncodeMixture(_tape, x);
            if (probabilities is not null)
                for (int i = 0; i < rows; i++)
                {
                    var row = probabilities.AsSpan((start + i) * k, k);
                    for (int c = 0; c < k; c++) row[c] = logits.Value[i, c];
                    LogSumExp.Normalize(row);
                    for (int c = 0; c < k; c++)
                        for (int j = 0; j < q; j++)
                        {
                            means![c][(start + i) * q + j] = mean.Value[i * k + c, j];
                            logVariances![c][(start + i) * q + j] = logVariance.Value[i * k + c, j];
                        }
                }
            if (elboRandom is not null)
                for (int s = 0; s < options.ElboSamples; s++)
                {
                    var noise = _tape.Scratch(EnumeratedElbo.NoiseRows(network, rows, 1), q);
                    GaussianNoise.Fill(elboRandom, noise.Span);
                    elbo += EnumeratedElbo.Build(network, _tape, x, noise, 1).Terms.Scaled(1.0 / options.ElboSamples);
                }
            // Last: its decoder passes reset the tape, which holds this chunk's q.
            importance?.Add(_tape, start, rows, logits.Value.Span.ToArray(), mean.Value.Span.ToArray(), logVariance.Value.Span.ToArray(), cancellation);
        }, cancellation);
        var encodings = probabilities is null ? null : new ComponentGaussianPosterior(new DiscretePosterior(probabilities, data.Rows, k),
            Enumerable.Range(0, k).Select(c => new DiagonalGaussianPosterior(means![c], logVariances![c], data.Rows, q)).ToArray());
        return new VaeEvaluationResult(options, null, elboRandom is null ? null : elbo, importance?.Estimate()) { ComponentEncodings = encodings };
    }

    /// <summary>The encoder's location of every row (<see cref="VaeNetwork.Code"/>), N × latent dimension, chunk by chunk.</summary>
    public double[] Codes(FloatMatrix data)
    {
        // A mixture guide's location is E_q[z] = Σ_c q(c | x) m_c(x).
        if (network.IsMixtureGuide) return Evaluate(data, VaeQuantities.Encodings, VaeEvaluationOptions.Default).RequirePosterior().Means();
        int q = network.LatentDimension;
        var codes = new double[data.Rows * q];
        ForEachChunk(data, (batch, start, _) =>
        {
            var code = network.Code(_tape, _tape.Data(batch)).Value.Span;
            for (int i = 0; i < code.Length; i++) codes[start * q + i] = code[i];
        }, CancellationToken.None);
        return codes;
    }

    /// <summary>
    /// Σₙ log p(xₙ | ẑₙ) at the encoder's codes ẑₙ (<see cref="Codes"/>): a plain autoencoder's objective, with nothing
    /// drawn. <paramref name="cancellation"/> is checked between chunks of rows and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public double Reconstruction(FloatMatrix data, CancellationToken cancellation = default)
    {
        double total = 0;
        ForEachChunk(data, (batch, _, _) =>
        {
            var x = _tape.Data(batch);
            total += network.LogLikelihood(_tape, network.Decode(_tape, network.Code(_tape, x)), x).Value.SumInDouble();
        }, cancellation);
        return total;
    }

    /// <summary>The ELBO of a given diagonal Gaussian q over the data, by its terms, with <paramref name="options"/>' draws and seed.</summary>
    public ElboTerms Elbo(FloatMatrix data, DiagonalGaussianPosterior q, VaeEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var sweep = new VaeElboSweep(network, options.ElboSamples, new Random(options.Seed));
        ForEachChunk(data, (batch, start, rows) =>
            sweep.Add(_tape, batch, Rows(q.Mean, start, rows), Rows(q.LogVariance, start, rows), rows), CancellationToken.None);
        return sweep.Terms;
    }

    delegate ReadOnlySpan<double> PointRow(int n);

    Variable Rows(PointRow row, int start, int rows)
    {
        int q = network.LatentDimension;
        var t = _tape.Scratch(rows, q);
        for (int i = 0; i < rows; i++)
        {
            var source = row(start + i);
            for (int j = 0; j < q; j++) t[i, j] = (float)source[j];
        }
        return _tape.Constant(t);
    }

    /// <summary>
    /// Runs <paramref name="chunk"/> on the data <see cref="RowsPerChunk"/> rows at a time, each on the reset tape: the
    /// chunk's rows copied into one batch, the first row's index and the number of rows. <paramref name="cancellation"/>
    /// is checked before each chunk and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    void ForEachChunk(FloatMatrix data, Action<Tensor, int, int> chunk, CancellationToken cancellation)
    {
        var batch = new Tensor(Math.Min(RowsPerChunk, data.Rows), data.Columns);
        for (int start = 0; start < data.Rows; start += RowsPerChunk)
        {
            cancellation.ThrowIfCancellationRequested();
            _tape.Reset();
            int rows = Math.Min(RowsPerChunk, data.Rows - start);
            batch.Resize(rows);
            data.Values.Slice(start * data.Columns, rows * data.Columns).CopyTo(batch.Span);
            chunk(batch, start, rows);
        }
    }
}
