using System.Globalization;
using ProbLatent.Backends;
using ProbLatent.LatentModels;

namespace ProbLatent.Plotting.Fits;

/// <summary>
/// A Bernoulli mixture of images (binarized MNIST) as pictures: each component's pixel probabilities as one gray image,
/// heaviest component first. Only for data whose dimension is a square number of at least 4 × 4 pixels, read as square
/// images in raster order.
/// </summary>
public static class ComponentImages
{
    /// <exception cref="ArgumentException">The fit is not a Bernoulli mixture of square images.</exception>
    public static ImageGrid Of(FitResult fit, string source)
    {
        ArgumentNullException.ThrowIfNull(fit);
        if (fit.Parameters is not BernoulliMixture mixture)
            throw new ArgumentException($"component images show a Bernoulli mixture; {fit.Backend}'s fit is a {fit.Parameters.Family}");
        if (ImageGrid.SquareSide(mixture.Dimension) is not { } side)
            throw new ArgumentException($"component images need square images, but the data has {mixture.Dimension} columns, not a square number");
        var order = Enumerable.Range(0, mixture.Components).OrderByDescending(c => mixture.Weights[c]).ThenBy(c => c).ToArray();
        return new ImageGrid
        {
            Title = $"{fit.Backend}: the {mixture.Components} components of a Bernoulli mixture on {DataName.Of(source)}",
            Subtitle = string.Create(CultureInfo.InvariantCulture,
                $"each component's pixel probabilities (black = 1), by weight: π from {mixture.Weights[order[0]]:F3} down to {mixture.Weights[order[^1]]:F3}"),
            Images = order.Select(c => (IReadOnlyList<double>)mixture.Probabilities(c)).ToArray(),
            ImageWidth = side,
            ImageHeight = side,
            Columns = Math.Min(10, mixture.Components),
        };
    }
}
