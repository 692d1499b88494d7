using System.Numerics;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Contrastive;

/// <summary>
/// One contrastive-divergence training run: the machine in float32 and every buffer a minibatch needs, made once, so a
/// minibatch allocates nothing. A step's positive phase is p(h | v₀) at the data; its negative phase k Gibbs sweeps from
/// h drawn at the data (CD-k) or from the persistent chains (PCD-k), ending at sampled vₖ and p(h | vₖ); the gradient
/// v₀ᵀp(h | v₀) − vₖᵀp(h | vₖ) (and the biases' differences), averaged over the minibatch, is taken by momentum and
/// weight decay. The products run on the GEMM, the elementwise passes on both cores; a product with binary visible
/// states (the data, or the sampled vₖ) at most a quarter ones — binarized images — is the sums of the rows their ones
/// select (<see cref="BinaryProduct"/>), the same numbers bit for bit at a fraction of the work.
/// </summary>
internal sealed class ContrastiveTrainer
{
    readonly ContrastiveOptions _options;
    readonly BoltzmannKernel _kernel;
    readonly int _m, _n;
    readonly float[] _v0, _p0, _h, _vk, _pk, _chains, _gradient, _velocity, _visibleVelocity, _hiddenVelocity;
    readonly Tensor _v0Rows, _p0Rows, _vkRows, _pkRows, _gradientRows;
    readonly BinaryPattern _dataOnes = new(), _sampleOnes = new();
    readonly bool[] _nonFinite = new bool[1];
    readonly ulong _seed;
    ulong _stream;
    bool _chainsStarted;

    /// <summary>A run from small random weights and <paramref name="visibleBiases"/> (Hinton's practical guide, 2010: the data's base rates).</summary>
    public ContrastiveTrainer(int visible, int hidden, int batchSize, double[] visibleBiases, ContrastiveOptions options)
        : this(new BoltzmannKernel(visible, hidden, SmallWeights(visible * hidden, options.Seed), Array.ConvertAll(visibleBiases, x => (float)x), new float[hidden]),
            batchSize, options)
    {
    }

    /// <summary>A run from the given machine (the gradient properties start it where they enumerate).</summary>
    public ContrastiveTrainer(RestrictedBoltzmannMachine start, int batchSize, ContrastiveOptions options)
        : this(BoltzmannKernel.Of(start), batchSize, options)
    {
    }

    ContrastiveTrainer(BoltzmannKernel kernel, int batchSize, ContrastiveOptions options)
    {
        _options = options;
        _kernel = kernel;
        _m = kernel.Visible;
        _n = kernel.Hidden;
        _seed = (ulong)options.Seed;
        _v0 = new float[batchSize * _m];
        _vk = new float[batchSize * _m];
        _p0 = new float[batchSize * _n];
        _pk = new float[batchSize * _n];
        _h = new float[batchSize * _n];
        _chains = options.Persistent ? new float[batchSize * _n] : [];
        _gradient = new float[_m * _n];
        _velocity = new float[_m * _n];
        _visibleVelocity = new float[_m];
        _hiddenVelocity = new float[_n];
        _v0Rows = new Tensor(_v0, batchSize, _m);
        _vkRows = new Tensor(_vk, batchSize, _m);
        _p0Rows = new Tensor(_p0, batchSize, _n);
        _pkRows = new Tensor(_pk, batchSize, _n);
        _gradientRows = new Tensor(_gradient, _m, _n);
    }

    static float[] SmallWeights(int count, int seed)
    {
        var random = new Random(seed);
        var weights = new float[count];
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(0.01 * random.NextGaussian());
        return weights;
    }

    /// <summary>The machine as it stands, in double.</summary>
    public RestrictedBoltzmannMachine Machine() => new(
        Array.ConvertAll(_kernel.Weights, x => (double)x), Array.ConvertAll(_kernel.VisibleBiases, x => (double)x),
        Array.ConvertAll(_kernel.HiddenBiases, x => (double)x));

