using ExampleSupport;
using ProbLatent;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.Distributions;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace SigmoidBeliefNet;

/// <summary>
/// A two-layer sigmoid belief net over 4×4 binary images: two top bits h2 choose which of four quadrant bits h1 are
/// likely on, and each quadrant bit lights its four pixels. EM learns it with exact enumeration of the 2^(2+4) joint
/// states; encoding gives p(h | x) layer by layer, and sampling draws images from the fitted net.
/// </summary>
public static class SigmoidBeliefNetDemo
{
    public const int Side = 4;
    public const int Pixels = Side * Side;
    public const int Top = 2;
    public const int Quadrants = 4;

    public static readonly Model Model = ProbLatent.Modeling.Model.Define("quadrants")
        .Latent("h2", Prior.Bernoulli(Top))
        .Latent("h1", Prior.Bernoulli(Quadrants).Given("h2", Decoder.Linear(Likelihood.Bernoulli())))
        .Decoder(Decoder.Linear(Likelihood.Bernoulli()))
        .Observe("x", Pixels);

    /// <summary>The quadrant (0 top left, 1 top right, 2 bottom left, 3 bottom right) a pixel lies in.</summary>
    public static int QuadrantOf(int pixel) => pixel / Side / 2 * 2 + pixel % Side / 2;

    /// <summary>
    /// h2₁ ("top") turns on quadrants 0 and 1, h2₂ ("diagonal") quadrants 0 and 3: logit +5 over −2.5, so a quadrant is on
    /// with probability 0.92 when a top bit asks for it and 0.08 otherwise. A quadrant's pixels are on with σ(3) ≈ 0.95
    /// when it is on and σ(−3) ≈ 0.05 when it is off. p(h2ᵢ = 1) = 0.4.
    /// </summary>
    public static BooleanLatentModel Truth()
    {
        var upper = new double[Quadrants * Top];
        foreach (var q in new[] { 0, 1 }) upper[q * Top + 0] = 5;
        foreach (var q in new[] { 0, 3 }) upper[q * Top + 1] = 5;
        var decoder = new double[Pixels * Quadrants];
        for (int j = 0; j < Pixels; j++) decoder[j * Quadrants + QuadrantOf(j)] = 6;
        return new BooleanLatentModel([0.4, 0.4],
        [
            new SigmoidLayer(upper, Enumerable.Repeat(-2.5, Quadrants).ToArray(), Top),
            new SigmoidLayer(decoder, Enumerable.Repeat(-3.0, Pixels).ToArray(), Quadrants),
        ]);
    }

    /// <summary>EM with exact enumeration: a few seeded restarts, the best kept.</summary>
    public static FitResult Fit(DataMatrix data, int maxIterations = 200, int restarts = 3) =>
        Model.Compile(Inference.Em(restarts: restarts, seed: 1, maxIterations: maxIterations, tolerance: 1e-7)).Fit(data);

    /// <summary>The smallest rise of the objective from one iteration to the next: never negative for EM.</summary>
    public static double SmallestRise(IReadOnlyList<double> trace) => trace.Zip(trace.Skip(1), (a, b) => b - a).Min();

    /// <summary>A row of pixels as a 4×4 picture, '#' for on, '.' for off.</summary>
    public static string[] Picture(ReadOnlySpan<double> pixels)
    {
        var rows = new string[Side];
        for (int r = 0; r < Side; r++)
        {
            var row = new char[Side];
            for (int c = 0; c < Side; c++) row[c] = pixels[r * Side + c] == 1 ? '#' : '.';
            rows[r] = new string(row);
        }
        return rows;
    }

    /// <summary>Compiles the model for each backend and says what it does with it.</summary>
    public static IReadOnlyList<(string Backend, string Outcome)> WhichBackendsRun(ILatentModel parameters)
    {
        var outcomes = new List<(string, string)>();
        foreach (var (name, backend) in new (string, IBackend)[]
                 { ("exact(θ)", Inference.Exact(parameters)), ("em", Inference.Em()), ("vmp", Inference.Vmp()), ("reparameterized", Inference.Reparameterized()) })
        {
            try
            {
                Model.Compile(backend);
                outcomes.Add((name, name == "em" ? "runs: exact E step over the 2^6 joint states, Newton steps per sigmoid unit" : "runs: evaluates the given parameters"));
            }
            catch (BackendNotSupportedException e)
            {
                outcomes.Add((name, $"refuses: {e.Reason}"));
            }
        }
        return outcomes;
    }

    /// <summary>log p(x) per point of the truth, the fit and independent pixels (the bits explaining nothing).</summary>
    public static void PrintLikelihoods(DataMatrix data, BooleanLatentModel truth, BooleanLatentModel fitted, TextWriter writer)
    {
        var means = Enumerable.Range(0, data.Columns).Select(j => Enumerable.Range(0, data.Rows).Average(n => data[n, j]));
        var table = new TextTable("parameters", "log p(x) per point");
        table.Add("generating net", truth.PointLogLikelihoods(data).Average().ToString("F4"));
        table.Add("EM fit", fitted.PointLogLikelihoods(data).Average().ToString("F4"));
        // Each pixel on with its frequency m in the data: log p(x) per point is Σⱼ m log m + (1 − m) log(1 − m), minus
        // the entropies of those Bernoullis.
        double independent = -means.Sum(m => new Bernoulli(m).Entropy());
        table.Add("independent pixels", independent.ToString("F4"));
        table.Write(writer);
    }

    /// <summary>One point: its picture beside p(h2ᵢ = 1 | x) and p(h1ᵢ = 1 | x) under the fitted net.</summary>
    public static void PrintEncoding(BooleanLatentModel fitted, DataMatrix data, int point, TextWriter writer)
    {
        var one = new DataMatrix(data.Row(point).ToArray(), 1, Pixels, source: data.Source);
        var means = fitted.Posterior(one).Means();
        var picture = Picture(data.Row(point));
        writer.WriteLine($"{picture[0]}   p(h2 = 1 | x) = {string.Join(", ", means.Take(Top).Select(m => m.ToString("F3")))}");
        writer.WriteLine($"{picture[1]}   p(h1 = 1 | x) = {string.Join(", ", means.Skip(Top).Select(m => m.ToString("F3")))}");
        writer.WriteLine(picture[2]);
        writer.WriteLine(picture[3]);
    }

    /// <summary>Images drawn from the fitted net, side by side.</summary>
    public static void PrintSamples(BooleanLatentModel fitted, int count, int seed, TextWriter writer)
    {
        var drawn = fitted.Generate(count, new Random(seed)).Data;
        var pictures = Enumerable.Range(0, count).Select(n => Picture(drawn.Row(n))).ToArray();
        for (int r = 0; r < Side; r++) writer.WriteLine(string.Join("  ", pictures.Select(p => p[r])));
    }
}
