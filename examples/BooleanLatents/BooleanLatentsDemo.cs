using ExampleSupport;
using ProbLatent;
using ProbLatent.Backends;
using ProbLatent.Backends.Exact;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace BooleanLatents;

/// <summary>
/// A sigmoid belief net with three boolean causes of twelve binary pixels, exact inference by enumerating its 2³ = 8
/// latent states, and what a mean-field q (independent bits) loses against the exact posterior.
/// </summary>
public static class BooleanLatentsDemo
{
    public const int Bits = 3;
    public const int Pixels = 12;

    /// <summary>Each cause turns on six pixels, and neighbouring causes share two: where they overlap, either explains a lit pixel.</summary>
    public const int PixelsPerCause = 6;

    public static readonly Model Model = ProbLatent.Modeling.Model.Define("boolean-causes")
        .Latent("z", Prior.Bernoulli(Bits))
        .Decoder(Decoder.Linear(Likelihood.Bernoulli()))
        .Observe("x", Pixels);

    /// <summary>
    /// Cause i lights pixels 4i … 4i+5 (wrapping round): logit +5 on them over a bias of −2.5, so a lit cause's pixels
    /// are on with probability σ(2.5) ≈ 0.92 and the others with σ(−2.5) ≈ 0.08. p(zᵢ = 1) = 0.3, 0.5, 0.2.
    /// </summary>
    public static BooleanLatentModel Truth()
    {
        var weights = new double[Pixels * Bits];
        for (int i = 0; i < Bits; i++)
            for (int k = 0; k < PixelsPerCause; k++) weights[(4 * i + k) % Pixels * Bits + i] = 5;
        return new BooleanLatentModel(weights, Enumerable.Repeat(-2.5, Pixels).ToArray(), [0.3, 0.5, 0.2]);
    }

    /// <summary>
    /// The baseline without latent structure, in the same family: W = 0, so the bits explain nothing and each pixel is
    /// on with its frequency in the data (kept inside (0, 1) by one pseudo-count either way).
    /// </summary>
    public static BooleanLatentModel IndependentPixels(DataMatrix data)
    {
        var bias = new double[data.Columns];
        for (int j = 0; j < data.Columns; j++)
        {
            double on = 1;
            for (int n = 0; n < data.Rows; n++) on += data[n, j];
            double p = on / (data.Rows + 2);
            bias[j] = Math.Log(p / (1 - p));
        }
        return new BooleanLatentModel(new double[data.Columns * Bits], bias, Enumerable.Repeat(0.5, Bits).ToArray());
    }

    /// <summary>EM with a few restarts: the causes are learned up to their order, which the likelihood does not see.</summary>
    public static BooleanLatentModel FitByEm(DataMatrix data, int maxIterations = 300) =>
        (BooleanLatentModel)Model.Compile(Inference.Em(restarts: 3, seed: 1, maxIterations: maxIterations, tolerance: 1e-7)).Fit(data).Parameters;

    /// <summary>Compiles the model for each backend and says what it does with it: its own reason when it refuses.</summary>
    public static IReadOnlyList<(string Backend, string Outcome)> WhichBackendsRun(ILatentModel parameters)
    {
        var backends = new (string Name, IBackend Backend)[]
        {
            ("exact", Inference.Exact()),
            ("exact(θ)", Inference.Exact(parameters)),
            ("em", Inference.Em()),
            ("vmp", Inference.Vmp()),
            ("reparameterized", Inference.Reparameterized()),
        };
        var outcomes = new List<(string, string)>();
        foreach (var (name, backend) in backends)
        {
            try
            {
                Model.Compile(backend);
                outcomes.Add((name, backend is ExactBackend { Parameters: not null }
                    ? $"runs: evaluates the given parameters exactly over all 2^{Bits} = {1 << Bits} states; learns nothing"
                    : "runs: fits the model (the exact E step over all states, Newton steps in the M step)"));
            }
            catch (BackendNotSupportedException e)
            {
                // The line already names the backend: its reason alone.
                outcomes.Add((name, $"refuses: {e.Reason}"));
            }
        }
        return outcomes;
    }

    /// <summary>
    /// The mean-field q(z) = Πᵢ q(zᵢ) whose factors are the exact posterior's marginals p(zᵢ | x): independent bits with
    /// the right probabilities, but none of the correlation between them. (Not the best mean-field q, which would need
    /// iterations of its own; the gap it leaves is of the same kind.)
    /// </summary>
    public static BooleanPosterior MeanField(BooleanPosterior exact) =>
        BooleanPosterior.FromFactorized(exact.Means(), exact.Count, exact.Bits);

