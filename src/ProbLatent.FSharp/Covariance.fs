namespace ProbLatent.FSharp

open ProbLatent

/// The form of a Gaussian likelihood's covariance.
type Covariance =
    /// A full d×d covariance.
    | Full
    /// Independent dimensions, each with its own variance (factor analysis, diagonal mixtures).
    | Diagonal
    /// One variance shared by all dimensions, σ²I (probabilistic PCA).
    | Isotropic

    member this.ToModeling() =
        match this with
        | Full -> Modeling.Covariance.Full
        | Diagonal -> Modeling.Covariance.Diagonal
        | Isotropic -> Modeling.Covariance.Isotropic
