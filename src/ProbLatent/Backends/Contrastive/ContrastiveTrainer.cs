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
/// select (<see cref="BinaryProduct"/>), the same numbers bit for bit at a fraction of the work; when both are, the weight
/// gradient goes into the momentum update row by row of W without being stored, a data row and its sample taken as one
/// row of p(h | v₀) − p(h | vₖ) where both are one (<see cref="MomentumUpdate"/>), and the biases' gradients come from
/// the patterns' counts and that difference's column sums. A binary training set's ones are indexed once
/// (<see cref="Index"/>), so a minibatch copies its rows' lists; a sample's are indexed by the workers as they draw it.
/// </summary>
internal sealed class ContrastiveTrainer
{
    readonly ContrastiveOptions _options;
    readonly BoltzmannKernel _kernel;
    readonly int _m, _n;
    readonly float[] _v0, _p0, _h, _vk, _pk, _chains, _gradient, _velocity, _visibleVelocity, _hiddenVelocity, _biasSums;
    readonly Tensor _v0Rows, _p0Rows, _vkRows, _pkRows, _differenceRows, _gradientRows;
    readonly BinaryPattern _dataOnes = new(), _sampleOnes = new();
    DataMatrix? _indexed;
    BinaryPattern? _rowsOfData; // the ones of _indexed's rows, when Index found it binary and sparse
    readonly bool[] _nonFinite = new bool[1];
    readonly ulong _seed;
    ulong _stream;
    bool _chainsStarted, _dataFilled;

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
        _biasSums = new float[Math.Max(_m, _n)];
        _v0Rows = new Tensor(_v0, batchSize, _m);
        _vkRows = new Tensor(_vk, batchSize, _m);
        _p0Rows = new Tensor(_p0, batchSize, _n);
        _pkRows = new Tensor(_pk, batchSize, _n);
        _differenceRows = new Tensor(batchSize, _n);
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

    /// <summary>
    /// Indexes the ones of the training data once, when every value is 0 or 1 and at most a quarter are ones (binarized
    /// images): a minibatch's pattern is then its rows' lists copied, rather than its values converted and scanned.
    /// </summary>
    public void Index(DataMatrix data)
    {
        _indexed = data;
        _rowsOfData = null;
        var pattern = new BinaryPattern();
        if (_kernel.SumsOnesExactly && pattern.TryIndex(data.Values, data.Rows, data.Columns, Autodiff.Tape.MaxBinaryDensity)) _rowsOfData = pattern;
    }

    /// <summary>False: every product on the GEMM and the gradient stored, even for binary states the sums of rows could take (tests hold the two paths together).</summary>
    internal bool SumsOfRows { get; set; } = true;

    /// <summary>Whether <see cref="Index"/> found the data binary and sparse enough to keep its ones.</summary>
    internal bool HoldsDataOnes => _rowsOfData is not null;

