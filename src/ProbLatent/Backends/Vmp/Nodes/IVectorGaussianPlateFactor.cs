namespace ProbLatent.Backends.Vmp.Nodes;

/// <summary>
/// A factor on a plate of q-dimensional Gaussian variables zₙ whose message precision is the same for every row
/// (as in a linear-Gaussian model). Its messages and the sufficient statistics it keeps of the new q(z) are
/// computed for a block of rows at a time, inside the plate's own pass over the data, so an update of the plate
/// reads the data once and no other message reads the N×q means again. For a factor that reads each row as it is (missing
/// cells); one whose message is affine in the row runs on the data's moments instead (<see cref="IMomentPlateFactor"/>).
/// </summary>
internal interface IVectorGaussianPlateFactor
{
    /// <summary>Called once before a pass: adds the message's precision (q×q, shared by every row) into
    /// <paramref name="precision"/> and precomputes what each row's precision-times-mean needs.</summary>
    void BeginPass(VectorGaussianPlateNode plate, Span<double> precision);

    /// <summary>Adds the messages' precision-times-mean for rows [start, end) into <paramref name="precisionMeans"/> ((end−start)×q).</summary>
    void AddPrecisionMeans(VectorGaussianPlateNode plate, int start, int end, Span<double> precisionMeans);

    /// <summary>The length of the statistics this factor keeps of q(z).</summary>
    int StatisticsLength { get; }

    /// <summary>Adds rows [start, end)'s share of the statistics (into a zeroed span), given their new means E[zₙ] ((end−start)×q).</summary>
    void Accumulate(int start, int end, ReadOnlySpan<double> means, Span<double> statistics);

    /// <summary>Receives the statistics summed over the whole plate (the shared covariance is <see cref="VectorGaussianPlateNode.Covariance"/>).</summary>
    void EndPass(VectorGaussianPlateNode plate, double[] statistics);
}
