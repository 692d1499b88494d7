using ProbLatent.Autodiff;
using ProbLatent.Data;
using ProbLatent.Files;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// A model whose decoder p(x | z) and encoder are trained networks, as the reparameterized backend trains them: a
/// <see cref="VariationalAutoencoder"/> (a Gaussian guide q(z | x)) or a plain <see cref="Autoencoder"/> (a point-mass
/// guide). What they share: the architecture, the decoder, the encoder's location of each row, and the saved file.
/// </summary>
public abstract class NetworkModel : ILatentModel
{
    private protected NetworkModel(VaeNetwork network) => Network = network;

    internal VaeNetwork Network { get; }

    /// <summary>The trained networks as the model they are: a point-mass guide makes a plain autoencoder.</summary>
    internal static NetworkModel Of(VaeNetwork network) =>
        network.Architecture.PointMassGuide ? new Autoencoder(network) : new VariationalAutoencoder(network);

    /// <summary>
    /// Loads a variational autoencoder or a plain autoencoder saved by <see cref="Save"/>; a missing, corrupt or
    /// other-version file raises <see cref="ModelFileException"/>.
    /// </summary>
    public static NetworkModel LoadAny(string path) => Of(VaeFile.Load(path));

    public VaeArchitecture Architecture => Network.Architecture;
    public ModelFamily Family => ModelFamily.VariationalAutoencoder;
    public int DataDimension => Architecture.DataDimension;
    public int LatentDimension => Architecture.LatentDimension;
    public int ParameterCount => Network.Trainable.Sum(p => p.Value.Length);

    /// <summary>A read-only copy of the trained encoder and decoder, layer by layer (for exporters: see <see cref="NetworkWeights"/>).</summary>
    public NetworkWeights Weights() => Network.Weights();

    /// <summary>
    /// Saves the model (atomically: an interrupted save leaves any earlier file intact), with the names of the data
    /// columns it was trained on when they are given (see <see cref="Files.LatentModelFile.Save"/>).
    /// </summary>
    public void Save(string path, IReadOnlyList<string>? columnNames = null) => Files.LatentModelFile.Save(this, path, columnNames);

    /// <summary>
    /// Where the encoder puts each row, N × latent dimension: the mean of a variational autoencoder's q(z | x), a plain
    /// autoencoder's code z = f(x).
    /// </summary>
    public DataMatrix Locate(FloatMatrix data) =>
        new(new VaeEvaluator(Network).Codes(Check(data)), data.Rows, LatentDimension, GeneratedData.LatentNames(LatentDimension), data.Source);

    /// <summary>
    /// The decoder's output for each row of latent values (N × latent dimension): Bernoulli probabilities, or Gaussian
    /// means, N × data dimension.
    /// </summary>
    public DataMatrix Decode(DataMatrix latents)
    {
        ArgumentNullException.ThrowIfNull(latents);
        if (latents.Columns != LatentDimension)
            throw new DataException($"has {Counted.Of(latents.Columns, "column")} but the latent dimension is {LatentDimension}", latents.Source);
        var tape = new Tape(recording: false);
        var z = new Tensor(latents.Rows, LatentDimension);
        for (int i = 0; i < z.Length; i++) z.Span[i] = (float)latents.Values[i];
        var output = Network.Decode(tape, tape.Constant(z));
        if (Architecture.Noise == ObservationNoise.Bernoulli) output = tape.Sigmoid(output);
        return new DataMatrix(Array.ConvertAll(output.Value.Span.ToArray(), v => (double)v), latents.Rows, DataDimension, source: "decoded");
    }

    public abstract double[] PointLogLikelihoods(DataMatrix data);
    public abstract IPosterior Posterior(DataMatrix data);
    public abstract ElboTerms Elbo(DataMatrix data, IPosterior q);
    public abstract GeneratedData Generate(int count, Random random);

    private protected FloatMatrix Check(FloatMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckWidth(data.Columns, data.Source);
        Architecture.CheckValues(data);
        return data;
    }

    /// <summary>Double-precision data, its width checked before any copy (a value rounded to 0 or 1 is still refused: see <see cref="FloatMatrix.CheckBinary"/>).</summary>
    private protected FloatMatrix Check(DataMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckWidth(data.Columns, data.Source);
        return Check(FloatMatrix.From(data));
    }

    void CheckWidth(int columns, string source)
    {
        if (columns != DataDimension) throw new DataException($"has {Counted.Of(columns, "column")} but the model's data dimension is {DataDimension}", source);
    }
}
