using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// The logits of binary data's column means, each smoothed by one pseudo-count of 0 and of 1 so that a column always
/// off or always on stays finite: the visible biases of the base-rate RBM (AIS's start, and contrastive training's).
/// </summary>
internal static class BaseRates
{
    public static double[] Logits(DataMatrix data)
    {
        var ones = new double[data.Columns];
        for (int r = 0; r < data.Rows; r++)
        {
            var row = data.Row(r);
            for (int i = 0; i < ones.Length; i++) ones[i] += row[i];
        }
        return Array.ConvertAll(ones, count => SpecialFunctions.Logit((count + 1) / (data.Rows + 2.0)));
    }
}
