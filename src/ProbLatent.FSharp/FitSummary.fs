namespace ProbLatent.FSharp

open ProbLatent.Backends
open ProbLatent.LatentModels

/// What a fit reports, as an F# record; what exists only for some fits is an option. Every fit but a plain
/// autoencoder's (a point-mass guide, `Encoder.pointMass`) has a log-likelihood and an ELBO, so those fields are Some;
/// a plain autoencoder has neither, and reports its Reconstruction instead.
type FitSummary =
    { Backend: string
      /// The number of data points fitted.
      DataCount: int
      /// Total log p(x | θ) at the fitted parameters: exact, or importance-sampled for a variational autoencoder; None
      /// for a plain autoencoder, whose codes were never fitted to a prior.
      LogLikelihood: float option
      LogLikelihoodPerPoint: float option
      /// The Monte Carlo standard error of an importance-sampled LogLikelihood; None when it is exact or absent.
      LogLikelihoodStandardError: float option
      /// Importance samples per point behind an estimated LogLikelihood; None when it is exact or absent.
      LogLikelihoodSamples: int option
      /// Draws of z per point behind a Monte Carlo Elbo (a variational autoencoder's); None when it is in closed form or absent.
      ElboSamples: int option
      /// The standard error of a Monte Carlo Elbo where the backend reports one (a deep belief net's bound); None otherwise.
      ElboStandardError: float option
      /// The ELBO of the backend's final q(z) = ExpectedLogLikelihood + ExpectedLogPrior + Entropy; None (with its
      /// terms) for a plain autoencoder, whose point-mass q has no density.
      Elbo: float option
      ExpectedLogLikelihood: float option
      ExpectedLogPrior: float option
      Entropy: float option
      /// LogLikelihood − Elbo, when the fit has both.
      Gap: float option
      /// A plain autoencoder's Σ log p(x | f(x)) at its codes, what it was trained on; None for every other fit, whose
      /// reconstruction term is ExpectedLogLikelihood.
      Reconstruction: float option
      /// The backend's objective as the fit went (EM's starts before the first iteration; the reparameterized backend's is per epoch).
      Trace: float list
      Iterations: int
      Converged: bool
      Milliseconds: float
      /// The fitted model, with exact inference on it (a plain autoencoder's is its `Autoencoder`).
      Parameters: ILatentModel
      /// The posterior over the parameters of a Bayesian fit (VMP); None for point estimates.
      ParameterPosterior: IParameterPosterior option
      /// The backend's final q(z) over the fitted data: the one Elbo is of (a plain autoencoder's codes).
      LatentPosterior: IPosterior
      /// The trained networks of a reparameterized fit with a Gaussian guide; None otherwise.
      Trained: VariationalAutoencoder option
      /// The fit itself, for what the record does not copy (Encode, Score, Sample, Save, SetupTime).
      Result: FitResult }

    static member Of(fit: FitResult) =
        // FitResult throws on reading what the fit lacks: read each value only when it is there.
        let logLikelihood read = if fit.HasLogLikelihood then Some(read ()) else None
        let elbo (read: ElboTerms -> float) = if fit.HasElbo then Some(read fit.Elbo) else None
        { Backend = fit.Backend
          DataCount = fit.DataCount
          LogLikelihood = logLikelihood (fun () -> fit.LogLikelihood)
          LogLikelihoodPerPoint = logLikelihood (fun () -> fit.LogLikelihoodPerPoint)
          LogLikelihoodStandardError = if fit.HasLogLikelihood && not fit.LogLikelihoodIsExact then Some fit.LogLikelihoodStandardError else None
          LogLikelihoodSamples = Option.ofNullable fit.LogLikelihoodSamples
          ElboSamples = Option.ofNullable fit.ElboSamples
          ElboStandardError = if fit.HasElbo && fit.ElboStandardError > 0.0 then Some fit.ElboStandardError else None
          Elbo = elbo _.Value
          ExpectedLogLikelihood = elbo _.ExpectedLogLikelihood
          ExpectedLogPrior = elbo _.ExpectedLogPrior
          Entropy = elbo _.Entropy
          Gap = if fit.HasLogLikelihood && fit.HasElbo then Some fit.Gap else None
          Reconstruction = Option.ofNullable fit.Reconstruction
          Trace = List.ofSeq fit.Trace
          Iterations = fit.Iterations
          Converged = fit.Converged
          Milliseconds = fit.WallTime.TotalMilliseconds
          Parameters = fit.Parameters
          ParameterPosterior = Option.ofObj fit.ParameterPosterior
          LatentPosterior = fit.LatentPosterior
          Trained = Option.ofObj fit.Trained
          Result = fit }