    /// <summary>Exact inference at the given parameters, and the mean-field q's ELBO beside it.</summary>
    public static BoundComparison Compare(string label, ILatentModel parameters, DataMatrix data)
    {
        var fit = Model.Compile(Inference.Exact(parameters)).Fit(data);
        var exact = (BooleanPosterior)fit.LatentPosterior;
        var meanField = MeanField(exact);
        return new BoundComparison(label, fit.LogLikelihood, fit.Elbo.Value, parameters.Elbo(data, meanField).Value, meanField.KlDivergence(exact));
    }

    public static void PrintComparisons(IEnumerable<BoundComparison> rows, int count, TextWriter writer)
    {
        var table = new TextTable("parameters", "log p(x)", "per point", "ELBO, exact q", "ELBO, mean-field q", "mean-field ≤ log p(x)", "mean-field gap", "Σ KL(q ‖ p(z|x))");
        foreach (var r in rows)
            table.Add(r.Parameters, Numbers.Total(r.LogLikelihood), (r.LogLikelihood / count).ToString("F4"), Numbers.Total(r.ExactElbo),
                Numbers.Total(r.MeanFieldElbo), Numbers.BoundCheck(r.LogLikelihood, r.MeanFieldElbo), Numbers.Gap(r.MeanFieldGap), Numbers.Gap(r.MeanFieldKl));
        table.Write(writer);
    }

    /// <summary>The first point drawn with only the given cause on: its posterior should single that cause out.</summary>
    public static int FirstWithOnlyCause(DataMatrix latents, int cause) =>
        Enumerable.Range(0, latents.Rows).First(n => Enumerable.Range(0, Bits).All(i => latents[n, i] == (i == cause ? 1 : 0)));

    /// <summary>The point whose mean-field q is furthest from its exact posterior (the largest KL(q ‖ p(z|x))).</summary>
    public static int LargestMeanFieldLoss(BooleanPosterior exact)
    {
        var meanField = MeanField(exact);
        var losses = Enumerable.Range(0, exact.Count).Select(n => KlAt(meanField.Row(n), exact.Row(n))).ToArray();
        return Array.IndexOf(losses, losses.Max());
    }

    /// <summary>One point's posterior over all 2ⁿ states, exact and mean-field side by side, and the marginals p(zᵢ = 1 | x).</summary>
    public static void PrintPosterior(string title, DataMatrix data, DataMatrix latents, int point, BooleanPosterior exact, TextWriter writer)
    {
        var meanField = MeanField(exact);
        ReadOnlySpan<double> p = exact.Row(point), q = meanField.Row(point);
        static string Binary(ReadOnlySpan<double> row) => string.Concat(row.ToArray().Select(v => v == 1 ? '1' : '0'));
        writer.WriteLine($"{title}: point {point}, x = {Binary(data.Row(point))}, drawn with z = {Binary(latents.Row(point))}; " +
                         $"exact posterior entropy {Entropy(p):F3} nats");
        var table = new TextTable("z1 z2 z3", "p(z | x)", "mean-field q(z)");
        for (int s = 0; s < p.Length; s++)
            table.Add(string.Join("  ", Enumerable.Range(0, Bits).Select(i => $" {s >> i & 1}")), p[s].ToString("F4"), q[s].ToString("F4"));
        table.Write(writer);
        var marginals = exact.Means().AsSpan(point * Bits, Bits).ToArray();
        writer.WriteLine($"p(zᵢ = 1 | x) = {string.Join(", ", marginals.Select(m => m.ToString("F4")))}; KL(q ‖ p(z|x)) = {KlAt(q, p):F4} nats");
    }

    /// <summary>One point's distribution over the 2ⁿ states, to use the library's entropy and KL on.</summary>
    static DiscretePosterior Point(ReadOnlySpan<double> probabilities) => new(probabilities.ToArray(), 1, probabilities.Length);

    static double Entropy(ReadOnlySpan<double> probabilities) => Point(probabilities).Entropy();

    static double KlAt(ReadOnlySpan<double> q, ReadOnlySpan<double> p) => Point(q).KlDivergence(Point(p));
}
