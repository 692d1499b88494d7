using ProbLatent.Modeling;

namespace ProbLatent.Backends;

/// <summary>An inference backend: a compiler from a model description to something that fits data.</summary>
public interface IBackend
{
    /// <summary>The backend's name as tables and errors show it ("exact", "em").</summary>
    string Name { get; }

    /// <summary>Compiles the model, or throws <see cref="BackendNotSupportedException"/> saying why it cannot.</summary>
    CompiledModel Compile(Model model);
}
