namespace ProbLatent.Data;

/// <summary>
/// What a reader does with a cell that holds no value (an empty CSV cell, NaN, a null in a nullable Parquet column).
/// </summary>
public enum MissingValues
{
    /// <summary>Refuse it, naming the file, row and column: a data set is complete unless it says otherwise.</summary>
    Refused,

    /// <summary>
    /// Keep it as missing at random (as NaN in <see cref="DataMatrix.Values"/>): Exact and EM marginalise it for Gaussian and
    /// Bernoulli mixtures, PPCA, factor analysis and mixtures of factor analysers (of PPCA, of common factor analysers), scoring log p(x_observed); the other models and backends refuse it, naming themselves.
    /// </summary>
    AtRandom,
}