    /// <summary>One update from the rows <paramref name="order"/>[start..start + rows) of the data; a non-finite update is refused, not applied.</summary>
    public void Step(DataMatrix data, int[] order, int start, int rows, int epoch, int batch)
    {
        for (int r = 0; r < rows; r++)
        {
            var source = data.Row(order[start + r]);
            var target = _v0.AsSpan(r * _m, _m);
            for (int i = 0; i < _m; i++) target[i] = (float)source[i];
        }
        bool dataSparse = HiddenProbabilities(_v0Rows, _dataOnes, _p0Rows, rows);
        if (_options.Persistent && _chainsStarted) _chains.AsSpan(0, rows * _n).CopyTo(_h);
        else BoltzmannKernel.Sample(_p0, _h, rows * _n, _seed, _stream++);
        bool sampleSparse = false;
        for (int t = 1; t <= _options.Steps; t++)
        {
            _kernel.VisibleProbabilities(_h, rows, _vk);
            BoltzmannKernel.Sample(_vk, _vk, rows * _m, _seed, _stream++);
            sampleSparse = HiddenProbabilities(_vkRows, _sampleOnes, _pkRows, rows);
            if (t < _options.Steps) BoltzmannKernel.Sample(_pk, _h, rows * _n, _seed, _stream++);
        }
        if (_options.Persistent)
        {
            // The first minibatch's chains start at its data; a shorter last minibatch carries on the first chains only.
            if (!_chainsStarted) BoltzmannKernel.Sample(_p0, _chains, _chains.Length, _seed, _stream++);
            BoltzmannKernel.Sample(_pk, _chains, rows * _n, _seed, _stream++);
            _chainsStarted = true;
        }
        Update(rows, epoch, batch, dataSparse, sampleSparse);
    }

    /// <summary>
    /// p(h = 1 | v) for the first <paramref name="rows"/> binary rows of <paramref name="v"/>, by the sums of the rows of W
    /// their ones select where that gives the GEMM's numbers and is cheaper; whether it did, with the ones left in <paramref name="ones"/>.
    /// </summary>
    bool HiddenProbabilities(Tensor v, BinaryPattern ones, Tensor p, int rows)
    {
        v.Resize(rows);
        p.Resize(rows);
        bool sparse = _kernel.SumsOnesExactly && rows <= BinaryProduct.ExactInnerLimit && ones.TryIndex(v, Autodiff.Tape.MaxBinaryDensity);
        if (sparse) _kernel.HiddenProbabilities(ones, p);
        else _kernel.HiddenProbabilities(v.Data, rows, p.Data);
        return sparse;
    }

    void Update(int rows, int epoch, int batch, bool dataSparse, bool sampleSparse)
    {
        float rate = (float)(_options.LearningRate / rows), momentum = (float)_options.Momentum, decay = (float)_options.WeightDecay;
        float shrink = (float)_options.LearningRate * decay;
        // Bias gradients before pk is negated for the weights' second product.
        BiasVelocity(_v0, _vk, rows, _visibleVelocity, momentum, rate);
        BiasVelocity(_p0, _pk, rows, _hiddenVelocity, momentum, rate);
        var negative = _pk.AsSpan(0, rows * _n);
        foreach (ref var p in negative) p = -p;
        if (dataSparse) BinaryProduct.MultiplyTransposed(_dataOnes, _p0Rows, _gradientRows);
        else Gemm.Multiply(_m, _n, rows, _v0, _m, true, _p0, _n, false, _gradient, _n);
        if (sampleSparse) BinaryProduct.MultiplyTransposed(_sampleOnes, _pkRows, _gradientRows, accumulate: true);
        else Gemm.Multiply(_m, _n, rows, _vk, _m, true, _pk, _n, false, _gradient, _n, accumulate: true);

        var weights = _kernel.Weights;
        string? bad = null;
        if (!WeightVelocity(weights, _gradient, _velocity, _n, momentum, rate, shrink, _nonFinite))
            bad = $"the weight between visible unit {FirstNonFinite(weights, _velocity) / _n} and hidden unit {FirstNonFinite(weights, _velocity) % _n}";
        bad ??= NonFinite(_kernel.VisibleBiases, _visibleVelocity, "visible bias") ?? NonFinite(_kernel.HiddenBiases, _hiddenVelocity, "hidden bias");
        if (bad is not null)
            throw new ContrastiveDivergedException(epoch, batch,
                $"the update made {bad} NaN or infinite; lower the learning rate ({_options.LearningRate}) or add weight decay; the weights before it are kept (LastGood)",
                Machine());
        AddInPlace(weights, _velocity, _n);
        AddInPlace(_kernel.VisibleBiases, _visibleVelocity, _m);
        AddInPlace(_kernel.HiddenBiases, _hiddenVelocity, _n);
    }

