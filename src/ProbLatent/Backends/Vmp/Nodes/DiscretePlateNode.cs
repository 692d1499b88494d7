using System.Numerics.Tensors;
using ProbLatent.Distributions;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Nodes;

/// <summary>
/// A factor on a plate of discrete variables zₙ ∈ {0..K−1}. Its messages and the sufficient statistics it keeps
/// are computed for a block of rows at a time, inside the plate's own pass over the data, so an update of the
/// plate reads the data once.
/// </summary>
internal interface IDiscretePlateFactor
{
    /// <summary>Called once before a pass: precompute what every row's message needs.</summary>
    void BeginPass(DiscretePlateNode plate);

    /// <summary>Adds log messages for rows [start, end) into <paramref name="logPotentials"/> ((end−start)×K).</summary>
    void AddLogMessages(DiscretePlateNode plate, int start, int end, Span<double> logPotentials);

    /// <summary>The length of the statistics this factor keeps of q(z).</summary>
    int StatisticsLength { get; }

    /// <summary>Adds rows [start, end)'s share of the statistics (into a zeroed span), given their new q(zₙ) ((end−start)×K).</summary>
    void Accumulate(int start, int end, ReadOnlySpan<double> probabilities, Span<double> statistics);

    /// <summary>Receives the statistics summed over the whole plate.</summary>
    void EndPass(double[] statistics);
}

/// <summary>
/// q(zₙ) = Discrete(rₙ) for each of N points, stored as an N×K table. An update sums the log messages of every
/// factor row by row, normalises them (a softmax), and lets each factor gather its statistics of the new q, in
/// one parallel pass over row blocks.
/// </summary>
internal sealed class DiscretePlateNode(string name, int count, int states) : Node(name)
{
    double _entropy;

    public int Count { get; } = count;
    public int States { get; } = states;

    /// <summary>rₙₖ = q(zₙ = k), row-major N×K.</summary>
    public double[] Probabilities { get; } = new double[count * states];

    public override void Update(bool priorsOnly = false)
    {
        var factors = Senders<IDiscretePlateFactor>(false).ToArray();
        foreach (var f in factors) f.BeginPass(this);
        Pass(factors, computeMessages: true);
    }

    /// <summary>Sets q(z) directly (for a random start) and gives the factors their statistics of it.</summary>
    public void Initialize(double[] probabilities)
    {
        probabilities.CopyTo(Probabilities, 0);
        Pass(Senders<IDiscretePlateFactor>(false).ToArray(), computeMessages: false);
    }

    public override double Entropy() => _entropy;

    void Pass(IDiscretePlateFactor[] factors, bool computeMessages)
    {
        int k = States;
        int offsets = 0;
        var layout = new int[factors.Length + 1];
        for (int f = 0; f < factors.Length; f++) layout[f + 1] = offsets += factors[f].StatisticsLength;
        var totals = RowBlocks.Accumulate(Count, offsets + 1, (start, end, statistics) =>
        {
            var block = Probabilities.AsSpan(start * k, (end - start) * k);
            double entropy;
            if (computeMessages)
            {
                block.Clear();
                foreach (var f in factors) f.AddLogMessages(this, start, end, block);
                entropy = Softmax(block, k);
            }
            else
            {
                entropy = Categorical.EntropyOf(block);
            }
            statistics[offsets] = entropy;
            for (int f = 0; f < factors.Length; f++)
                factors[f].Accumulate(start, end, block, statistics.AsSpan(layout[f], factors[f].StatisticsLength));
        });
        _entropy = totals[offsets];
        for (int f = 0; f < factors.Length; f++) factors[f].EndPass(totals.AsSpan(layout[f], factors[f].StatisticsLength).ToArray());
    }

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
        var shifted = new double[block.Length];
        for (int n = 0; n < rows; n++)
        {
            var row = block.Slice(n * k, k);
            double max = TensorPrimitives.Max(row);
            if (double.IsNegativeInfinity(max) || double.IsNaN(max))
                throw new ImproperPosteriorException($"every state of a point has log potential {max}");
            TensorPrimitives.Subtract(row, max, shifted.AsSpan(n * k, k));
        }
        TensorPrimitives.Max(shifted, LowestShift, shifted);
        TensorPrimitives.Exp(shifted, block);
        double entropy = 0;
        for (int n = 0; n < rows; n++)
        {
            var row = block.Slice(n * k, k);
            var u = shifted.AsSpan(n * k, k);
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
