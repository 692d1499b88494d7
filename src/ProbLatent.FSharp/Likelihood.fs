namespace ProbLatent.FSharp

open ProbLatent

/// The observation distribution p(x | decoder output).
[<RequireQualifiedAccess>]
module Likelihood =
    /// A Gaussian with a learned covariance of the given form.
    let gaussian (covariance: Covariance) : Modeling.Likelihood = Modeling.Likelihood.Gaussian(covariance.ToModeling())

    /// A Gaussian whose variance is fixed at the given value for every dimension (a neural decoder's squared error).
    let gaussianWithVariance (variance: float) : Modeling.Likelihood = Modeling.Likelihood.GaussianWithVariance variance

    /// Binary observations, each dimension an independent Bernoulli.
    let bernoulli: Modeling.Likelihood = Modeling.Likelihood.Bernoulli()

    /// Columns of symbols 0..symbols − 1, each column an independent categorical with its own probabilities (under
    /// `Decoder.perComponent`, a categorical mixture, or an HMM's categorical emissions).
    let categorical (symbols: int) : Modeling.Likelihood = Modeling.Likelihood.Categorical symbols