    /// <summary>One update from the rows <paramref name="order"/>[start..start + rows) of the data; a non-finite update is refused, not applied.</summary>
    public void Step(DataMatrix data, int[] order, int start, int rows, int epoch, int batch)
    {
        bool fromChains = _options.Persistent && _chainsStarted;
        bool indexed = _rowsOfData is not null && ReferenceEquals(data, _indexed);
        // The sums of selected rows give the GEMM's numbers while the inner dimension stays in one block of it.
        bool sumsFit = SumsOfRows && _kernel.SumsOnesExactly && rows <= BinaryProduct.ExactInnerLimit;
        _v0Rows.Resize(rows);
        _vkRows.Resize(rows);
        _dataFilled = !indexed;
        if (indexed) _dataOnes.SelectRows(_rowsOfData!, order.AsSpan(start, rows));
        else
            for (int r = 0; r < rows; r++) System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<double, float>(data.Row(order[start + r]), _v0.AsSpan(r * _m, _m));
        bool dataSparse = sumsFit && (indexed || _dataOnes.TryIndex(_v0Rows, Autodiff.Tape.MaxBinaryDensity));
        if (!dataSparse) FillData();
        HiddenProbabilities(_v0Rows, _dataOnes, _p0Rows, rows, fromChains ? null : new BernoulliDraw(_h, _seed, _stream++), dataSparse);
        if (fromChains) _chains.AsSpan(0, rows * _n).CopyTo(_h);
        bool sampleSparse = false;
        for (int t = 1; t <= _options.Steps; t++)
        {
            // The workers index the sample's ones as they draw it, so nothing scans it after.
            if (sumsFit) _sampleOnes.BeginRows(rows, _m);
            _kernel.VisibleProbabilities(_h, rows, _vk, draw: new BernoulliDraw(_vk, _seed, _stream++, sumsFit ? _sampleOnes : null));
            sampleSparse = sumsFit && _sampleOnes.FinishRows(Autodiff.Tape.MaxBinaryDensity);
            HiddenProbabilities(_vkRows, _sampleOnes, _pkRows, rows, t < _options.Steps ? new BernoulliDraw(_h, _seed, _stream++) : null, sampleSparse);
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

    /// <summary>The minibatch's data rows written out from their pattern, for the paths that read them densely (once a step).</summary>
    void FillData()
    {
        if (_dataFilled) return;
        _dataOnes.Fill(_v0);
        _dataFilled = true;
    }

    /// <summary>
    /// p(h = 1 | v) for the first <paramref name="rows"/> rows of <paramref name="v"/>: when <paramref name="sparse"/>, by
    /// the sums of the rows of W that v's ones (in <paramref name="ones"/>) select, the GEMM's numbers at a fraction of its
    /// work. With a <paramref name="draw"/>, h is drawn from p as each worker finishes its rows.
    /// </summary>
    void HiddenProbabilities(Tensor v, BinaryPattern ones, Tensor p, int rows, BernoulliDraw? draw, bool sparse)
    {
        p.Resize(rows);
        if (sparse) _kernel.HiddenProbabilities(ones, p, draw);
        else _kernel.HiddenProbabilities(v.Data, rows, p.Data, draw: draw);
    }

    void Update(int rows, int epoch, int batch, bool dataSparse, bool sampleSparse)
    {
        float rate = (float)(_options.LearningRate / rows), momentum = (float)_options.Momentum, decay = (float)_options.WeightDecay;
        float shrink = (float)_options.LearningRate * decay;
        var (weights, next) = (_kernel.Weights, _kernel.NextWeights);
        bool finite;
        if (dataSparse && sampleSparse)
        {
            // pk becomes Q = −p(h | vₖ) and D = p(h | v₀) + Q: the hidden biases' gradient is D's column sums, the visible
            // biases' the two patterns' counts of ones by column (sums of 0s and ±1s, so the same floats as adding v₀ − vₖ).
            _differenceRows.Resize(rows);
            MomentumUpdate.Prepare(_dataOnes, _p0Rows, _sampleOnes, _pkRows, _differenceRows);
            MomentumUpdate.CountVelocity(_dataOnes, _sampleOnes, _visibleVelocity, momentum, rate);
            MomentumUpdate.BiasVelocity(_differenceRows.Data, null, rows, _hiddenVelocity, _biasSums, momentum, rate);
            finite = MomentumUpdate.WeightVelocity(_dataOnes, _p0Rows, _sampleOnes, _pkRows, _differenceRows, weights, _velocity, next, momentum, rate, shrink, _nonFinite);
        }
        else
        {
            FillData();
            // Bias gradients before pk is negated for the weights' second product.
            MomentumUpdate.BiasVelocity(_v0, _vk, rows, _visibleVelocity, _biasSums, momentum, rate);
            MomentumUpdate.BiasVelocity(_p0, _pk, rows, _hiddenVelocity, _biasSums, momentum, rate);
            var negative = _pk.AsSpan(0, rows * _n);
            System.Numerics.Tensors.TensorPrimitives.Negate(negative, negative);
            if (dataSparse) BinaryProduct.MultiplyTransposed(_dataOnes, _p0Rows, _gradientRows);
            else Gemm.Multiply(_m, _n, rows, _v0, _m, true, _p0, _n, false, _gradient, _n);
            if (sampleSparse) BinaryProduct.MultiplyTransposed(_sampleOnes, _pkRows, _gradientRows, accumulate: true);
            else Gemm.Multiply(_m, _n, rows, _vk, _m, true, _pk, _n, false, _gradient, _n, accumulate: true);
            finite = MomentumUpdate.WeightVelocity(weights, _gradient, _velocity, next, _n, momentum, rate, shrink, _nonFinite);
        }
        string? bad = null;
        if (!finite)
        {
            int i = MomentumUpdate.FirstNonFinite(next);
            bad = $"the weight between visible unit {i / _n} and hidden unit {i % _n}";
        }
        bad ??= NonFinite(_kernel.VisibleBiases, _visibleVelocity, "visible bias") ?? NonFinite(_kernel.HiddenBiases, _hiddenVelocity, "hidden bias");
        if (bad is not null)
            throw new ContrastiveDivergedException(epoch, batch,
                $"the update made {bad} NaN or infinite; lower the learning rate ({_options.LearningRate}) or add weight decay; the weights before it are kept (LastGood)",
                Machine());
        _kernel.AdoptNextWeights();
        System.Numerics.Tensors.TensorPrimitives.Add(_kernel.VisibleBiases, _visibleVelocity, _kernel.VisibleBiases);
        System.Numerics.Tensors.TensorPrimitives.Add(_kernel.HiddenBiases, _hiddenVelocity, _kernel.HiddenBiases);
    }

    static string? NonFinite(float[] values, float[] steps, string name)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i] + steps[i])) return $"{name} {i}";
        return null;
    }
}
