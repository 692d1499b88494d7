using ExampleSupport;
using ProbLatent;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace OldFaithful;

/// <summary>
/// A two-component, full-covariance Gaussian mixture fitted by EM and by VMP, and each fit's parameters evaluated by
/// exact inference: the mixture has no closed-form maximum likelihood, so the exact backend evaluates given
/// parameters rather than fitting.
/// </summary>
public static class BackendComparison
{
    /// <summary>The maximum log-likelihood mclust and scikit-learn reach on this model and data.</summary>
    public const double ReferenceLogLikelihood = -1130.264;

    public static readonly Model Mixture = Model.Define("old-faithful")
        .Latent("z", Prior.Categorical(components: 2))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full)))
        .Observe("x", dimension: 2);

    /// <summary>EM, VMP (default priors), then exact inference at each one's parameters.</summary>
    public static IReadOnlyList<ComparisonRow> Run(DataMatrix data, int restarts = 5, int seed = 1)
    {
        var em = Mixture.Compile(Inference.Em(restarts, seed)).Fit(data);
        var vmp = Mixture.Compile(Inference.Vmp(restarts, seed)).Fit(data);
        return
        [
            new("EM", em),
            new("VMP", vmp),
            new("exact at EM's θ", Mixture.Compile(Inference.Exact(em.Parameters)).Fit(data)),
            new("exact at VMP's θ", Mixture.Compile(Inference.Exact(vmp.Parameters)).Fit(data)),
        ];
    }

    /// <summary>Why the backends that cannot fit this model refuse it, in their own words.</summary>
    public static IReadOnlyList<string> Refusals()
    {
        var refusals = new List<string>();
        foreach (var backend in new Func<IBackend>[] { () => Inference.Exact(), () => Inference.Reparameterized() })
        {
            try { Mixture.Compile(backend()); }
            catch (BackendNotSupportedException e) { refusals.Add(e.Message); }
        }
        return refusals;
    }

    public static void Print(IReadOnlyList<ComparisonRow> rows, TextWriter writer)
    {
        var table = new TextTable("method", "log p(x)", "ELBO", "E log p(x|z)", "E log p(z)", "H[q]", "gap", "iterations", "time (ms)");
        foreach (var (method, fit) in rows)
            table.Add(method, Numbers.Total(fit.LogLikelihood), Numbers.Total(fit.Elbo.Value),
                Numbers.Total(fit.Elbo.ExpectedLogLikelihood), Numbers.Total(fit.Elbo.ExpectedLogPrior), Numbers.Total(fit.Elbo.Entropy),
                Numbers.Gap(fit.Gap), fit.Iterations.ToString(), Numbers.Milliseconds(fit.WallTime));
        table.Write(writer);
    }

    /// <summary>Each fit's mixing weights and means, components in order of eruption length (fits may number them differently).</summary>
    public static void PrintComponents(IReadOnlyList<ComparisonRow> rows, DataMatrix data, TextWriter writer)
    {
        var table = new TextTable(["method", "component", "weight", .. data.ColumnNames.Select(c => $"mean {c}"), "points"]);
        foreach (var (method, fit) in rows.Where(r => r.Fit.Backend != "exact"))
        {
            var mixture = (GaussianMixture)fit.Parameters;
            var counts = ((DiscretePosterior)fit.LatentPosterior).MostProbable().CountBy(k => k).ToDictionary();
            var order = Enumerable.Range(0, mixture.Components).OrderBy(k => mixture.Mean(k)[0]);
            foreach (var (k, rank) in order.Select((k, rank) => (k, rank)))
                table.Add([method, (rank + 1).ToString(), mixture.Weights[k].ToString("F3"),
                    .. mixture.Mean(k).Select(m => m.ToString("F3")), counts.GetValueOrDefault(k).ToString()]);
        }
        table.Write(writer);
    }
}
