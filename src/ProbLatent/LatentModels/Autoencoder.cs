using ProbLatent.Data;

namespace ProbLatent.LatentModels;

/// <summary>
/// A trained plain autoencoder: an encoder z = f(x), a point-mass guide, and a decoder p(x | z), trained together on the
/// reconstruction log-likelihood Σ log p(x | f(x)) alone. With a linear encoder and decoder and Gaussian noise its decoder
/// spans the data's principal subspace. It is not a generative model: its codes were never fitted to a prior, so it has no
/// log-likelihood, no ELBO and nothing to sample; what it has is <see cref="Encode(DataMatrix)"/>,
/// <see cref="NetworkModel.Decode"/> and <see cref="Reconstruction(DataMatrix, CancellationToken)"/>.
/// </summary>
public sealed class Autoencoder : NetworkModel
{
    /// <summary>Why a plain autoencoder cannot generate, estimate log p(x) or bound it: what its refusals say.</summary>
    public const string NotGenerative =
        "a plain autoencoder (a point-mass guide) was trained on reconstruction alone: its codes were never fitted to a prior, " +
        "so it has no log-likelihood, no ELBO and no distribution to sample from; train a variational autoencoder (a Gaussian guide) for those";

    internal Autoencoder(VaeNetwork network) : base(network)
    {
        if (!network.Architecture.PointMassGuide) throw new ArgumentException("a Gaussian guide makes a variational autoencoder, not a plain one", nameof(network));
    }

    /// <summary>
    /// Loads a model saved by <see cref="NetworkModel.Save"/>; a missing, corrupt or other-version file raises
    /// <see cref="ModelFileException"/>, and so does a variational autoencoder's file (<see cref="VariationalAutoencoder.Load"/> reads it).
    /// </summary>
    public static Autoencoder Load(string path) =>
        LoadAny(path) as Autoencoder
        ?? throw new ModelFileException(path, $"holds a variational autoencoder, not a plain autoencoder: load it with {nameof(VariationalAutoencoder)}.{nameof(VariationalAutoencoder.Load)}");

    /// <summary>Each row's code ẑ = f(x), as a point posterior.</summary>
    public PointPosterior Encode(DataMatrix data) => new(new VaeEvaluator(Network).Codes(Check(data)), data.Rows, LatentDimension);

    public PointPosterior Encode(FloatMatrix data) => new(new VaeEvaluator(Network).Codes(Check(data)), data.Rows, LatentDimension);

    /// <summary>
    /// Σₙ log p(xₙ | f(xₙ)), the objective the autoencoder was trained on (computed in float32, summed in double);
    /// <paramref name="cancellation"/> is checked between chunks of rows and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public double Reconstruction(DataMatrix data, CancellationToken cancellation = default) => new VaeEvaluator(Network).Reconstruction(Check(data), cancellation);

    public double Reconstruction(FloatMatrix data, CancellationToken cancellation = default) => new VaeEvaluator(Network).Reconstruction(Check(data), cancellation);

    /// <summary>The codes of the rows (see <see cref="Encode(DataMatrix)"/>).</summary>
    public override IPosterior Posterior(DataMatrix data) => Encode(data);

    /// <exception cref="NotSupportedException">Always: see <see cref="NotGenerative"/>.</exception>
    public override double[] PointLogLikelihoods(DataMatrix data) => throw new NotSupportedException(NotGenerative);

    /// <exception cref="NotSupportedException">Always: a point mass has no entropy, and see <see cref="NotGenerative"/>.</exception>
    public override ElboTerms Elbo(DataMatrix data, IPosterior q) => throw new NotSupportedException(NotGenerative);

    /// <exception cref="NotSupportedException">Always: see <see cref="NotGenerative"/>.</exception>
    public override GeneratedData Generate(int count, Random random) => throw new NotSupportedException(NotGenerative);

    public override string ToString() => $"Autoencoder({Architecture})";
}
