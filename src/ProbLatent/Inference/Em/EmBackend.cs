using ProbLatent.Modeling;

namespace ProbLatent.Inference.Em;

/// <summary>Expectation–maximisation: compiles mixtures, PPCA and factor analysis.</summary>
public sealed class EmBackend(EmOptions options) : IBackend
{
    public EmOptions Options { get; } = options;
    public string Name => "em";

    public CompiledModel Compile(Model model)
    {
        Options.Validate();
        throw new NotImplementedException("EM compiler: in progress");
    }
}
