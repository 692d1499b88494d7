namespace ProbLatent.FSharp

open System.Collections.Generic
open ProbLatent.Backends.Vmp

/// The priors of VMP's Bayesian models, in Infer.NET's parameterisations; the fields mean what they mean in
/// `ProbLatent.Backends.Vmp.VmpPriors`, whose defaults `Default` takes. None asks for the documented default: for a
/// prior in the data's units (mean precision, Wishart scale, Gamma rate), data-scaled; a value given is used as given.
type VmpPriorSettings =
    { /// Mixing weights π ~ Dirichlet(α₀, …, α₀): α₀.
      WeightConcentration: float
      /// The precision τ₀ of the Gaussian prior on mixture means and PPCA/FA offsets; None for data-scaled.
      MeanPrecision: float option
      /// The prior mean m₀, one value per data dimension; None for the data's mean (data-scaled) or zero (τ₀ given).
      MeanMean: float list option
      /// The Wishart shape a₀ of full-covariance precisions; None for half the data dimension.
      WishartShape: float option
      /// The Wishart scale s₀ of s₀I; None for data-scaled (E[Λ] = d·S⁻¹).
      WishartScale: float option
      /// Gamma(shape, rate) of every scalar precision; None for the documented shape and a data-scaled rate.
      GammaShape: float option
      GammaRate: float option
      /// Beta(a, b) of a Bernoulli mixture's probabilities.
      BetaA: float
      BetaB: float }

    static member Of(priors: VmpPriors) =
        { WeightConcentration = priors.WeightConcentration
          MeanPrecision = Option.ofNullable priors.MeanPrecision
          MeanMean = priors.MeanMean |> Option.ofObj |> Option.map List.ofSeq
          WishartShape = Option.ofNullable priors.WishartShape
          WishartScale = Option.ofNullable priors.WishartScale
          GammaShape = Option.ofNullable priors.GammaShape
          GammaRate = Option.ofNullable priors.GammaRate
          BetaA = priors.BetaA
          BetaB = priors.BetaB }

    static member Default = VmpPriorSettings.Of(VmpPriors())

    member s.ToPriors() =
        VmpPriors(
            WeightConcentration = s.WeightConcentration,
            MeanPrecision = Option.toNullable s.MeanPrecision,
            MeanMean = (match s.MeanMean with
                        | Some mean -> Array.ofList mean :> IReadOnlyList<float> | null
                        | None -> null),
            WishartShape = Option.toNullable s.WishartShape,
            WishartScale = Option.toNullable s.WishartScale,
            GammaShape = Option.toNullable s.GammaShape,
            GammaRate = Option.toNullable s.GammaRate,
            BetaA = s.BetaA,
            BetaB = s.BetaB
        )
