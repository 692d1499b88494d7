namespace ProbLatent.Numerics;

/// <summary>
/// The lower-triangular Cholesky factor L of a symmetric positive-definite d×d matrix A = L Lᵀ, stored
/// row-major. Everything that would need A⁻¹ (densities, Mahalanobis distances, solves) goes through L,
/// so no explicit inverse is ever formed.
/// </summary>
internal sealed class Cholesky
{
    readonly double[] _lower;

    Cholesky(double[] lower, int dimension)
    {
        _lower = lower;
        Dimension = dimension;
    }

    public int Dimension { get; }

    /// <summary>L, row-major (upper triangle zero).</summary>
    public ReadOnlySpan<double> Lower => _lower;

    /// <summary>Factors a row-major d×d matrix; only its lower triangle is read.</summary>
    /// <param name="what">Names the matrix in the error if it is not positive definite.</param>
    public static Cholesky Factor(ReadOnlySpan<double> matrix, int dimension, string what = "matrix")
    {
        if (matrix.Length != dimension * dimension)
            throw new ArgumentException($"{what}: expected {dimension}×{dimension} values, got {matrix.Length}");
        if (!TryFactor(matrix, dimension, out var factor, out int pivot))
            throw new NotPositiveDefiniteException(what, pivot);
        return factor!;
    }

    public static bool TryFactor(ReadOnlySpan<double> matrix, int dimension, out Cholesky? factor, out int failedPivot)
    {
        int d = dimension;
        var l = new double[d * d];
        for (int j = 0; j < d; j++)
        {
            double s = matrix[j * d + j];
            for (int k = 0; k < j; k++) s -= l[j * d + k] * l[j * d + k];
            if (!(s > 0) || double.IsInfinity(s))
            {
                factor = null;
                failedPivot = j;
                return false;
            }
            double ljj = Math.Sqrt(s);
            l[j * d + j] = ljj;
            for (int i = j + 1; i < d; i++)
            {
                double t = matrix[i * d + j];
                for (int k = 0; k < j; k++) t -= l[i * d + k] * l[j * d + k];
                l[i * d + j] = t / ljj;
            }
        }
        factor = new Cholesky(l, d);
        failedPivot = -1;
        return true;
    }

    /// <summary>log det A = 2 Σ log Lᵢᵢ.</summary>
    public double LogDeterminant()
    {
        double s = 0;
        for (int i = 0; i < Dimension; i++) s += Math.Log(_lower[i * Dimension + i]);
        return 2 * s;
    }

    /// <summary>Solves L y = b in place (forward substitution).</summary>
    public void SolveLowerInPlace(Span<double> b)
    {
        int d = Dimension;
        for (int i = 0; i < d; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= _lower[i * d + k] * b[k];
            b[i] = s / _lower[i * d + i];
        }
    }

    /// <summary>Solves Lᵀ y = b in place (back substitution).</summary>
    public void SolveUpperInPlace(Span<double> b)
    {
        int d = Dimension;
        for (int i = d - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < d; k++) s -= _lower[k * d + i] * b[k];
            b[i] = s / _lower[i * d + i];
        }
    }

    /// <summary>Solves A y = b in place.</summary>
    public void SolveInPlace(Span<double> b)
    {
        SolveLowerInPlace(b);
        SolveUpperInPlace(b);
    }

    /// <summary>(x − μ)ᵀ A⁻¹ (x − μ), using <paramref name="scratch"/> (length d) as workspace.</summary>
    public double Mahalanobis(ReadOnlySpan<double> x, ReadOnlySpan<double> mean, Span<double> scratch)
    {
        for (int i = 0; i < Dimension; i++) scratch[i] = x[i] - mean[i];
        SolveLowerInPlace(scratch[..Dimension]);
        double s = 0;
        for (int i = 0; i < Dimension; i++) s += scratch[i] * scratch[i];
        return s;
    }

    /// <summary>y = L ε: maps a standard-normal draw to one with covariance A. <paramref name="result"/> may be <paramref name="epsilon"/> itself: row i, written last first, reads only entries 0 to i.</summary>
    public void MultiplyLower(ReadOnlySpan<double> epsilon, Span<double> result)
    {
        int d = Dimension;
        for (int i = d - 1; i >= 0; i--)
        {
            double s = 0;
            for (int k = 0; k <= i; k++) s += _lower[i * d + k] * epsilon[k];
            result[i] = s;
        }
    }

    /// <summary>L⁻¹ as a row-major array (lower triangular): the whitening x ↦ L⁻¹x of a block E step's log densities.</summary>
    public double[] InverseLower() => InverseBy(static (factor, column) => factor.SolveLowerInPlace(column));

    /// <summary>A⁻¹ as a row-major array; for the few places (KL divergences, traces) that need its entries.</summary>
    public double[] Inverse() => InverseBy(static (factor, column) => factor.SolveInPlace(column));

    /// <summary>The inverse whose column j <paramref name="solve"/> turns the unit vector eⱼ into.</summary>
    double[] InverseBy(Action<Cholesky, Span<double>> solve)
    {
        int d = Dimension;
        var inv = new double[d * d];
        var column = new double[d];
        for (int j = 0; j < d; j++)
        {
            Array.Clear(column);
            column[j] = 1;
            solve(this, column);
            for (int i = 0; i < d; i++) inv[i * d + j] = column[i];
        }
        return inv;
    }

    /// <summary>
    /// tr(A⁻¹ B) for B = M Mᵀ given by its factor <paramref name="other"/>: the squared Frobenius norm of L⁻¹ M,
    /// by forward substitution, column by column (no inverse is formed).
    /// </summary>
    public double TraceOfInverseTimes(Cholesky other) => TraceOfInverseTimes(other, new double[Dimension]);

    /// <summary><see cref="TraceOfInverseTimes(Cholesky)"/> with d values of <paramref name="scratch"/> for its column, for loops over many factors.</summary>
    public double TraceOfInverseTimes(Cholesky other, Span<double> scratch)
    {
        int d = Dimension;
        if (other.Dimension != d)
            throw new ArgumentException($"dimensions differ: {d} and {other.Dimension}", nameof(other));
        var column = scratch[..d];
        double sum = 0;
        for (int j = 0; j < d; j++)
        {
            for (int i = 0; i < d; i++) column[i] = other._lower[i * d + j];
            SolveLowerInPlace(column);
            for (int i = 0; i < d; i++) sum += column[i] * column[i];
        }
        return sum;
    }

    /// <summary>L Lᵀ = A as a row-major array.</summary>
    public double[] Reconstruct()
    {
        int d = Dimension;
        var a = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = 0;
                for (int k = 0; k <= j; k++) s += _lower[i * d + k] * _lower[j * d + k];
                a[i * d + j] = s;
                a[j * d + i] = s;
            }
        return a;
    }
}
