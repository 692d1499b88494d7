using System.Numerics.Tensors;
using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Passes;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Nodes;

/// <summary>
/// A factor on a plate of discrete variables zₙ ∈ {0..K−1}. Its messages and the sufficient statistics it keeps
/// are computed for a block of rows at a time, inside the plate's own pass over the data, by its
/// <see cref="Kernel"/>, so an update of the plate reads the data once.
/// </summary>
internal interface IDiscretePlateFactor
{
    /// <summary>Called once before a pass: fixes what every row's message needs in <see cref="Kernel"/>.</summary>
    void BeginPass(DiscretePlateNode plate);

    /// <summary>What reads the rows during the pass; a <see cref="ITravellingKernel"/> can be sent where shards of the rows are.</summary>
    IPlateKernel Kernel { get; }

    /// <summary>Receives the statistics summed over the whole plate.</summary>
    void EndPass(double[] statistics);
}

/// <summary>
/// q(zₙ) = Discrete(rₙ) for each of N points. An update sums the log messages of every factor row by row, normalises
/// them (a softmax), and lets each factor gather its statistics of the new q, in one parallel pass over row blocks of
/// each block of the data set's rows. Over data held in memory the N×K table of q is kept; over a data source read in
/// blocks only a block's is, in a reused buffer, and the pass keeps the expected counts Σₙ rₙₖ (<see cref="StateCounts"/>).
/// A plate the steps of sequences lie on, which a <see cref="MarkovChainFactor"/> reads, is not a plate of independent rows:
/// its q(z) is a chain per sequence, whose marginals the chain's forward–backward gives from the other factors' log
/// messages (in memory only), and whose entropy is the chain's.
/// </summary>
/// <remarks>
/// The row blocks' sums are added in order into one total carried from block to block
/// (<see cref="RowBlocks.AccumulateInto"/>), so a source whose blocks are multiples of <see cref="RowBlocks.DefaultBlockSize"/>
/// rows gives the statistics of the same rows in memory to the bit; other block sizes split the row blocks differently,
/// which changes the sums by rounding only.
/// </remarks>
internal sealed class DiscretePlateNode : Node
{
    readonly IPlateRows _rows;
    double _entropy;

    /// <param name="rows">The rows the plate's passes read: held in memory, a source read in blocks here, or shards elsewhere.</param>
    public DiscretePlateNode(string name, IPlateRows rows, int states) : base(name)
    {
        _rows = rows;
        Count = checked((int)rows.Count);
        States = states;
        Holds = rows.Held is not null;
        Probabilities = Holds ? new double[Count * states] : [];
        StateCounts = new double[states];
    }

    public int Count { get; }
    public int States { get; }

    /// <summary>Whether the plate keeps every row's q (data in memory), not a block's at a time.</summary>
    public bool Holds { get; }

    /// <summary>rₙₖ = q(zₙ = k), row-major N×K, when the plate <see cref="Holds"/> its rows; empty otherwise.</summary>
    public double[] Probabilities { get; }

    /// <summary>Σₙ rₙₖ after the last pass, when the plate does not hold its rows (see <see cref="Holds"/>).</summary>
    public double[] StateCounts { get; }

    /// <summary>The rows the plate's passes read.</summary>
    public IPlateRows Rows => _rows;

    /// <summary>The chain along the plate's sequences, if one reads it.</summary>
    MarkovChainFactor? Chain => Factors.OfType<MarkovChainFactor>().SingleOrDefault();

    public override void Update(bool priorsOnly = false)
    {
        var factors = Senders<IDiscretePlateFactor>(false).ToArray();
        foreach (var f in factors) f.BeginPass(this);
        if (Chain is { } chain) Pass(factors, start: null, chainEntropy: chain.Infer(LogMessages(factors), Probabilities));
        else Pass(factors, start: null);
    }

    /// <summary>The factors' log messages to every row held, N×K, summed over row blocks on all cores.</summary>
    double[] LogMessages(IDiscretePlateFactor[] factors)
    {
        var data = _rows.Held ?? throw new InvalidOperationException($"the chain plate '{Name}' needs its rows in memory");
        var kernels = factors.Select(f => f.Kernel).ToArray();
        foreach (var f in kernels) f.BeginBlock(data);
        int k = States, size = RowBlocks.DefaultBlockSize;
        var messages = new double[Count * k];
        Parallel.For(0, (Count + size - 1) / size, b =>
        {
            int from = b * size, to = Math.Min(Count, from + size);
            foreach (var f in kernels) f.AddLogMessages(from, to, messages.AsSpan(from * k, (to - from) * k));
        });
        return messages;
    }

