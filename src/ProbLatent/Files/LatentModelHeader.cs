using ProbLatent.Modeling;

namespace ProbLatent.Files;

/// <summary>
/// The JSON header of a saved latent model: its family, its sizes, and the name and length of each float64 array that
/// follows, in order, and the names of the data columns it was fitted on. Sizes a family does not have are null (and
/// left out of the JSON), as are the column names of a model fitted on unnamed data and the fit it came from when it was
/// saved without one; files saved before models kept either have none, and read as such.
/// </summary>
internal sealed record LatentModelHeader(
    string Family, int Dimension, int? Components, int? LatentDimension, Covariance? Covariance, LatentModelHeader.Array[] Arrays)
{
    public string[]? Columns { get; init; }

    /// <summary>
    /// The noise form of a family whose <see cref="Covariance"/> is another part's (a mixture of common factor analysers keeps
    /// its latent covariances' form there, and Diagonal or Isotropic here); null, and left out, for the others.
    /// </summary>
    public Covariance? Noise { get; init; }

    /// <summary>
    /// S, the symbols of each column of a categorical likelihood (a mixture of categoricals, or a hidden Markov model with
    /// categorical emissions); null, and left out, for the others, so files of the other families are unchanged.
    /// </summary>
    public int? Symbols { get; init; }

    /// <summary>The backend that fitted the parameters (<see cref="ModelOrigin.Backend"/>).</summary>
    public string? Backend { get; init; }

    /// <summary>True when the parameters are a posterior's means (<see cref="ModelOrigin.PosteriorMeans"/>); null for a point estimate or an unknown fit.</summary>
    public bool? PosteriorMeans { get; init; }

    public sealed record Array(string Name, int Length);
}
