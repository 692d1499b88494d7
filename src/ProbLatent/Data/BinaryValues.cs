using System.Numerics;

namespace ProbLatent.Data;

/// <summary>The check a Bernoulli likelihood puts on data, for either precision a data set is held in.</summary>
internal static class BinaryValues
{
    /// <summary>
    /// Every value is 0 or 1; the first that is not is named by its row and column. A NaN is a missing cell (a data set
    /// holds one only when read with missing values allowed), which the models that marginalise it skip.
    /// </summary>
    public static void Check<T>(ReadOnlySpan<T> values, DataShape shape) where T : INumber<T>
    {
        for (int i = 0; i < values.Length; i++)
            if (!(T.IsZero(values[i]) || values[i] == T.One || T.IsNaN(values[i])))
                Refuse(values[i], i, shape);
    }

    /// <summary>Throws the refusal of the value at flat index <paramref name="index"/>.</summary>
    public static void Refuse<T>(T value, int index, DataShape shape) =>
        throw shape.Error(index % shape.Columns, index / shape.Columns,
            $"value {value} is not 0 or 1, which a Bernoulli likelihood needs");
}
