using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// A trained variational autoencoder: the decoder p(x | z), the prior p(z) and the amortized encoder q(z | x).
/// Its log-likelihood has no closed form: <see cref="PointLogLikelihoods"/> and <see cref="Evaluate(DataMatrix)"/> give the
/// importance-sampled estimate, a stochastic lower bound that tightens as the number of samples grows.
/// </summary>
public sealed class VariationalAutoencoder : NetworkModel
{
    internal VariationalAutoencoder(VaeNetwork network) : base(network)
    {
        if (network.Architecture.PointMassGuide) throw new ArgumentException("a point-mass guide makes a plain autoencoder, not a variational one", nameof(network));
    }

    /// <summary>
    /// Loads a model saved by <see cref="NetworkModel.Save"/>; a missing, corrupt or other-version file raises
    /// <see cref="ModelFileException"/>, and so does a plain autoencoder's file (<see cref="Autoencoder.Load"/> reads it).
    /// <see cref="Files.LatentModelFile.Load"/> reads both, with every other family's files.
    /// </summary>
    public static VariationalAutoencoder Load(string path) =>
        LoadAny(path) as VariationalAutoencoder
        ?? throw new ModelFileException(path, $"holds a plain autoencoder (a point-mass guide), not a variational autoencoder: load it with {nameof(Autoencoder)}.{nameof(Autoencoder.Load)}");

    /// <summary>The encodings, the ELBO and the importance-sampled log-likelihood of data under this model, in one pass (<see cref="VaeEvaluation.Run"/>).</summary>
    public VaeEvaluation Evaluate(DataMatrix data) => new(Network, Check(data));

    public VaeEvaluation Evaluate(FloatMatrix data) => new(Network, Check(data));

    /// <summary>
    /// A Gaussian-mixture VAE's encoder for every row: q(c | xₙ) and each component's q(z | xₙ, c). Other VAEs have no
    /// categorical: see <see cref="Encode(DataMatrix)"/>.
    /// </summary>
    public ComponentGaussianPosterior EncodeComponents(DataMatrix data) => Components(Evaluate(data));

    public ComponentGaussianPosterior EncodeComponents(FloatMatrix data) => Components(Evaluate(data));

    static ComponentGaussianPosterior Components(VaeEvaluation evaluation) =>
        evaluation.Run(VaeQuantities.Encodings).ComponentEncodings
        ?? throw new InvalidOperationException("this VAE has no categorical latent: its encoder's q(z | x) is one Gaussian, read by Encode");

    /// <summary>Whether the model has a categorical c summed out in its bound (a Gaussian-mixture VAE), its encoder giving q(c | x) q(z | x, c).</summary>
    public bool HasCategorical => Architecture.MixtureGuide;

    /// <summary>
    /// The encoder's q(z | xₙ) for every row: an amortized approximation of the posterior, not p(z | x) itself. A
    /// Gaussian-mixture VAE's q is a mixture: read <see cref="EncodeComponents(DataMatrix)"/> (this throws <see cref="InvalidOperationException"/>).
    /// </summary>
    public DiagonalGaussianPosterior Encode(DataMatrix data) => Evaluate(data).Run(VaeQuantities.Encodings).RequireEncodings();

    public DiagonalGaussianPosterior Encode(FloatMatrix data) => Evaluate(data).Run(VaeQuantities.Encodings).RequireEncodings();

    /// <summary>Draws z from the prior (for a Gaussian-mixture VAE, c from π and z from p(z | c)) and x from p(x | z).</summary>
    public override GeneratedData Generate(int count, Random random)
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
    /// <see cref="NetworkModel.Decode"/>, what the decoder makes of the prior without drawing x.
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

    /// <summary>Importance-sampled estimates of log p(xₙ), with <see cref="VaeEvaluationOptions.Default"/>'s samples and seed.</summary>
    public override double[] PointLogLikelihoods(DataMatrix data) => Evaluate(data).ImportanceLogLikelihood().PointEstimates;

    /// <summary>The encoder's q(z | x) for every row (see <see cref="Encode(DataMatrix)"/>).</summary>
    public override IPosterior Posterior(DataMatrix data) => Evaluate(data).Run(VaeQuantities.Encodings).RequirePosterior();

    /// <summary>
    /// The ELBO of a diagonal Gaussian q over the data: the reconstruction term by Monte Carlo, with
    /// <see cref="VaeEvaluationOptions.Default"/>'s draws per point and seed.
    /// </summary>
    public override ElboTerms Elbo(DataMatrix data, IPosterior q) => Elbo(data, q, VaeEvaluationOptions.Default);

    /// <summary>The ELBO of a diagonal Gaussian q over the data, with <paramref name="options"/>' draws per point and seed.</summary>
    public ElboTerms Elbo(DataMatrix data, IPosterior q, VaeEvaluationOptions options)
    {
        var values = Check(data);
        if (HasCategorical)
            throw new NotSupportedException("a Gaussian-mixture VAE's ELBO is of its own encoder's q(c | x) q(z | x, c), summed over c: use Evaluate(data).Elbo()");
        if (q is not DiagonalGaussianPosterior g || g.Count != data.Rows || g.Dimension != LatentDimension)
            throw new ArgumentException($"q must be a diagonal Gaussian posterior over {data.Rows} points of dimension {LatentDimension}", nameof(q));
        return new VaeEvaluator(Network).Elbo(values, g, options);
    }

    public override string ToString() => $"VariationalAutoencoder({Architecture})";
}
