using System.Collections;
using System.Reflection;
using ProbLatent.Backends;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.Backends.Vmp;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Cli.Output;

/// <summary>
/// Turns fitted parameters into lines of text: weights, means and covariances for a Gaussian mixture, weights and
/// pixel probabilities for a Bernoulli mixture, W, μ and the noise for PPCA and factor analysis, and the weights and each
/// component's W, μ and noise for a mixture of them. Any other
/// <see cref="ILatentModel"/> is printed through its public properties (numbers, vectors, matrices and lists of
/// them), so a new parameter class shows up without a change here; give it a layout of its own in
/// <see cref="Format(ILatentModel)"/> when that reads better. Long vectors are summarised (first values, count, range).
/// </summary>
public static class ParameterFormatter
{
    /// <summary>Vectors longer than this are summarised.</summary>
    public const int MaxVectorLength = 12;

    /// <summary>Matrices with more rows than this show the first rows only.</summary>
    public const int MaxMatrixRows = 12;

    /// <summary>Lists with more items than this show the first items only.</summary>
    public const int MaxListItems = 10;

    const string Step = "  ";
    const int MaxDepth = 3;

    static readonly HashSet<string> s_shownInTitle =
        [nameof(ILatentModel.Family), nameof(ILatentModel.DataDimension), nameof(ILatentModel.ParameterCount), "EqualityContract"];

    /// <summary>Lines describing the parameters: a title line, then the parameters indented under it.</summary>
    public static IReadOnlyList<string> Format(ILatentModel parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var lines = new List<string>();
        switch (parameters)
        {
            case GaussianMixture g: GaussianMixtureLines(lines, g); break;
            case BernoulliMixture b: BernoulliMixtureLines(lines, b); break;
            case CategoricalMixture c: CategoricalMixtureLines(lines, c); break;
            case LinearGaussianModel l: LinearGaussianLines(lines, l); break;
            case MixtureOfFactorAnalysers m: FactorMixtureLines(lines, m); break;
            case MixtureOfCommonFactorAnalysers m: CommonFactorMixtureLines(lines, m); break;
            case HiddenMarkovModel h: HiddenMarkovLines(lines, h); break;
            case NetworkModel n: NetworkLines(lines, n); break;
            case RestrictedBoltzmannMachine r: BoltzmannLines(lines, r); break;
            case DeepBeliefNet d:
                lines.Add($"DeepBeliefNet: {d.Visible} visible units, hidden layers {string.Join(", ", d.HiddenSizes)} from the data up, {d.ParameterCount} free parameters");
                foreach (var (layer, k) in d.Layers.Select((l, k) => (l, k)))
                {
                    lines.Add(k + 1 == d.Layers.Count ? $"layer {k + 1}, the top pair:" : $"layer {k + 1}, directed (recognition by its hidden biases):");
                    BoltzmannLines(lines, layer);
                }
                break;
            default:
                lines.Add($"{parameters.GetType().Name}: {parameters.Family}, data dimension {parameters.DataDimension}, {parameters.ParameterCount} free parameters");
                AppendProperties(lines, parameters, Step, depth: 0);
                break;
        }
        return lines;
    }

