using ProbLatent.Autodiff;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// A trained variational autoencoder: the decoder p(x | z), the prior p(z) and the amortized encoder q(z | x).
/// Its log-likelihood has no closed form: <see cref="PointLogLikelihoods"/> and <see cref="Evaluate(DataMatrix)"/> give the
/// importance-sampled estimate, a stochastic lower bound that tightens as the number of samples grows.
/// </summary>
public sealed class VariationalAutoencoder : ILatentModel
{
    /// <summary>Importance samples per point that <see cref="PointLogLikelihoods"/> uses.</summary>
    public const int DefaultLogLikelihoodSamples = 1000;

    internal VariationalAutoencoder(VaeNetwork network) => Network = network;

    internal VaeNetwork Network { get; }

    public VaeArchitecture Architecture => Network.Architecture;
    public ModelFamily Family => ModelFamily.VariationalAutoencoder;
    public int DataDimension => Architecture.DataDimension;
    public int LatentDimension => Architecture.LatentDimension;
    public int ParameterCount => Network.Trainable.Sum(p => p.Value.Length);

    /// <summary>
    /// Loads a model saved by <see cref="Save"/>; a missing, corrupt or other-version file raises <see cref="ModelFileException"/>.
    /// <see cref="Files.LatentModelFile.Load"/> reads it too, with every other family's files.
    /// </summary>
    public static VariationalAutoencoder Load(string path) => new(VaeFile.Load(path));

    /// <summary>
    /// Saves the model (atomically: an interrupted save leaves any earlier file intact), with the names of the data
    /// columns it was trained on when they are given (see <see cref="Files.LatentModelFile.Save"/>).
    /// </summary>
    public void Save(string path, IReadOnlyList<string>? columnNames = null) => Files.LatentModelFile.Save(this, path, columnNames);

    /// <summary>The ELBO and importance-sampled log-likelihood of data under this model.</summary>
    public VaeEvaluation Evaluate(DataMatrix data) => new(Network, Check(data));

    public VaeEvaluation Evaluate(FloatMatrix data) => new(Network, Check(data));

    /// <summary>The encoder's q(z | xₙ) for every row: an amortized approximation of the posterior, not p(z | x) itself.</summary>
    public DiagonalGaussianPosterior Encode(DataMatrix data) => new VaeEvaluator(Network).Encode(Check(data));

    public DiagonalGaussianPosterior Encode(FloatMatrix data) => new VaeEvaluator(Network).Encode(Check(data));

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

    /// <summary>Draws z from the prior and x from p(x | z).</summary>
    public GeneratedData Generate(int count, Random random)
    {
        var latents = SampleLatents(count, random);
        var output = Decode(latents);
        var x = new double[count * DataDimension];
        var noise = Architecture.Noise == ObservationNoise.Bernoulli ? null : Network.NoiseVariances();
        for (int i = 0; i < x.Length; i++)
            x[i] = noise is null
                ? random.NextDouble() < output.Values[i] ? 1 : 0
                : output.Values[i] + Math.Sqrt(noise[i % DataDimension]) * random.NextGaussian();
        return new GeneratedData(new DataMatrix(x, count, DataDimension, source: "generated"), latents);
    }

    /// <summary>
    /// <paramref name="count"/> draws of z from the prior (N(0, I) or the learned mixture), count × latent dimension: with
    /// <see cref="Decode"/>, what the decoder makes of the prior without drawing x.
    /// </summary>
    public DataMatrix SampleLatents(int count, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(random);
        int q = LatentDimension;
        var z = new double[count * q];
        if (Architecture.PriorComponents == 0) random.FillGaussian(z);
        else
        {
            var (weights, means, logVariances) = PriorMixture();
            for (int n = 0; n < count; n++)
            {
                int c = random.NextCategorical(weights);
                for (int j = 0; j < q; j++)
                    z[n * q + j] = means[c * q + j] + Math.Exp(0.5 * logVariances[c * q + j]) * random.NextGaussian();
            }
        }
        return new DataMatrix(z, count, q, GeneratedData.LatentNames(q), "prior");
    }

    /// <summary>The learned mixture prior's weights, means (C×q) and log-variances (C×q).</summary>
    public (double[] Weights, double[] Means, double[] LogVariances) PriorMixture()
    {
        if (Architecture.PriorComponents == 0) throw new InvalidOperationException("this model's prior is N(0, I), not a learned mixture");
        var parameters = Network.Parameters.ToDictionary(p => p.Name);
        var logits = parameters["prior.logits"].Value.Span.ToArray().Select(v => (double)v).ToArray();
        double max = logits.Max(), sum = logits.Sum(l => Math.Exp(l - max));
        return (logits.Select(l => Math.Exp(l - max) / sum).ToArray(),
            parameters["prior.means"].Value.Span.ToArray().Select(v => (double)v).ToArray(),
            parameters["prior.log_variances"].Value.Span.ToArray().Select(v => (double)v).ToArray());
    }

    /// <summary>Importance-sampled estimates of log p(xₙ), with <see cref="DefaultLogLikelihoodSamples"/> samples and a fixed seed.</summary>
    public double[] PointLogLikelihoods(DataMatrix data) =>
        Evaluate(data).ImportanceLogLikelihood(DefaultLogLikelihoodSamples).PointEstimates;

    /// <summary>The encoder's q(z | x) for every row (see <see cref="Encode(DataMatrix)"/>).</summary>
    public IPosterior Posterior(DataMatrix data) => Encode(data);

    /// <summary>The ELBO of a diagonal Gaussian q over the data: the reconstruction term by Monte Carlo (100 draws per point, fixed seed).</summary>
    public ElboTerms Elbo(DataMatrix data, IPosterior q)
    {
        var values = Check(data);
        if (q is not DiagonalGaussianPosterior g || g.Count != data.Rows || g.Dimension != LatentDimension)
            throw new ArgumentException($"q must be a diagonal Gaussian posterior over {data.Rows} points of dimension {LatentDimension}", nameof(q));
        return new VaeEvaluator(Network).Elbo(values, g, new Random(0), samples: 100);
    }

    FloatMatrix Check(FloatMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckWidth(data.Columns, data.Source);
        Architecture.CheckValues(data);
        return data;
    }

    /// <summary>Double-precision data, its width checked before any copy (a value rounded to 0 or 1 is still refused: see <see cref="FloatMatrix.CheckBinary"/>).</summary>
    FloatMatrix Check(DataMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckWidth(data.Columns, data.Source);
        return Check(FloatMatrix.From(data));
    }

    void CheckWidth(int columns, string source)
    {
        if (columns != DataDimension) throw new DataException($"has {Counted.Of(columns, "column")} but the model's data dimension is {DataDimension}", source);
    }

    public override string ToString() => $"VariationalAutoencoder({Architecture})";
}
