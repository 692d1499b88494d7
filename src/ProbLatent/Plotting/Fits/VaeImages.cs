using System.Globalization;
using MathNet.Numerics.Distributions;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Backends.Reparameterized;

namespace ProbLatent.Plotting.Fits;

/// <summary>
/// What a variational autoencoder of square images (binarized MNIST) generates, as image grids: the decoder's means for
/// latents drawn from the prior, and for a 2-D latent the decoder over a grid of the latent plane. Means — the
/// probability of ink for a Bernoulli decoder — rather than sampled pixels, which are the same picture with salt noise.
/// </summary>
public static class VaeImages
{
    /// <summary><paramref name="rows"/> × 10 images, the decoder's means at z drawn from the prior with <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">The data dimension is not a square number of pixels.</exception>
    public static ImageGrid Generated(VariationalAutoencoder vae, int rows = 10, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(vae);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        int side = Side(vae);
        var latents = vae.SampleLatents(rows * 10, new Random(seed));
        var prior = vae.Architecture.PriorComponents == 0 ? "N(0, I)" : "the learned mixture prior";
        return new ImageGrid
        {
            Title = $"What the VAE generates: {rows * 10} draws",
            Subtitle = $"the decoder's {Means(vae)} at z drawn from {prior} (seed {seed.ToString(CultureInfo.InvariantCulture)}); black = 1",
            Images = Images(vae, latents),
            ImageWidth = side,
            ImageHeight = side,
            Columns = 10,
        };
    }

    /// <summary>
    /// The decoder's means over the latent plane of a 2-D VAE: z₁ from left to right and z₂ from bottom to top, each at
    /// <paramref name="steps"/> evenly spaced quantiles of N(0, 1) from 5 % to 95 % (Kingma and Welling's figure).
    /// </summary>
    /// <exception cref="ArgumentException">The latent is not 2-D, or the data dimension is not a square number of pixels.</exception>
    public static ImageGrid Manifold(VariationalAutoencoder vae, int steps = 15)
    {
        ArgumentNullException.ThrowIfNull(vae);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 2);
        if (vae.LatentDimension != 2) throw new ArgumentException($"the latent-space grid needs a 2-D latent, not {vae.LatentDimension}-D");
        int side = Side(vae);
        var quantiles = Enumerable.Range(0, steps).Select(i => Normal.InvCDF(0, 1, 0.05 + 0.9 * i / (steps - 1))).ToArray();
        var low = quantiles[0].ToString("F2", CultureInfo.InvariantCulture).Replace('-', '−');
        var high = quantiles[^1].ToString("F2", CultureInfo.InvariantCulture);
        var z = new double[steps * steps * 2];
        for (int row = 0; row < steps; row++)
            for (int column = 0; column < steps; column++)
            {
                z[(row * steps + column) * 2] = quantiles[column];
                z[(row * steps + column) * 2 + 1] = quantiles[steps - 1 - row];
            }
        return new ImageGrid
        {
            Title = "The decoder over the 2-D latent space",
            Subtitle = $"{Means(vae)} at z₁ from {low} (left) to {high} (right), z₂ from {low} (bottom) to {high} (top): the 5th to 95th percentiles of N(0, 1)",
            Images = Images(vae, new DataMatrix(z, steps * steps, 2, source: "latent grid")),
            ImageWidth = side,
            ImageHeight = side,
            Columns = steps,
            Scale = 2,
        };
    }

    static int Side(VariationalAutoencoder vae) => ImageGrid.SquareSide(vae.DataDimension)
        ?? throw new ArgumentException($"images need a square number of pixels, but the model's data has {vae.DataDimension} columns");

    static string Means(VariationalAutoencoder vae) =>
        vae.Architecture.Noise == ObservationNoise.Bernoulli ? "pixel probabilities" : "means (clipped to [0, 1])";

    /// <summary>The decoder's output for each latent row, clipped to [0, 1] (a Gaussian decoder's means can stray outside).</summary>
    static IReadOnlyList<IReadOnlyList<double>> Images(VariationalAutoencoder vae, DataMatrix latents)
    {
        var decoded = vae.Decode(latents);
        return Enumerable.Range(0, decoded.Rows)
            .Select(i => (IReadOnlyList<double>)decoded.Row(i).ToArray().Select(v => Math.Clamp(v, 0, 1)).ToArray())
            .ToArray();
    }
}
