namespace ProbLatent.Backends.Vmp.Nodes;

/// <summary>
/// A factor on a plate of pairs (cₙ, hₙ), a component cₙ ∈ {0..K−1} and a q-dimensional Gaussian hₙ given it
/// (<see cref="FactorMixturePlateNode"/>). Its messages to q(hₙ | cₙ = k) are Gaussian with a precision that is the
/// same for every point of a component (and pattern of missing cells, where some are); its message to q(cₙ) is its average
/// log under q(hₙ | cₙ = k). Both are
/// computed for a block of rows at a time, inside the plate's own pass, where the factor also gathers the statistics
/// it keeps of the new q.
/// </summary>
internal interface IFactorMixturePlateFactor
{
    /// <summary>
    /// Called once before a pass: adds each component's message precision into <paramref name="precisions"/> (P×K×q×q, for
    /// each of the plate's <see cref="FactorMixturePlateNode.Patterns"/> of missing cells, one without).
    /// </summary>
    void BeginPass(FactorMixturePlateNode plate, Span<double> precisions);

    /// <summary>Adds the messages' precision-times-mean for rows [start, end) into <paramref name="precisionMeans"/> ((end−start)×K×q).</summary>
    void AddPrecisionMeans(FactorMixturePlateNode plate, int start, int end, Span<double> precisionMeans);

    /// <summary>
    /// Adds, for rows [start, end) and each component k, E_q(hₙ | cₙ = k)[log f] into <paramref name="logPotentials"/>
    /// ((end−start)×K), given the rows' new means of q(hₙ | cₙ = k) ((end−start)×K×q; the covariances are the plate's).
    /// </summary>
    void AddLogMessages(FactorMixturePlateNode plate, int start, int end, ReadOnlySpan<double> means, Span<double> logPotentials);

    /// <summary>The length of the statistics this factor keeps of q.</summary>
    int StatisticsLength { get; }

    /// <summary>Adds rows [start, end)'s share of the statistics (into a zeroed span), given their new q(cₙ) ((end−start)×K) and means.</summary>
    void Accumulate(int start, int end, ReadOnlySpan<double> responsibilities, ReadOnlySpan<double> means, Span<double> statistics);

    /// <summary>Receives the statistics summed over the whole plate.</summary>
    void EndPass(FactorMixturePlateNode plate, double[] statistics);
}
