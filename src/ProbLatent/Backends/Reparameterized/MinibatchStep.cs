using ProbLatent.Autodiff;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Neural;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Reparameterized;

/// <summary>
/// One stochastic-gradient step on a minibatch: gather its rows, draw its noise, record the objective on the tape,
/// differentiate, and let the optimizer step. The products and the elementwise passes inside share both cores.
/// </summary>
/// <remarks>
/// Splitting the minibatch in two halves, one per core, each on its own tape and gradient buffers, was measured too:
/// it was up to 10% slower on two idle cores than sharing each product, whose halves meet with little waiting since
/// the second core spins between the step's many short kernels.
/// </remarks>
internal sealed class MinibatchStep
{
    readonly VaeObjective _objective;
    readonly IOptimizer _optimizer;
    readonly Tape _tape = new();
    readonly Tensor _batch;
    readonly Tensor _noise;
    Variable? _x;

    public MinibatchStep(VaeObjective objective, IOptimizer optimizer, int batchSize, int columns)
    {
        _objective = objective;
        _optimizer = optimizer;
        _batch = new Tensor(batchSize, columns);
        _noise = new Tensor(objective.NoiseRows(batchSize), objective.Network.LatentDimension);
    }

    /// <summary>Runs the step on the given rows of the data; returns the minibatch's terms and its loss (no step is taken if it is not finite).</summary>
    public (BatchTerms Terms, float Loss) Run(FloatMatrix data, ReadOnlyMemory<int> rows, Random random)
    {
        data.Gather(rows, _batch);
        _noise.Resize(_objective.NoiseRows(rows.Length));
        _tape.Reset();
        // Drawing the noise and indexing the ones of binary data (by row for the forward product, by column for the
        // weight gradient) take tens of microseconds each on one core: the two cores do them side by side.
        WorkerPair.For(2, (step: this, random), static (s, start, end) =>
        {
            for (int task = start; task < end; task++)
                if (task == 0) s.step.IndexBatch();
                else GaussianNoise.Fill(s.random, s.step._noise.Span);
        }, minBatch: 1);
        var terms = _objective.Build(_tape, _x!, _noise, out var loss);
        float value = loss.Value[0, 0];
        if (!float.IsFinite(value)) return (terms, value);
        _tape.Backward(loss);
        _optimizer.Step();
        return (terms, value);
    }

    /// <summary>The minibatch as data on the tape, its ones indexed by row and by column if it is binary.</summary>
    void IndexBatch()
    {
        _x = _tape.Data(_batch);
        _x.Ones?.IndexColumns();
    }
}
