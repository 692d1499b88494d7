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

/// <summary>
/// A backend whose compiled model offers more than <see cref="CompiledModel.Fit"/> (the reparameterized engine's
/// <c>Train</c> and architecture): <c>model.Compile(backend)</c> returns it as that type, so no caller casts to reach
/// it. Code that picks a backend at run time holds it as an <see cref="IBackend"/> and gets a <see cref="CompiledModel"/>.
/// </summary>
public interface IBackend<out TCompiled> : IBackend where TCompiled : CompiledModel
{
    /// <inheritdoc cref="IBackend.Compile"/>
    new TCompiled Compile(Model model);
}