    /// <summary>Lines describing a posterior over the parameters (from VMP): its distributions' parameters and means.</summary>
    public static IReadOnlyList<string> Format(IParameterPosterior posterior)
    {
        ArgumentNullException.ThrowIfNull(posterior);
        var lines = new List<string>();
        switch (posterior)
        {
            case GaussianMixturePosterior g:
                lines.Add($"posterior over the parameters: q(π) Dirichlet, q(μₖ) Gaussian, q(Λₖ) Wishart (Infer.NET's shape a, E[Λ] = a·S)");
                lines.Add($"{Step}q(π): Dirichlet α = {Vector(g.Weights.Concentration)}, E[π] = {Vector(g.Weights.Mean)}");
                for (int k = 0; k < g.Means.Count; k++)
                {
                    lines.Add($"{Step}component {k}");
                    lines.Add($"{Step}{Step}q(μ): mean {Vector(g.Means[k].Mean)}");
                    Matrix(lines, Step + Step + Step, "covariance", g.Means[k].Covariance.ToArray());
                    lines.Add($"{Step}{Step}q(Λ): Wishart shape {Output.Format.Number(g.Precisions[k].Shape)}");
                    Matrix(lines, Step + Step + Step, "E[Λ]", g.Precisions[k].Mean.ToArray());
                }
                break;
            case DiagonalGaussianMixturePosterior g:
                lines.Add("posterior over the parameters: q(π) Dirichlet, q(μₖⱼ) Gaussian, q(λₖⱼ) Gamma (shape, rate)");
                lines.Add($"{Step}q(π): Dirichlet α = {Vector(g.Weights.Concentration)}, E[π] = {Vector(g.Weights.Mean)}");
                for (int k = 0; k < g.Means.Count; k++)
                {
                    lines.Add($"{Step}component {k}");
                    lines.Add($"{Step}{Step}q(μ): means {Vector(g.Means[k].Select(m => m.Mean).ToArray())}, variances {Vector(g.Means[k].Select(m => m.Variance).ToArray())}");
                    lines.Add($"{Step}{Step}q(λ): shapes {Vector(g.Precisions[k].Select(p => p.Shape).ToArray())}, E[λ] {Vector(g.Precisions[k].Select(p => p.Mean).ToArray())}");
                }
                break;
            case BernoulliMixturePosterior b:
                lines.Add("posterior over the parameters: q(π) Dirichlet, q(pₖⱼ) Beta");
                lines.Add($"{Step}q(π): Dirichlet α = {Vector(b.Weights.Concentration)}, E[π] = {Vector(b.Weights.Mean)}");
                for (int k = 0; k < b.Probabilities.Count; k++)
                    lines.Add($"{Step}component {k}: E[p] = {Vector(b.Probabilities[k].Select(p => p.Mean).ToArray())}");
                break;
            case LinearGaussianPosterior l:
                lines.Add($"posterior over the parameters: q(W rows) Gaussian, q(μ) Gaussian, q(τ) Gamma ({NoisePrecisions(l)}), q(α) Gamma (ARD)");
                LinearGaussianPosteriorLines(lines, Step, l);
                break;
            case FactorAnalyserMixturePosterior f:
                lines.Add($"posterior over the parameters: q(π) Dirichlet, per component q(W rows) Gaussian, q(μ) Gaussian, q(τ) Gamma ({NoisePrecisions(f.Components[0])}), q(α) Gamma (ARD)");
                lines.Add($"{Step}q(π): Dirichlet α = {Vector(f.Weights.Concentration)}, E[π] = {Vector(f.Weights.Mean)}");
                for (int k = 0; k < Math.Min(f.Components.Count, MaxListItems); k++)
                {
                    lines.Add($"{Step}component {k}");
                    LinearGaussianPosteriorLines(lines, Step + Step, f.Components[k]);
                }
                if (f.Components.Count > MaxListItems) lines.Add($"{Step}... {f.Components.Count - MaxListItems} more components");
                break;
            default:
                lines.Add($"posterior over the parameters ({posterior.GetType().Name})");
                AppendProperties(lines, posterior, Step, depth: 0);
                break;
        }
        return lines;
    }

    /// <summary>The sizes and the spread of the weights; the weights themselves only when there are few (a 784×500 machine has 392,000).</summary>
    static void BoltzmannLines(List<string> lines, RestrictedBoltzmannMachine r)
    {
        lines.Add($"RestrictedBoltzmannMachine: {r.Visible} visible and {r.Hidden} hidden units, {r.ParameterCount} free parameters");
        var magnitudes = r.Weights.Select(Math.Abs).ToArray();
        lines.Add($"{Step}weights: mean |W| {Output.Format.Number(magnitudes.Average())}, largest {Output.Format.Number(magnitudes.Max())}");
        if (r.Weights.Count <= 100)
            Matrix(lines, Step, "W (visible × hidden)", To2D(Enumerable.Range(0, r.Visible).Select(i => r.WeightsOf(i).ToArray()).ToArray()));
        Biases(lines, "visible biases b", r.VisibleBiases);
        Biases(lines, "hidden biases c", r.HiddenBiases);
    }

    static void Biases(List<string> lines, string name, IReadOnlyList<double> biases) => lines.Add(biases.Count <= 20
        ? $"{Step}{name}: {Vector(biases.ToArray())}"
        : $"{Step}{name}: from {Output.Format.Number(biases.Min())} to {Output.Format.Number(biases.Max())}, mean {Output.Format.Number(biases.Average())}");

    static string NoisePrecisions(LinearGaussianPosterior l) => l.IsIsotropic ? "one noise precision" : "noise precision per dimension";

