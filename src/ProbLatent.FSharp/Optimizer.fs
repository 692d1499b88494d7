namespace ProbLatent.FSharp

/// The stochastic-gradient optimizer of the reparameterized backend.
type Optimizer =
    | Adam
    | Sgd

    member this.ToBackend() =
        match this with
        | Adam -> ProbLatent.Backends.Reparameterized.Optimizer.Adam
        | Sgd -> ProbLatent.Backends.Reparameterized.Optimizer.Sgd

    static member Of(optimizer: ProbLatent.Backends.Reparameterized.Optimizer) =
        match optimizer with
        | ProbLatent.Backends.Reparameterized.Optimizer.Adam -> Adam
        | ProbLatent.Backends.Reparameterized.Optimizer.Sgd -> Sgd
        | other -> invalidArg (nameof optimizer) $"no F# optimizer stands for {other}"
