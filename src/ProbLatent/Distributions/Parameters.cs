using MathNet.Numerics.LinearAlgebra;

namespace ProbLatent.Distributions;

/// <summary>Parameter checks shared by the distributions' constructors; every message names the distribution, the parameter and the bad value.</summary>
internal static class Parameters
{
    public static double Finite(string distribution, string name, double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"{distribution}: {name} must be finite, got {value}");
        return value;
    }

    public static double Positive(string distribution, string name, double value)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{distribution}: {name} must be > 0, got {value}");
        return value;
    }

    public static double Probability(string distribution, string name, double value)
    {
        if (!(value >= 0 && value <= 1))
            throw new ArgumentOutOfRangeException(name, value, $"{distribution}: {name} must be in [0, 1], got {value}");
        return value;
    }

    public static double[] FiniteVector(string distribution, string name, double[]? values, int minLength = 1)
    {
        if (values is null) throw new ArgumentNullException(name, $"{distribution}: {name} is null");
        if (values.Length < minLength)
            throw new ArgumentException($"{distribution}: {name} must have at least {minLength} element(s), got {values.Length}", name);
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new ArgumentOutOfRangeException(name, values[i], $"{distribution}: {name}[{i}] must be finite, got {values[i]}");
        return (double[])values.Clone();
    }

    public static double[] PositiveVector(string distribution, string name, double[]? values, int minLength = 1)
    {
        var copy = FiniteVector(distribution, name, values, minLength);
        for (int i = 0; i < copy.Length; i++)
            if (!(copy[i] > 0))
                throw new ArgumentOutOfRangeException(name, copy[i], $"{distribution}: {name}[{i}] must be > 0, got {copy[i]}");
        return copy;
    }

    /// <summary>A square, finite, symmetric matrix as a symmetrised row-major array.</summary>
    public static double[] SymmetricMatrix(string distribution, string name, Matrix<double>? matrix, int dimension)
    {
        if (matrix is null) throw new ArgumentNullException(name, $"{distribution}: {name} is null");
        if (matrix.RowCount != dimension || matrix.ColumnCount != dimension)
            throw new ArgumentException(
                $"{distribution}: {name} must be {dimension}×{dimension}, got {matrix.RowCount}×{matrix.ColumnCount}", name);
        int d = dimension;
        var a = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double v = matrix[i, j];
                if (!double.IsFinite(v))
                    throw new ArgumentOutOfRangeException(name, v, $"{distribution}: {name}[{i},{j}] must be finite, got {v}");
                a[i * d + j] = v;
            }
        for (int i = 0; i < d; i++)
            for (int j = 0; j < i; j++)
            {
                double x = a[i * d + j], y = a[j * d + i];
                double scale = Math.Max(1e-300, Math.Sqrt(Math.Abs(a[i * d + i] * a[j * d + j])));
                if (Math.Abs(x - y) > 1e-9 * Math.Max(scale, Math.Max(Math.Abs(x), Math.Abs(y))))
                    throw new ArgumentException(
                        $"{distribution}: {name} must be symmetric, but [{i},{j}] = {x} and [{j},{i}] = {y}", name);
                a[i * d + j] = a[j * d + i] = 0.5 * (x + y);
            }
        return a;
    }

    public static Matrix<double> ToMatrix(double[] rowMajor, int dimension) =>
        Matrix<double>.Build.Dense(dimension, dimension, (i, j) => rowMajor[i * dimension + j]);

    public static void CheckLength(string distribution, string name, int actual, int expected)
    {
        if (actual != expected)
            throw new ArgumentException($"{distribution}: {name} has dimension {actual}, expected {expected}", name);
    }

    public static void NotNaN(string distribution, double x)
    {
        if (double.IsNaN(x)) throw new ArgumentException($"{distribution}: cannot evaluate the density at NaN", nameof(x));
    }
}
