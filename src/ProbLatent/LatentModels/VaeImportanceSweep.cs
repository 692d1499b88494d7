using ProbLatent.Autodiff;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// The importance-sampled log p(xₙ) with k draws from q(z | xₙ) per point, fed the encoder's q chunk by chunk. The decoder
/// sees about <see cref="SampleRowsPerChunk"/> rows at once — ⌊5000 / k⌋ points with their k draws, counted from the
/// first row whatever the encoder's chunks are — so memory stays bounded at k up to thousands, and the draws, from the
/// estimate's own stream, are the same however the encodings arrive.
/// </summary>
internal sealed class VaeImportanceSweep
{
    /// <summary>Rows the decoder sees at once: bounds memory at k up to thousands.</summary>
    const int SampleRowsPerChunk = 5000;

    readonly VaeNetwork _network;
    readonly FloatMatrix _data;
    readonly int _samples;
    readonly Random _random;
    readonly int _rowsPerChunk;
    readonly double[] _estimates, _errors;
    readonly float[] _logWeights;
    readonly Tensor _batch;

    // The encodings of rows [_pendingStart, _encoded), stored from the front: what is not yet estimated.
    readonly float[] _means, _logVariances;
    int _pendingStart, _encoded;

    /// <param name="largestEncodedChunk">The most rows <see cref="Add"/> is given at once.</param>
    public VaeImportanceSweep(VaeNetwork network, FloatMatrix data, int samples, Random random, int largestEncodedChunk)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        _network = network;
        _data = data;
        _samples = samples;
        _random = random;
        _rowsPerChunk = Math.Max(1, SampleRowsPerChunk / samples);
        _estimates = new double[data.Rows];
        _errors = new double[data.Rows];
        _logWeights = new float[Math.Min(_rowsPerChunk, data.Rows) * samples];
        _batch = new Tensor(Math.Min(_rowsPerChunk, data.Rows), data.Columns);
        int pending = (_rowsPerChunk - 1 + largestEncodedChunk) * network.LatentDimension;
        _means = new float[pending];
        _logVariances = new float[pending];
    }

    public ImportanceEstimate Estimate()
    {
        if (_pendingStart != _data.Rows) throw new InvalidOperationException($"only {_pendingStart} of {_data.Rows} rows were estimated");
        return new ImportanceEstimate(_estimates, _errors, _samples);
    }

    /// <summary>
    /// Takes the q of the next <paramref name="rows"/> rows and estimates every chunk of points now complete, each decoder pass on
    /// the reset <paramref name="tape"/> (so <paramref name="mean"/> and <paramref name="logVariance"/> are read first).
    /// <paramref name="cancellation"/> is checked before each decoder pass and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public void Add(Tape tape, Variable mean, Variable logVariance, int rows, CancellationToken cancellation)
    {
        int q = _network.LatentDimension, offset = (_encoded - _pendingStart) * q;
        mean.Value.Span[..(rows * q)].CopyTo(_means.AsSpan(offset));
        logVariance.Value.Span[..(rows * q)].CopyTo(_logVariances.AsSpan(offset));
        _encoded += rows;
        int done = 0;
        while (_encoded - (_pendingStart + done) >= _rowsPerChunk || (_encoded == _data.Rows && _pendingStart + done < _encoded))
        {
            int count = Math.Min(_rowsPerChunk, _encoded - (_pendingStart + done));
            EstimateChunk(tape, done, count, cancellation);
            done += count;
        }
        // What is left of the pending rows moves to the front, for the next chunk of encodings to follow it.
        int left = (_encoded - _pendingStart - done) * q;
        _means.AsSpan(done * q, left).CopyTo(_means);
        _logVariances.AsSpan(done * q, left).CopyTo(_logVariances);
        _pendingStart += done;
    }

    /// <summary>Estimates the <paramref name="rows"/> pending points from the <paramref name="first"/>th; a point's k draws may span several decoder passes when k alone exceeds one.</summary>
    void EstimateChunk(Tape tape, int first, int rows, CancellationToken cancellation)
    {
        int q = _network.LatentDimension, start = _pendingStart + first;
        _batch.Resize(rows);
        _data.Values.Slice(start * _data.Columns, rows * _data.Columns).CopyTo(_batch.Span);
        int perPass = Math.Max(1, SampleRowsPerChunk / rows);
        for (int done = 0; done < _samples; done += perPass)
        {
            cancellation.ThrowIfCancellationRequested();
            int s = Math.Min(perPass, _samples - done);
            tape.Reset();
            var meanS = tape.RepeatRows(Pending(tape, _means, first, rows), s);
            var logVarianceS = tape.RepeatRows(Pending(tape, _logVariances, first, rows), s);
            var noise = tape.Scratch(rows * s, q);
            GaussianNoise.Fill(_random, noise.Span);
            var z = tape.Reparameterize(meanS, logVarianceS, noise);
            var reconstruction = _network.LogLikelihood(tape, _network.Decode(tape, z), tape.RepeatRows(tape.Constant(_batch), s));
            var logW = _network.LogWeights(tape, reconstruction, z, meanS, logVarianceS);
            for (int i = 0; i < rows; i++)
                for (int t = 0; t < s; t++) _logWeights[i * _samples + done + t] = logW.Value[i * s + t, 0];
        }
        for (int i = 0; i < rows; i++)
            (_estimates[start + i], _errors[start + i]) = LogSumExp.OfMean(_logWeights.AsSpan(i * _samples, _samples));
    }

    Variable Pending(Tape tape, float[] values, int first, int rows)
    {
        int q = _network.LatentDimension;
        var t = tape.Scratch(rows, q);
        values.AsSpan(first * q, rows * q).CopyTo(t.Span);
        return tape.Constant(t);
    }
}
