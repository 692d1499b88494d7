namespace ProbLatent.FSharp

open System.Collections.Generic
open ProbLatent.Backends.Vmp

/// The priors of VMP's Bayesian models, in Infer.NET's parameterisations; the fields mean what they mean in
/// `ProbLatent.Backends.Vmp.VmpPriors`, whose defaults `Default` takes. None asks for the documented default.
type VmpPriorSettings =
    { /// Mixing weights π ~ Dirichlet(α₀, …, α₀): α₀.
      WeightConcentration: float
      /// The precision τ₀ of the Gaussian prior on mixture means and PPCA/FA offsets.
      MeanPrecision: float
      /// The prior mean m₀, one value per data dimension; None for zero.
      MeanMean: float list option
      /// The Wishart shape a₀ of full-covariance precisions; None for the data dimension.
      WishartShape: float option
      /// The Wishart scale s₀ of s₀I; None for 1/a₀.
      WishartScale: float option
      /// Gamma(shape, rate) of every scalar precision.
      GammaShape: float
      GammaRate: float
      /// Beta(a, b) of a Bernoulli mixture's probabilities.
      BetaA: float
      BetaB: float }

    static member Of(priors: VmpPriors) =
        { WeightConcentration = priors.WeightConcentration
          MeanPrecision = priors.MeanPrecision
          MeanMean = priors.MeanMean |> Option.ofObj |> Option.map List.ofSeq
          WishartShape = Option.ofNullable priors.WishartShape
          WishartScale = Option.ofNullable priors.WishartScale
          GammaShape = priors.GammaShape
          GammaRate = priors.GammaRate
          BetaA = priors.BetaA
          BetaB = priors.BetaB }

    static member Default = VmpPriorSettings.Of(VmpPriors())

    member s.ToPriors() =
        VmpPriors(
            WeightConcentration = s.WeightConcentration,
            MeanPrecision = s.MeanPrecision,
            MeanMean = (match s.MeanMean with
                        | Some mean -> Array.ofList mean :> IReadOnlyList<float> | null
                        | None -> null),
            WishartShape = Option.toNullable s.WishartShape,
            WishartScale = Option.toNullable s.WishartScale,
            GammaShape = s.GammaShape,
            GammaRate = s.GammaRate,
            BetaA = s.BetaA,
            BetaB = s.BetaB
        )