    static void LinearGaussianPosteriorLines(List<string> lines, string indent, LinearGaussianPosterior l)
    {
        Matrix(lines, indent, "E[W]", To2D(l.Loadings.Select(w => w.Mean).ToArray()));
        lines.Add($"{indent}E[μ]: {Vector(l.Offsets.Select(m => m.Mean).ToArray())}");
        lines.Add($"{indent}E[τ] (noise precision): {Vector(l.NoisePrecisions.Select(t => t.Mean).ToArray())}");
        lines.Add($"{indent}E[α] (ARD; large switches a column of W off): {Vector(l.ArdPrecisions.Select(a => a.Mean).ToArray())}");
    }

    static double[,] To2D(IReadOnlyList<double[]> rows)
    {
        var matrix = new double[rows.Count, rows.Count == 0 ? 0 : rows[0].Length];
        for (int i = 0; i < rows.Count; i++)
            for (int j = 0; j < rows[i].Length; j++) matrix[i, j] = rows[i][j];
        return matrix;
    }

    static void GaussianMixtureLines(List<string> lines, GaussianMixture g)
    {
        var form = g.CovarianceKind == Covariance.Full ? "full" : "diagonal";
        lines.Add($"Gaussian mixture: {Output.Format.Count(g.Components, "component")}, {form} covariances, data dimension {g.Dimension}, {g.ParameterCount} free parameters");
        lines.Add($"{Step}weights: {Vector(g.Weights)}");
        for (int k = 0; k < g.Components; k++)
        {
            lines.Add($"{Step}component {k} (weight {Output.Format.Number(g.Weights[k])})");
            lines.Add($"{Step}{Step}mean: {Vector(g.Mean(k))}");
            var covariance = g.Covariance(k).ToArray();
            if (g.CovarianceKind == Covariance.Full) Matrix(lines, Step + Step, "covariance", covariance);
            else lines.Add($"{Step}{Step}variances: {Vector(Enumerable.Range(0, g.Dimension).Select(j => covariance[j, j]).ToArray())}");
        }
    }

    /// <summary>π, A as a K×K matrix, each state's expected duration 1/(1 − Aₖₖ), then each state's emission.</summary>
    static void HiddenMarkovLines(List<string> lines, HiddenMarkovModel h)
    {
        int k = h.States, d = h.DataDimension;
        var emission = h.Emissions switch
        {
            GaussianMixture { CovarianceKind: Covariance.Full } => "Gaussian emissions with full covariances",
            GaussianMixture => "Gaussian emissions with diagonal covariances",
            CategoricalMixture c => $"categorical emissions of {c.SymbolCount} symbols",
            _ => "Bernoulli emissions",
        };
        lines.Add($"hidden Markov model: {Output.Format.Count(k, "state")}, {emission}, data dimension {d}, {h.ParameterCount} free parameters");
        lines.Add($"{Step}initial: {Vector(h.Initial)}");
        var transitions = new double[k, k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) transitions[i, j] = h.Transition(i, j);
        Matrix(lines, Step, "transitions (row: from, column: to)", transitions);
        lines.Add($"{Step}expected durations 1/(1 − Aₖₖ): {Vector(h.ExpectedDurations())}");
        for (int s = 0; s < Math.Min(k, MaxListItems); s++)
        {
            lines.Add($"{Step}state {s}");
            switch (h.Emissions)
            {
                case GaussianMixture g:
                    lines.Add($"{Step}{Step}mean: {Vector(g.Mean(s))}");
                    var covariance = g.Covariance(s).ToArray();
                    if (g.CovarianceKind == Covariance.Full) Matrix(lines, Step + Step, "covariance", covariance);
                    else lines.Add($"{Step}{Step}variances: {Vector(Enumerable.Range(0, d).Select(j => covariance[j, j]).ToArray())}");
                    break;
                case BernoulliMixture b:
                    lines.Add($"{Step}{Step}probabilities: {Vector(b.Probabilities(s))}");
                    break;
                case CategoricalMixture c:
                    SymbolLines(lines, Step + Step, c, s);
                    break;
            }
        }
        if (k > MaxListItems) lines.Add($"{Step}... {Output.Format.Count(k - MaxListItems, "more state")}");
    }

