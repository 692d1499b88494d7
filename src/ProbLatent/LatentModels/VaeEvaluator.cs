using ProbLatent.Autodiff;
using ProbLatent.Data;
using ProbLatent.Distributions;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// A trained network's bounds on a data set, computed in float32 and accumulated in double: the ELBO by its terms, and
/// the importance-sampled log-likelihood. Work is done in chunks, so memory stays bounded whatever k and N are.
/// </summary>
internal sealed class VaeEvaluator(VaeNetwork network)
{
    /// <summary>Rows the decoder sees at once while importance sampling: bounds memory at k up to thousands.</summary>
    const int SampleRowsPerChunk = 5000;

    const int RowsPerChunk = 1000;

    readonly Tape _tape = new(recording: false);

    /// <summary>The encoder's q(z | x) for every row, chunk by chunk.</summary>
    public DiagonalGaussianPosterior Encode(FloatMatrix data)
    {
        int q = network.LatentDimension;
        var means = new double[data.Rows * q];
        var logVariances = new double[data.Rows * q];
        ForEachChunk(data, (batch, start, _) =>
        {
            var (mean, logVariance) = network.Encode(_tape, _tape.Data(batch));
            var m = mean.Value.Span;
            var v = logVariance.Value.Span;
            for (int i = 0; i < m.Length; i++)
            {
                means[start * q + i] = m[i];
                logVariances[start * q + i] = v[i];
            }
        }, CancellationToken.None);
        return new DiagonalGaussianPosterior(means, logVariances, data.Rows, q);
    }

    /// <summary>The encoder's location of every row (<see cref="VaeNetwork.Code"/>), N × latent dimension, chunk by chunk.</summary>
    public double[] Codes(FloatMatrix data)
    {
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

    /// <summary>
    /// The ELBO of the encoder's q(z | x) over the data, by its terms, with <paramref name="samples"/> draws per point.
    /// <paramref name="cancellation"/> is checked between chunks of rows and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public ElboTerms Elbo(FloatMatrix data, Random random, int samples = 1, CancellationToken cancellation = default) =>
        Elbo(data, random, samples, (batch, _, _) => network.Encode(_tape, _tape.Data(batch)), cancellation);

    /// <summary>The ELBO of a given diagonal Gaussian q over the data, by its terms.</summary>
    public ElboTerms Elbo(FloatMatrix data, DiagonalGaussianPosterior q, Random random, int samples) =>
        Elbo(data, random, samples, (_, start, rows) => (Rows(q.Mean, start, rows), Rows(q.LogVariance, start, rows)), CancellationToken.None);

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

    ElboTerms Elbo(FloatMatrix data, Random random, int samples, Func<Tensor, int, int, (Variable Mean, Variable LogVariance)> encode,
        CancellationToken cancellation)
    {
        double reconstruction = 0, logPrior = 0, entropy = 0;
        int q = network.LatentDimension;
        ForEachChunk(data, (batch, start, rows) =>
        {
            var (mean, logVariance) = encode(batch, start, rows);
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < q; j++)
                {
                    double m = mean.Value[i, j], v = logVariance.Value[i, j];
                    entropy += Gaussian.EntropyFromLogVariance(v);
                    if (network.HasAnalyticKl) logPrior -= 0.5 * (SpecialFunctions.Log2Pi + m * m + Math.Exp(v));
                }
            for (int s = 0; s < samples; s++)
            {
                var noise = _tape.Scratch(rows, q);
                GaussianNoise.Fill(random, noise.Span);
                var z = _tape.Reparameterize(mean, logVariance, noise);
                reconstruction += network.LogLikelihood(_tape, network.Decode(_tape, z), _tape.Constant(batch)).Value.SumInDouble() / samples;
                if (!network.HasAnalyticKl) logPrior += network.LogPrior(_tape, z).Value.SumInDouble() / samples;
            }
        }, cancellation);
        return new ElboTerms(reconstruction, logPrior, entropy);
    }

    /// <summary>
    /// The importance-sampled estimate of log p(x) with <paramref name="samples"/> draws from q(z | x) per point.
    /// <paramref name="cancellation"/> is checked before each decoder pass and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public ImportanceEstimate LogLikelihood(FloatMatrix data, int samples, Random random, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var estimates = new double[data.Rows];
        var errors = new double[data.Rows];
        int rowsPerChunk = Math.Max(1, SampleRowsPerChunk / samples);
        var batch = new Tensor(Math.Min(rowsPerChunk, data.Rows), data.Columns);
        for (int start = 0; start < data.Rows; start += rowsPerChunk)
        {
            int rows = Math.Min(rowsPerChunk, data.Rows - start);
            Copy(data, start, rows, batch);
            // A point's k samples may span several decoder passes when k alone exceeds the chunk.
            var logWeights = new float[rows * samples];
            int perPass = Math.Max(1, SampleRowsPerChunk / rows);
            for (int done = 0; done < samples; done += perPass)
            {
                cancellation.ThrowIfCancellationRequested();
                int s = Math.Min(perPass, samples - done);
                _tape.Reset();
                var (mean, logVariance) = network.Encode(_tape, _tape.Data(batch));
                var meanS = _tape.RepeatRows(mean, s);
                var logVarianceS = _tape.RepeatRows(logVariance, s);
                var noise = _tape.Scratch(rows * s, network.LatentDimension);
                GaussianNoise.Fill(random, noise.Span);
                var z = _tape.Reparameterize(meanS, logVarianceS, noise);
                var reconstruction = network.LogLikelihood(_tape, network.Decode(_tape, z), _tape.RepeatRows(_tape.Constant(batch), s));
                var logW = network.LogWeights(_tape, reconstruction, z, meanS, logVarianceS);
                for (int i = 0; i < rows; i++)
                    for (int t = 0; t < s; t++) logWeights[i * samples + done + t] = logW.Value[i * s + t, 0];
            }
            for (int i = 0; i < rows; i++)
                (estimates[start + i], errors[start + i]) = LogSumExp.OfMean(logWeights.AsSpan(i * samples, samples));
        }
        return new ImportanceEstimate(estimates, errors, samples);
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
            Copy(data, start, rows, batch);
            chunk(batch, start, rows);
        }
    }

    static void Copy(FloatMatrix data, int start, int rows, Tensor batch)
    {
        batch.Resize(rows);
        data.Values.Slice(start * data.Columns, rows * data.Columns).CopyTo(batch.Span);
    }
}