    /// <summary>velocity = momentum · velocity + rate · Σᵣ (a − b)ᵣ over the first <paramref name="rows"/> rows, column by column, the rows added in order.</summary>
    static void BiasVelocity(float[] a, float[] b, int rows, float[] velocity, float momentum, float rate)
    {
        int columns = velocity.Length, w = Vector<float>.Count, j = 0;
        for (; j + w <= columns; j += w)
        {
            var g = Vector<float>.Zero;
            for (int r = 0; r < rows; r++) g += new Vector<float>(a, r * columns + j) - new Vector<float>(b, r * columns + j);
            (momentum * new Vector<float>(velocity, j) + rate * g).CopyTo(velocity, j);
        }
        for (; j < columns; j++)
        {
            float g = 0;
            for (int r = 0; r < rows; r++) g += a[r * columns + j] - b[r * columns + j];
            velocity[j] = momentum * velocity[j] + rate * g;
        }
    }

    /// <summary>
    /// velocity = momentum · velocity + rate · gradient − shrink · weights for every weight, by rows of <paramref name="columns"/>
    /// on both cores; whether every weight + velocity is finite (<paramref name="nonFinite"/>, one flag either core may set).
    /// </summary>
    static bool WeightVelocity(float[] weights, float[] gradient, float[] velocity, int columns, float momentum, float rate, float shrink, bool[] nonFinite)
    {
        nonFinite[0] = false;
        WorkerPair.For(weights.Length / columns, (weights, gradient, velocity, columns, momentum, rate, shrink, nonFinite), static (s, start, end) =>
        {
            int w = Vector<float>.Count, last = end * s.columns, i = start * s.columns;
            var ok = Vector<float>.Zero;
            for (; i + w <= last; i += w)
            {
                var weight = new Vector<float>(s.weights, i);
                var v = s.momentum * new Vector<float>(s.velocity, i) + s.rate * new Vector<float>(s.gradient, i) - s.shrink * weight;
                v.CopyTo(s.velocity, i);
                var sum = weight + v;
                ok |= sum - sum; // 0 where finite, NaN where not
            }
            bool finite = Vector.EqualsAll(ok, Vector<float>.Zero);
            for (; i < last; i++)
            {
                float v = s.momentum * s.velocity[i] + s.rate * s.gradient[i] - s.shrink * s.weights[i];
                s.velocity[i] = v;
                finite &= float.IsFinite(s.weights[i] + v);
            }
            if (!finite) s.nonFinite[0] = true;
        }, minBatch: 16);
        return !nonFinite[0];
    }

    static int FirstNonFinite(float[] values, float[] steps)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i] + steps[i])) return i;
        return -1;
    }

    /// <summary>values += steps, by rows of <paramref name="columns"/> on both cores.</summary>
    static void AddInPlace(float[] values, float[] steps, int columns) =>
        WorkerPair.For(values.Length / columns, (values, steps, columns), static (s, start, end) =>
        {
            var v = s.values.AsSpan(start * s.columns, (end - start) * s.columns);
            var d = s.steps.AsSpan(start * s.columns, (end - start) * s.columns);
            int w = Vector<float>.Count, i = 0;
            for (; i + w <= v.Length; i += w) (new Vector<float>(v.Slice(i)) + new Vector<float>(d.Slice(i))).CopyTo(v.Slice(i));
            for (; i < v.Length; i++) v[i] += d[i];
        }, minBatch: 16);

    static string? NonFinite(float[] values, float[] steps, string name)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i] + steps[i])) return $"{name} {i}";
        return null;
    }
}