    static void CategoricalMixtureLines(List<string> lines, CategoricalMixture c)
    {
        lines.Add($"categorical mixture: {Output.Format.Count(c.Components, "component")}, {c.SymbolCount} symbols, data dimension {c.Dimension}, {c.ParameterCount} free parameters");
        lines.Add($"{Step}weights: {Vector(c.Weights)}");
        for (int k = 0; k < Math.Min(c.Components, MaxListItems); k++)
        {
            lines.Add($"{Step}component {k} (weight {Output.Format.Number(c.Weights[k])})");
            SymbolLines(lines, Step + Step, c, k);
        }
        if (c.Components > MaxListItems) lines.Add($"{Step}... {Output.Format.Count(c.Components - MaxListItems, "more component")}");
    }

    /// <summary>A component's (or state's) symbol probabilities, a row per column of the data.</summary>
    static void SymbolLines(List<string> lines, string indent, CategoricalMixture c, int component)
    {
        var rows = Enumerable.Range(0, c.Dimension).Select(j => c.Probabilities(component, j)).ToArray();
        Matrix(lines, indent, "symbol probabilities (row: column, column: symbol)", To2D(rows));
    }

    static void BernoulliMixtureLines(List<string> lines, BernoulliMixture b)
    {
        lines.Add($"Bernoulli mixture: {Output.Format.Count(b.Components, "component")}, data dimension {b.Dimension}, {b.ParameterCount} free parameters");
        lines.Add($"{Step}weights: {Vector(b.Weights)}");
        for (int k = 0; k < Math.Min(b.Components, MaxListItems); k++)
            lines.Add($"{Step}component {k} (weight {Output.Format.Number(b.Weights[k])}) probabilities: {Vector(b.Probabilities(k))}");
        if (b.Components > MaxListItems) lines.Add($"{Step}... {Output.Format.Count(b.Components - MaxListItems, "more component")}");
    }

    static void LinearGaussianLines(List<string> lines, LinearGaussianModel l)
    {
        var name = l.IsIsotropic ? "probabilistic PCA" : "factor analysis";
        lines.Add($"{name}: latent dimension {l.LatentDimension}, data dimension {l.Dimension}, {l.ParameterCount} free parameters");
        LoadingsMeanAndNoise(lines, Step, l);
    }

    static void FactorMixtureLines(List<string> lines, MixtureOfFactorAnalysers m)
    {
        var name = m.IsIsotropic ? "mixture of probabilistic PCA" : "mixture of factor analysers";
        lines.Add($"{name}: {m.Components} component{(m.Components == 1 ? "" : "s")}, latent dimension {m.LatentDimension}, data dimension {m.Dimension}, {m.ParameterCount} free parameters");
        lines.Add($"{Step}weights: {Vector(m.Weights)}");
        for (int k = 0; k < Math.Min(m.Components, MaxListItems); k++)
        {
            lines.Add($"{Step}component {k} (weight {Output.Format.Number(m.Weights[k])})");
            LoadingsMeanAndNoise(lines, Step + Step, m.Component(k));
        }
        if (m.Components > MaxListItems) lines.Add($"{Step}... {m.Components - MaxListItems} more components");
    }

    static void CommonFactorMixtureLines(List<string> lines, MixtureOfCommonFactorAnalysers m)
    {
        var form = m.LatentCovarianceKind == Covariance.Full ? "full" : "diagonal";
        lines.Add($"mixture of common factor analysers: {Output.Format.Count(m.Components, "component")}, latent dimension {m.LatentDimension} with {form} covariances, " +
                  $"data dimension {m.Dimension}, {m.ParameterCount} free parameters");
        lines.Add($"{Step}weights: {Vector(m.Weights)}");
        for (int k = 0; k < Math.Min(m.Components, MaxListItems); k++)
        {
            lines.Add($"{Step}component {k} (weight {Output.Format.Number(m.Weights[k])})");
            lines.Add($"{Step}{Step}xi (latent mean): {Vector(m.LatentMean(k))}");
            var omega = m.LatentCovariance(k).ToArray();
            if (m.LatentCovarianceKind == Covariance.Full) Matrix(lines, Step + Step, "Omega (latent covariance)", omega);
            else lines.Add($"{Step}{Step}Omega (latent variances): {Vector(Enumerable.Range(0, m.LatentDimension).Select(i => omega[i, i]).ToArray())}");
        }
        if (m.Components > MaxListItems) lines.Add($"{Step}... {m.Components - MaxListItems} more components");
        lines.Add($"{Step}shared by every component (x = A z + mu + noise)");
        Matrix(lines, Step + Step, $"A (loadings, {m.Dimension}×{m.LatentDimension})", m.Loadings.ToArray());
        lines.Add($"{Step}{Step}mu (offset): {Vector(m.Offset)}");
        lines.Add(m.IsIsotropic
            ? $"{Step}{Step}noise variance σ²: {Output.Format.Number(m.NoiseVariances[0])}"
            : $"{Step}{Step}noise variances Ψ: {Vector(m.NoiseVariances)}");
    }

