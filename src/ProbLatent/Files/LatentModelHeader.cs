using ProbLatent.Modeling;

namespace ProbLatent.Files;

/// <summary>
/// The JSON header of a saved latent model: its family, its sizes, and the name and length of each float64 array that
/// follows, in order. Sizes a family does not have are null (and left out of the JSON).
/// </summary>
internal sealed record LatentModelHeader(
    string Family, int Dimension, int? Components, int? LatentDimension, Covariance? Covariance, LatentModelHeader.Array[] Arrays)
{
    public sealed record Array(string Name, int Length);
}
