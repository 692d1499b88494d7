namespace ProbLatent.FSharp

open ProbLatent.Backends
open ProbLatent.LatentModels

/// What a fit reports, as an F# record; what exists only for some backends is an option.
type FitSummary =
    { Backend: string
      /// The number of data points fitted.
      DataCount: int
      /// Total log p(x | θ) at the fitted parameters: exact, or importance-sampled for a variational autoencoder.
      LogLikelihood: float
      LogLikelihoodPerPoint: float
      /// The Monte Carlo standard error of an importance-sampled LogLikelihood; None when it is exact.
      LogLikelihoodStandardError: float option
      /// Importance samples per point behind an estimated LogLikelihood; None when it is exact.
      LogLikelihoodSamples: int option
      /// The ELBO of the backend's final q(z) = ExpectedLogLikelihood + ExpectedLogPrior + Entropy.
      Elbo: float
      ExpectedLogLikelihood: float
      ExpectedLogPrior: float
      Entropy: float
      /// LogLikelihood − Elbo.
      Gap: float
      /// The backend's objective as the fit went (EM's starts before the first iteration; the reparameterized backend's is per epoch).
      Trace: float list
      Iterations: int
      Converged: bool
      Milliseconds: float
      /// The fitted model, with exact inference on it.
      Parameters: ILatentModel
      /// The posterior over the parameters of a Bayesian fit (VMP); None for point estimates.
      ParameterPosterior: IParameterPosterior option
      /// The backend's final q(z) over the fitted data: the one Elbo is of.
      LatentPosterior: IPosterior
      /// The trained networks of a reparameterized fit; None otherwise.
      Trained: VariationalAutoencoder option
      /// The fit itself, for what the record does not copy (Encode, Score, Sample, SetupTime).
      Result: FitResult }

    static member Of(fit: FitResult) =
        let estimated = not fit.LogLikelihoodIsExact
        { Backend = fit.Backend
          DataCount = fit.DataCount
          LogLikelihood = fit.LogLikelihood
          LogLikelihoodPerPoint = fit.LogLikelihoodPerPoint
          LogLikelihoodStandardError = if estimated then Some fit.LogLikelihoodStandardError else None
          LogLikelihoodSamples = Option.ofNullable fit.LogLikelihoodSamples
          Elbo = fit.Elbo.Value
          ExpectedLogLikelihood = fit.Elbo.ExpectedLogLikelihood
          ExpectedLogPrior = fit.Elbo.ExpectedLogPrior
          Entropy = fit.Elbo.Entropy
          Gap = fit.Gap
          Trace = List.ofSeq fit.Trace
          Iterations = fit.Iterations
          Converged = fit.Converged
          Milliseconds = fit.WallTime.TotalMilliseconds
          Parameters = fit.Parameters
          ParameterPosterior = Option.ofObj fit.ParameterPosterior
          LatentPosterior = fit.LatentPosterior
          Trained = Option.ofObj fit.Trained
          Result = fit }
