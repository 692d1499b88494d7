using ProbLatent.Autodiff;
using ProbLatent.Data;
using ProbLatent.Neural;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Reparameterized;

/// <summary>
/// One stochastic-gradient step on a minibatch, on both cores: the minibatch is cut in two parts, each part's
/// forward and backward pass runs on its own tape into gradient buffers of its own, then the parts' gradients are
/// added and the optimizer steps.
/// </summary>
/// <remarks>
/// Why split the data rather than each matrix product: a step of a small network is some forty products and as many
/// elementwise passes of tens of microseconds each; sharing every one of them costs a hand-off between the cores
/// each time, while two independent halves meet twice per step. The noise for the whole minibatch is drawn first,
/// in order, so the result is the same whichever core ran which part, and whether the second core joined at all.
/// </remarks>
internal sealed class MinibatchStep
{
    /// <summary>Below this many rows a part would be too small to be worth a core: the minibatch runs whole.</summary>
    const int MinRowsPerPart = 16;

    const int ReduceChunk = 16 * 1024;

    readonly VaeObjective _objective;
    readonly IOptimizer _optimizer;
    readonly Part[] _parts;
    readonly (Parameter Parameter, Tensor Gradient, int Start, int Length)[] _reduceChunks;

    sealed class Part(VaeObjective objective, Tape tape, Tensor batch, Tensor noise)
    {
        public Tensor Batch { get; } = batch;
        public Tensor Noise { get; } = noise;
        public int MinibatchRows;
        public BatchTerms Terms;
        public float Loss;

        public void Run()
        {
            tape.Reset();
            Terms = objective.Build(tape, Batch, Noise, MinibatchRows, out var loss);
            Loss = loss.Value[0, 0];
            if (float.IsFinite(Loss)) tape.Backward(loss);
        }
    }

    public MinibatchStep(VaeObjective objective, IOptimizer optimizer, int batchSize, int columns)
    {
        _objective = objective;
        _optimizer = optimizer;
        var trainable = objective.Network.Trainable;
        // The second part's gradients go to buffers of its own, added into the parameters' after both parts are done.
        var second = trainable.ToDictionary(p => p, p => new Tensor(p.Value.Rows, p.Value.Columns));
        int half = (batchSize + 1) / 2, q = objective.Network.LatentDimension;
        Part NewPart(Tape tape, int rows) =>
            new(objective, tape, new Tensor(rows, columns), new Tensor(objective.NoiseRows(rows), q));
        _parts = [NewPart(new Tape(), batchSize), NewPart(new Tape(gradients: second), half)];
        _reduceChunks = second.SelectMany(kv => Enumerable.Range(0, (kv.Value.Length + ReduceChunk - 1) / ReduceChunk)
            .Select(c => (kv.Key, kv.Value, c * ReduceChunk, Math.Min(ReduceChunk, kv.Value.Length - c * ReduceChunk)))).ToArray();
    }

    /// <summary>Runs the step on the given rows of the data; returns the minibatch's terms and its loss.</summary>
    public (BatchTerms Terms, float Loss) Run(FloatMatrix data, ReadOnlySpan<int> rows, Random random)
    {
        // Split on one core too, so a seed gives the same model whatever the machine.
        int parts = rows.Length >= 2 * MinRowsPerPart ? 2 : 1;
        int first = parts == 1 ? rows.Length : (rows.Length + 1) / 2;
        Prepare(_parts[0], data, rows[..first], rows.Length, random);
        if (parts == 2) Prepare(_parts[1], data, rows[first..], rows.Length, random);

        WorkerPair.For(parts, _parts, static (all, start, end) =>
        {
            for (int i = start; i < end; i++) all[i].Run();
        });
        // A part that failed to give a finite loss is reported by the trainer; nothing is stepped then.
        float loss = _parts[0].Loss + (parts == 2 ? _parts[1].Loss : 0);
        var terms = _parts[0].Terms;
        if (parts == 2)
        {
            var other = _parts[1].Terms;
            terms = new BatchTerms(terms.Objective + other.Objective, terms.Reconstruction + other.Reconstruction, terms.Kl + other.Kl, terms.Rows + other.Rows);
        }
        if (!float.IsFinite(loss)) return (terms, loss);
        if (parts == 2) AddSecondGradients();
        _optimizer.Step();
        return (terms, loss);
    }

    void Prepare(Part part, FloatMatrix data, ReadOnlySpan<int> rows, int minibatchRows, Random random)
    {
        data.Gather(rows, part.Batch);
        part.Noise.Resize(_objective.NoiseRows(rows.Length));
        GaussianNoise.Fill(random, part.Noise.Span);
        part.MinibatchRows = minibatchRows;
    }

    void AddSecondGradients() =>
        WorkerPair.For(_reduceChunks.Length, _reduceChunks, static (chunks, start, end) =>
        {
            for (int c = start; c < end; c++)
            {
                var (parameter, gradient, from, length) = chunks[c];
                var target = parameter.Gradient.Span.Slice(from, length);
                var source = gradient.Span.Slice(from, length);
                System.Numerics.Tensors.TensorPrimitives.Add(target, source, target);
                source.Clear();
            }
        });
}
