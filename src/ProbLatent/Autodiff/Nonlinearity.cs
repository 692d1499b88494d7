namespace ProbLatent.Autodiff;

/// <summary>
/// The elementwise function after a dense layer, as the tape computes it. The model description's
/// <c>Modeling.Activation</c> names the same functions for the user; the network that is built from it maps one to the
/// other, so the tape knows nothing of model descriptions.
/// </summary>
internal enum Nonlinearity
{
    Tanh,
    Relu,
    Softplus,
    Sigmoid,
    Identity,
}
