using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Inference.Exact;

/// <summary>Exact inference: log-sum-exp over components, closed forms for linear-Gaussian models, enumeration of boolean states.</summary>
public sealed class ExactBackend(ILatentModel? parameters) : IBackend
{
    public ILatentModel? Parameters { get; } = parameters;
    public string Name => "exact";

    public CompiledModel Compile(Model model) => throw new NotImplementedException("exact compiler: in progress");
}
