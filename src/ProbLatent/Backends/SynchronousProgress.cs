namespace ProbLatent.Backends;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls its action on the thread that reports, as the report is made. A
/// <see cref="Progress{T}"/> posts to the synchronization context it was made on instead, which in a console program is
/// the thread pool: reports would arrive late, out of order, or after the fit returned.
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
