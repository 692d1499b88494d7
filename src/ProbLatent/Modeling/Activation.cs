namespace ProbLatent.Modeling;

/// <summary>The nonlinearity between a network's hidden layers.</summary>
public enum Activation
{
    Tanh,
    Relu,
    Softplus,
    Sigmoid,
    Identity,
}
