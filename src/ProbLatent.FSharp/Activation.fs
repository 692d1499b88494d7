namespace ProbLatent.FSharp

open ProbLatent

/// The nonlinearity between a network's hidden layers.
type Activation =
    | Tanh
    | Relu
    | Softplus
    | Sigmoid
    | Identity

    member this.ToModeling() =
        match this with
        | Tanh -> Modeling.Activation.Tanh
        | Relu -> Modeling.Activation.Relu
        | Softplus -> Modeling.Activation.Softplus
        | Sigmoid -> Modeling.Activation.Sigmoid
        | Identity -> Modeling.Activation.Identity
