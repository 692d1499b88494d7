using System.Reflection;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Architecture;

/// <summary>The layer rule of the README's Architecture section, checked on the compiled assemblies.</summary>
public class LayerTests
{
    static readonly Assembly Library = typeof(Model).Assembly;

    [Fact]
    public void NoTypeOfTheLibraryRefersToALayerAboveItsOwn()
    {
        var upward = Library.GetTypes()
            .SelectMany(TypeReferences.Of)
            .Where(r => r.To.Assembly == Library && !LayerRule.Allows(LayerRule.Of(r.From), LayerRule.Of(r.To)))
            .Select(r => $"{TypeReferences.Outermost(r.From).FullName} ({LayerRule.Of(r.From)}) → " +
                         $"{TypeReferences.Outermost(r.To).FullName} ({LayerRule.Of(r.To)}), {r.How}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(upward.Count == 0, $"{upward.Count} references go up the layers:\n" + string.Join("\n", upward));
    }

    [Fact]
    public void NumericsAutodiffAndNeuralAreInternal()
    {
        string[] internalNamespaces = ["ProbLatent.Numerics", "ProbLatent.Autodiff", "ProbLatent.Neural"];
        var exported = Library.GetExportedTypes()
            .Where(t => internalNamespaces.Contains(t.Namespace))
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(exported.Count == 0, "public types in internal layers: " + string.Join(", ", exported));
    }

    /// <summary>The ONNX writer's wire format stays in its own optional package: the core library loads no protobuf.</summary>
    [Fact]
    public void TheLibraryDoesNotReferenceProtobufOrTheOnnxPackage()
    {
        var referenced = Library.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("MathNet.Numerics", referenced);
        Assert.DoesNotContain("Google.Protobuf", referenced);
        Assert.DoesNotContain("ProbLatent.Onnx", referenced);
    }

    /// <summary>The Parquet reader and what it brings (compression codecs) stay in their own optional package.</summary>
    [Fact]
    public void TheLibraryDoesNotReferenceParquet()
    {
        var referenced = Library.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain("Parquet", referenced);
        Assert.DoesNotContain("ProbLatent.Parquet", referenced);
    }

    [Fact]
    public void OnlyTheTestsAndBenchmarksSeeTheLibrarysInternals()
    {
        var friends = Library.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName)
            .Order(StringComparer.Ordinal);
        Assert.Equal(["ProbLatent.Benchmarks", "ProbLatent.Properties", "ProbLatent.Tests"], friends);
    }

    /// <summary>
    /// The front ends reach a backend's extras through the typed compiled model <c>Compile</c> returns, never by casting
    /// to a backend's concrete class (abstract types and interfaces, such as <c>CompiledModel</c>, are the untyped path).
    /// </summary>
    [Theory]
    [InlineData("ProbLatent.Cli")]
    [InlineData("ProbLatent.FSharp")]
    [InlineData("ProbLatent.Verification")]
    [InlineData("ProbLatent.Onnx")]
    [InlineData("ProbLatent.Parquet")]
    [InlineData("ProbLatent.Distributed")]
    public void AFrontEndDoesNotCastToABackendsConcreteTypes(string assemblyName)
    {
        var frontEnd = Assembly.Load(assemblyName);
        string[] casts = ["castclass", "isinst", "unbox.any"];
        var found = frontEnd.GetTypes()
            .SelectMany(TypeReferences.Of)
            .Where(r => casts.Any(c => r.How.StartsWith(c + " ", StringComparison.Ordinal))
                        && r.To.Assembly == Library && LayerRule.Of(r.To) == Layer.Backends
                        && !r.To.IsInterface && !r.To.IsAbstract)
            .Select(r => $"{TypeReferences.Outermost(r.From).FullName}: {r.How} to {r.To.FullName}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(found.Count == 0, "casts to a backend's types:\n" + string.Join("\n", found));
    }
}
