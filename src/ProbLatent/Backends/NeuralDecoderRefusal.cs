using ProbLatent.Modeling;

namespace ProbLatent.Backends;

/// <summary>The one reason exact inference, EM and VMP give for a model with a neural decoder, and what fits it instead.</summary>
internal static class NeuralDecoderRefusal
{
    public static BackendNotSupportedException For(string backend, Model model) => new(backend,
        $"model '{model.Name}' has the neural decoder {model.DecoderSpec}, whose p(x | z) has no closed-form posterior, M step or " +
        "conjugate message; fit it with Inference.Reparameterized(...) (a variational autoencoder)");
}
