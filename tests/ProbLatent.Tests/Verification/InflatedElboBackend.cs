using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Verification;

/// <summary>A backend broken on purpose: it runs another and reports an ELBO <paramref name="by"/> nats higher than the fit's.</summary>
sealed class InflatedElboBackend(IBackend inner, double by) : IBackend
{
    public string Name => $"{inner.Name}, inflated";

    public CompiledModel Compile(Model model) => new Inflated(model, Name, inner.Compile(model), by);

    sealed class Inflated(Model model, string name, CompiledModel inner, double by) : CompiledModel(model, name)
    {
        public override FitResult Fit(DataMatrix data, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
        {
            var fit = inner.Fit(data, progress, cancellation);
            return fit with { Elbo = fit.Elbo with { Entropy = fit.Elbo.Entropy + by } };
        }
    }
}
