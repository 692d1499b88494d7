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
