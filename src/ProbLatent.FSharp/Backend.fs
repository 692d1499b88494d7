namespace ProbLatent.FSharp

open ProbLatent
open ProbLatent.Backends
open ProbLatent.LatentModels

/// The inference backends a model compiles for.
[<RequireQualifiedAccess>]
module Backend =
    /// Exact inference: fits where maximum likelihood has a closed form (PPCA); refuses other families.
    let exact: IBackend = Inference.Exact()

    /// Exact inference at given parameters (for example another fit's): nothing is learned.
    let exactAt (parameters: ILatentModel) : IBackend = Inference.Exact parameters

    /// Expectation–maximisation with seeded restarts.
    let em (settings: EmSettings) : IBackend = Em.EmBackend(settings.ToOptions())

    /// Variational message passing on the model's Bayesian version.
    let vmp (settings: VmpSettings) : IBackend = Vmp.VmpBackend(settings.ToOptions())

    /// Stochastic-gradient training of an amortized encoder and the decoder (VAEs, and PPCA/FA as linear VAEs).
    let reparameterized (settings: ReparameterizedSettings) : IBackend =
        Reparameterized.ReparameterizedBackend(settings.ToOptions())

    /// Contrastive divergence (CD-k or persistent CD-k) for an undirected energy model, a restricted Boltzmann machine.
    let contrastive (settings: ContrastiveSettings) : IBackend = Contrastive.ContrastiveBackend(settings.ToOptions())

    /// Score-function training (VIMCO or NVIL) of a sigmoid belief net with an amortized encoder over its boolean latents.
    let scoreFunction (settings: ScoreFunctionSettings) : IBackend = ScoreFunction.ScoreFunctionBackend(settings.ToOptions())