    /// <summary>Sets q(z) directly (for a random start) and gives the factors their statistics of it.</summary>
    public void Initialize(double[] probabilities) => Initialize(new GivenStart(probabilities, States));

    /// <summary>Sets q(z) block by block from <paramref name="start"/> and gives the factors their statistics of it.</summary>
    public void Initialize(PlateStart start)
    {
        Pass(Senders<IDiscretePlateFactor>(false).ToArray(), start);
        Chain?.Start(Probabilities);
    }

    public override double Entropy() => _entropy;

    /// <summary>
    /// One pass over the rows: q of each block from the messages (or from <paramref name="start"/>, or as a chain's inference
    /// left it, whose entropy is <paramref name="chainEntropy"/>), and the statistics of it (<see cref="PlatePass"/>), over
    /// the rows held here or by the rows' own passes.
    /// </summary>
    void Pass(IDiscretePlateFactor[] factors, PlateStart? start, double? chainEntropy = null)
    {
        var kernels = factors.Select(f => f.Kernel).ToArray();
        var layout = PlatePass.Layout(kernels);
        int offsets = layout[^1];
        double[] totals;
        if (_rows.Held is { } held)
        {
            totals = new double[offsets + 1];
            PlatePass.Block(kernels, layout, States, held, 0, Probabilities, 0, start, counted: false, chain: chainEntropy is not null, totals);
        }
        else
        {
            totals = _rows.Pass(kernels, States, start);
            totals.AsSpan(offsets + 1, States).CopyTo(StateCounts);
            // Each row's q sums to one, so the counts sum to the rows the pass read, to far within half a row.
            double read = StateCounts.Sum();
            if (Math.Abs(read - Count) > 0.5)
                throw DataException.RowsChanged(_rows.Name, Count, (long)Math.Round(read));
        }
        _entropy = chainEntropy ?? totals[offsets];
        for (int f = 0; f < factors.Length; f++) factors[f].EndPass(totals.AsSpan(layout[f], kernels[f].StatisticsLength).ToArray());
    }

    [ThreadStatic] static double[]? t_shifted;

    /// <summary>How far below its row's best a log potential is taken to be at most: see <see cref="Softmax"/>.</summary>
    const double LowestShift = -700;

    /// <summary>
    /// Turns each row of log potentials lₖ into probabilities pₖ = exp(lₖ − lse) in place and returns Σ_rows H[p].
    /// The exponentials run vectorised over the whole block; the entropy comes from the same numbers,
    /// H = lse − Σₖ pₖlₖ = log Σ e^(lₖ−max) − Σₖ pₖ(lₖ − max), with no logarithm per state.
    /// </summary>
    /// <remarks>
    /// A state more than <see cref="LowestShift"/> nats below its row's best is taken as exactly that far below (its
    /// probability stays under 10⁻³⁰⁰ either way): TensorPrimitives.Exp computes a whole vector with Math.Exp, whose
    /// last bit can differ from its vectorised one, when any lane lies beyond ±708, and where its vectors begin depends
    /// on the array's address, so without the floor a state's probability would depend on its neighbours and on where
    /// the garbage collector put the block — and two fits with one seed would differ.
    /// </remarks>
    internal static double Softmax(Span<double> block, int k)
    {
        int rows = block.Length / k;
        if (t_shifted is null || t_shifted.Length < block.Length) t_shifted = new double[Math.Max(block.Length, 4096)];
        var shifted = t_shifted.AsSpan(0, block.Length);
        for (int n = 0; n < rows; n++)
        {
            var row = block.Slice(n * k, k);
            double max = row[0];
            for (int s = 1; s < k; s++) max = Math.Max(max, row[s]);
            if (double.IsNegativeInfinity(max) || double.IsNaN(max))
                throw new ImproperPosteriorException($"every state of a point has log potential {max}");
            var u = shifted.Slice(n * k, k);
            for (int s = 0; s < k; s++) u[s] = row[s] - max;
        }
        TensorPrimitives.Max(shifted, LowestShift, shifted);
        TensorPrimitives.Exp(shifted, block);
        double entropy = 0;
        for (int n = 0; n < rows; n++)
        {
            var row = block.Slice(n * k, k);
            var u = shifted.Slice(n * k, k);
            double sum = TensorPrimitives.Sum(row);
            double inverse = 1 / sum, expectedShift = 0;
            for (int s = 0; s < k; s++)
            {
                double p = row[s] *= inverse;
                if (p > 0) expectedShift += p * u[s];
            }
            entropy += Math.Log(sum) - expectedShift;
        }
        return entropy;
    }
}