    static void LoadingsMeanAndNoise(List<string> lines, string indent, LinearGaussianModel l)
    {
        Matrix(lines, indent, $"W (loadings, {l.Dimension}×{l.LatentDimension})", l.Loadings.ToArray());
        lines.Add($"{indent}mu (mean): {Vector(l.Mean)}");
        lines.Add(l.IsIsotropic
            ? $"{indent}noise variance σ²: {Output.Format.Number(l.NoiseVariances[0])}"
            : $"{indent}noise variances Ψ: {Vector(l.NoiseVariances)}");
    }

    /// <summary>A variational autoencoder's networks and prior, or a plain autoencoder's networks (it has no prior).</summary>
    static void NetworkLines(List<string> lines, NetworkModel v)
    {
        var a = v.Architecture;
        lines.Add($"{(v is Autoencoder ? "plain autoencoder" : "variational autoencoder")}: latent dimension {a.LatentDimension}, data dimension {a.DataDimension}, " +
                  $"{Output.Format.Count(v.ParameterCount)} free parameters");
        var encoder = Layers([a.DataDimension, .. a.EncoderHidden], a.EncoderActivation, a.EncoderHidden.Length > 0);
        lines.Add(v is Autoencoder
            ? $"{Step}encoder z = f(x), a point mass: {encoder} → the code, {a.LatentDimension} values"
            : a.MixtureGuide
            ? $"{Step}encoder q(c|x) q(z|x,c): {encoder} → {a.PriorComponents} logits of c, and per component a mean and log-variance, {a.LatentDimension} each"
            : $"{Step}encoder q(z|x): {encoder} → mean and log-variance, {a.LatentDimension} each");
        var output = a.Noise switch
        {
            ObservationNoise.Bernoulli => "Bernoulli logits",
            ObservationNoise.LearnedDiagonal => "Gaussian means, a learned variance per dimension",
            ObservationNoise.LearnedIsotropic => "Gaussian means, one learned variance",
            _ => $"Gaussian means, fixed variance {Output.Format.Number(a.FixedVariance)}",
        };
        lines.Add($"{Step}decoder p(x|z): {Layers([a.LatentDimension, .. a.DecoderHidden, a.DataDimension], a.DecoderActivation, a.DecoderHidden.Length > 0)} → {output}");
        if (v is Autoencoder)
            lines.Add($"{Step}no prior: trained on the reconstruction log-likelihood alone");
        else if (a.PriorComponents == 0)
            lines.Add($"{Step}prior p(z): N(0, I)");
        else if (v is VariationalAutoencoder vae)
        {
            var (weights, means, logVariances) = vae.PriorMixture();
            int q = a.LatentDimension;
            lines.Add(a.MixtureGuide
                ? $"{Step}prior p(c) p(z|c): c of {a.PriorComponents} states, summed out exactly in training, and a learned diagonal Gaussian z per state"
                : $"{Step}prior p(z): a learned mixture of {a.PriorComponents} diagonal Gaussians");
            lines.Add($"{Step}{Step}weights: {Vector(weights)}");
            for (int c = 0; c < Math.Min(a.PriorComponents, MaxListItems); c++)
                lines.Add($"{Step}{Step}component {c}: mean {Vector(means.AsSpan(c * q, q).ToArray())}, " +
                          $"variances {Vector(logVariances.AsSpan(c * q, q).ToArray().Select(Math.Exp).ToArray())}");
            if (a.PriorComponents > MaxListItems) lines.Add($"{Step}{Step}... {Output.Format.Count(a.PriorComponents - MaxListItems, "more component")}");
        }
        lines.Add($"{Step}training FLOPs per data point and sample: {Output.Format.Count(a.TrainingFlopsPerSample())}");
    }

