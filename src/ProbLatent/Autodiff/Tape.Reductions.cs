using System.Numerics.Tensors;
using ProbLatent.Numerics;
using Tensor = ProbLatent.Numerics.Tensor;

namespace ProbLatent.Autodiff;

internal sealed partial class Tape
{
    /// <summary>The sum of every element, as a 1×1 variable.</summary>
    public Variable Sum(Variable x)
    {
        var y = Result(Scratch(1, 1), x.RequiresGradient);
        double s = 0;
        for (int i = 0; i < x.Rows; i++) s += TensorPrimitives.Sum(x.Value.Row(i));
        y.Value[0, 0] = (float)s;
        OnBackward(y, dy => TensorPrimitives.Add(x.Gradient.Span, dy[0, 0], x.Gradient.Span));
        return y;
    }

    /// <summary>The sum of each row: rows × 1.</summary>
    public Variable SumRows(Variable x)
    {
        var y = Result(Scratch(x.Rows, 1), x.RequiresGradient);
        for (int i = 0; i < x.Rows; i++) y.Value[i, 0] = TensorPrimitives.Sum(x.Value.Row(i));
        OnBackward(y, dy =>
        {
            for (int i = 0; i < x.Rows; i++) TensorPrimitives.Add(x.Gradient.Row(i), dy[i, 0], x.Gradient.Row(i));
        });
        return y;
    }

    /// <summary>Each row repeated <paramref name="times"/> times in a row: row r of the result is row r / times of x.</summary>
    public Variable RepeatRows(Variable x, int times)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        if (times == 1) return x;
        var y = Result(Scratch(x.Rows * times, x.Columns), x.RequiresGradient);
        for (int i = 0; i < x.Rows; i++)
            for (int s = 0; s < times; s++) x.Value.Row(i).CopyTo(y.Value.Row(i * times + s));
        OnBackward(y, dy =>
        {
            var gradient = x.GradientFor(out bool overwrite);
            for (int i = 0; i < x.Rows; i++)
                for (int s = 0; s < times; s++)
                {
                    if (overwrite && s == 0) dy.Row(i * times).CopyTo(gradient.Row(i));
                    else TensorPrimitives.Add(gradient.Row(i), dy.Row(i * times + s), gradient.Row(i));
                }
        });
        return y;
    }

    /// <summary>
    /// log((1/S) Σₛ exp vₛ) over consecutive groups of S rows of a column: the importance-weighted bound of S log
    /// weights. The result has one row per group; the gradient sends each group's softmax weights back.
    /// </summary>
    public Variable GroupLogMeanExp(Variable logWeights, int groupSize)
    {
        if (logWeights.Columns != 1) throw new ArgumentException($"GroupLogMeanExp: expected a column, got {logWeights.Rows}×{logWeights.Columns}");
        if (groupSize < 1 || logWeights.Rows % groupSize != 0)
            throw new ArgumentException($"GroupLogMeanExp: {logWeights.Rows} rows do not split into groups of {groupSize}");
        int groups = logWeights.Rows / groupSize;
        var y = Result(Scratch(groups, 1), logWeights.RequiresGradient);
        for (int g = 0; g < groups; g++)
            y.Value[g, 0] = (float)(LogSumExp.Of(logWeights.Value.Span.Slice(g * groupSize, groupSize)) - Math.Log(groupSize));
        OnBackward(y, dy =>
        {
            var grad = logWeights.Gradient.Span;
            var v = logWeights.Value.Span;
            for (int g = 0; g < groups; g++)
            {
                double lse = y.Value[g, 0] + Math.Log(groupSize);
                for (int s = 0; s < groupSize; s++)
                {
                    int r = g * groupSize + s;
                    grad[r] += dy[g, 0] * (float)Math.Exp(v[r] - lse);
                }
            }
        });
        return y;
    }
}
