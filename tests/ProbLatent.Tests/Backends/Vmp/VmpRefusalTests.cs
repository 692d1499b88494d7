using ProbLatent.Backends;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Vmp;

public class VmpRefusalTests
{
    /// <summary>Boolean latents selected by a categorical one, read through sigmoid outputs: a belief net's factor that EM's enumeration refuses beside a categorical.</summary>
    static Model Mixed() => Model.Define("mixed")
        .Latent("c", Prior.Categorical(2))
        .Latent("h", Prior.Bernoulli(2).Given("c", Decoder.PerComponent(Likelihood.Bernoulli())))
        .Decoder(Decoder.Linear(Likelihood.Bernoulli()))
        .Observe("x", 3);

    [Fact]
    public void A_part_without_a_conjugate_message_is_refused_naming_it_and_only_the_backends_that_compile_the_model()
    {
        var ex = Assert.Throws<BackendNotSupportedException>(() => Mixed().Compile(Inference.Vmp()));
        Assert.StartsWith("model 'mixed': ", ex.Message[ex.Message.IndexOf("model '", StringComparison.Ordinal)..]);
        Assert.Contains("is not conjugate to the bits' Bernoulli prior, so VMP has no closed-form message for it", ex.Message);
        // The advice comes from asking the other backends, so it names exactly those that compile the model: here none.
        var compiling = new (IBackend Backend, string Call)[]
            {
                (Inference.Em(), "Inference.Em()"), (Inference.Exact(), "Inference.Exact()"),
                (Inference.Reparameterized(), "Inference.Reparameterized()"),
            }
            .Where(b => Compiles(b.Backend)).Select(b => b.Call).ToArray();
        Assert.Empty(compiling);
        Assert.EndsWith("no other backend fits it either", ex.Message);
        Assert.DoesNotContain("Inference.", ex.Message);
    }

    static bool Compiles(IBackend backend)
    {
        try
        {
            Mixed().Compile(backend);
            return true;
        }
        catch (BackendNotSupportedException)
        {
            return false;
        }
    }
}