    /// <summary>Layer widths joined by dashes, with the hidden layers' nonlinearity: 784-200-200 tanh.</summary>
    static string Layers(IEnumerable<int> widths, Activation activation, bool hasHidden) =>
        string.Join("-", widths) + (hasHidden ? $" {activation.ToString().ToLowerInvariant()}" : " (linear)");

    // ---- Generic layout, through public properties ----

    static void AppendProperties(List<string> lines, object owner, string indent, int depth)
    {
        foreach (var property in ReadableProperties(owner.GetType()))
        {
            object? value;
            try { value = property.GetValue(owner); }
            catch (TargetInvocationException e) { value = $"<{e.InnerException?.GetType().Name ?? "error"}>"; }
            AppendValue(lines, indent, property.Name, value, depth);
        }
    }

    /// <summary>Public instance properties that can be read through reflection (not indexers, not spans).</summary>
    static IEnumerable<PropertyInfo> ReadableProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetMethod!.IsPublic && p.GetIndexParameters().Length == 0
                        && !p.PropertyType.IsByRefLike && !s_shownInTitle.Contains(p.Name))
            .OrderBy(p => p.MetadataToken);

    static void AppendValue(List<string> lines, string indent, string label, object? value, int depth)
    {
        if (AsArray(value) is { } array) value = array;
        switch (value)
        {
            case null: lines.Add($"{indent}{label}: (none)"); return;
            case double d: lines.Add($"{indent}{label}: {Output.Format.Number(d)}"); return;
            case float f: lines.Add($"{indent}{label}: {Output.Format.Number(f)}"); return;
            case bool b: lines.Add($"{indent}{label}: {Output.Format.YesNo(b)}"); return;
            case string or Enum or int or long: lines.Add($"{indent}{label}: {value}"); return;
            case double[,] matrix: Matrix(lines, indent, label, matrix); return;
            case IEnumerable<double> vector: lines.Add($"{indent}{label}: {Vector(vector.ToArray())}"); return;
            case IEnumerable items:
                var list = items.Cast<object?>().ToList();
                lines.Add($"{indent}{label}: {list.Count} items");
                for (int i = 0; i < Math.Min(list.Count, MaxListItems); i++) AppendValue(lines, indent + Step, $"[{i}]", list[i], depth + 1);
                if (list.Count > MaxListItems) lines.Add($"{indent}{Step}... {list.Count - MaxListItems} more");
                return;
        }
        var type = value.GetType();
        if (depth < MaxDepth && type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true && ReadableProperties(type).Any())
        {
            lines.Add($"{indent}{label}:");
            AppendProperties(lines, value, indent + Step, depth + 1);
            return;
        }
        lines.Add($"{indent}{label}: {value}");
    }

    /// <summary>Vectors and matrices of linear-algebra libraries, through their <c>ToArray()</c>.</summary>
    static object? AsArray(object? value)
    {
        if (value is null or double[] or double[,]) return null;
        var toArray = value.GetType().GetMethod("ToArray", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
        return toArray is not null && (toArray.ReturnType == typeof(double[]) || toArray.ReturnType == typeof(double[,]))
            ? toArray.Invoke(value, null)
            : null;
    }

    static void Matrix(List<string> lines, string indent, string label, double[,] matrix)
    {
        int rows = matrix.GetLength(0), columns = matrix.GetLength(1);
        lines.Add($"{indent}{label}:");
        for (int i = 0; i < Math.Min(rows, MaxMatrixRows); i++)
        {
            var row = new double[columns];
            for (int j = 0; j < columns; j++) row[j] = matrix[i, j];
            lines.Add($"{indent}{Step}{Vector(row)}");
        }
        if (rows > MaxMatrixRows) lines.Add($"{indent}{Step}... {Output.Format.Count(rows - MaxMatrixRows, "more row")} ({rows}×{columns})");
    }

    /// <summary>A vector on one line; a long one as its first values, its length and its range.</summary>
    public static string Vector(IReadOnlyList<double> values)
    {
        if (values.Count <= MaxVectorLength) return "[" + string.Join(", ", values.Select(Output.Format.Number)) + "]";
        var head = string.Join(", ", values.Take(6).Select(Output.Format.Number));
        return $"[{head}, ...] ({values.Count} values, min {Output.Format.Number(values.Min())}, max {Output.Format.Number(values.Max())}, mean {Output.Format.Number(values.Average())})";
    }
}
