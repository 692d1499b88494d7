namespace ProbLatent;

/// <summary>A matrix that had to be symmetric positive definite (a covariance, a precision, a scale) was not.</summary>
public sealed class NotPositiveDefiniteException(string what, int pivot)
    : ProbLatentException($"{what} is not positive definite (Cholesky pivot {pivot} is not positive)")
{
    public int Pivot { get; } = pivot;
}
