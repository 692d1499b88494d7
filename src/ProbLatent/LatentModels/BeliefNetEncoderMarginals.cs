using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// What a several-layer encoder says of each unit: q(h₁ᵢ = 1 | x) exactly, and for a layer above it the marginal
/// q(h_kᵢ = 1 | x) = E[σ(f_k(h_{k−1}))ᵢ] over the layers below drawn in order, the mean of the factor's probabilities over
/// <see cref="Draws"/> draws (Rao-Blackwellised: its error is that of a mean of probabilities, not of bits). The draws of
/// row r are the counter uniforms of stream r, so the values do not depend on which core computes which row.
/// </summary>
internal static class BeliefNetEncoderMarginals
{
    public const int Draws = 100;

    /// <summary>N × (all bits), each row the top layer's units first, as <see cref="BooleanLatentModel.LatentNames"/> lists them.</summary>
    public static double[] TopFirst(BeliefNetEncoder encoder, DataMatrix data)
    {
        var bits = encoder.LayerBits;
        int width = bits.Sum(), d = encoder.Dimension, widest = bits.Max();
        var offsets = new int[bits.Count]; // where factor k's units sit in a row, top first
        for (int k = bits.Count - 2; k >= 0; k--) offsets[k] = offsets[k + 1] + bits[k + 1];
        var result = new double[(long)data.Rows * width];
        RowBlocks.Sum(data.Rows, (start, end) =>
        {
            var below = new double[widest];
            var probabilities = new double[widest];
            var sums = new double[width];
            for (int r = start; r < end; r++)
            {
                var row = result.AsSpan(r * width, width);
                encoder.Layers[0].Probabilities(data.Row(r), 1, row.Slice(offsets[0], bits[0]));
                Array.Clear(sums);
                long uniform = 0;
                for (int s = 0; s < Draws; s++)
                {
                    var p = row.Slice(offsets[0], bits[0]);
                    for (int k = 1; k < bits.Count; k++)
                    {
                        for (int i = 0; i < p.Length; i++) below[i] = CounterUniforms.Uniform(0, (ulong)r, uniform++) < p[i] ? 1 : 0;
                        var q = probabilities.AsSpan(0, bits[k]);
                        encoder.Layers[k].Probabilities(below.AsSpan(0, p.Length), 1, q);
                        for (int i = 0; i < q.Length; i++) sums[offsets[k] + i] += q[i];
                        p = q;
                    }
                }
                for (int k = 1; k < bits.Count; k++)
                    for (int i = 0; i < bits[k]; i++) row[offsets[k] + i] = sums[offsets[k] + i] / Draws;
            }
            return 0;
        });
        return result;
    }
}
