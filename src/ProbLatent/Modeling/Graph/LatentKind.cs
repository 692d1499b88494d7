namespace ProbLatent.Modeling.Graph;

/// <summary>What values a latent variable takes, which decides the decoders that may read it and how a backend treats it.</summary>
public enum LatentKind
{
    /// <summary>One of K states per plate entry: it selects the parameters of per-component decoders.</summary>
    Categorical,
    /// <summary>A real vector: the input of linear and neural decoders.</summary>
    Gaussian,
    /// <summary>A vector of bits: the input of linear decoders (logits of a sigmoid belief net).</summary>
    Boolean,
    /// <summary>
    /// One of K states per time step of a sequence, a Markov chain over the steps: like a categorical latent it selects the
    /// parameters of per-component decoders (a hidden Markov model's emissions), but its steps are not independent.
    /// </summary>
    Chain,
}
