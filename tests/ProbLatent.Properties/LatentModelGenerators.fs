/// The cases of the latent-variable property tests. A case is drawn by FsCheck as a seed and a few sizes; everything
/// else is built from the seed (random models and q come from the verification kit's RandomModels and
/// RandomPosteriors), so a failing case is reproduced exactly by its printed values.
module ProbLatent.Properties.LatentModelGenerators

open System
open FsCheck
open FsCheck.FSharp
open ProbLatent.Data
open ProbLatent.LatentModels
open ProbLatent.Modeling

type Case =
    { Seed: int
      Count: int
      Dimension: int
      Latent: int }

/// A seed and sizes: Count data points of dimension Dimension, Latent components / latent dimensions / bits.
let caseOf (maxCount: int) (maxDimension: int) (minLatent: int) (maxLatent: int) =
    gen {
        let! seed = Gen.choose (0, Int32.MaxValue - 1)
        let! count = Gen.choose (1, maxCount)
        let! dimension = Gen.choose (1, maxDimension)
        let! latent = Gen.choose (minLatent, maxLatent)
        return { Seed = seed; Count = count; Dimension = dimension; Latent = latent }
    }
    |> Arb.fromGen

/// A mixture of k components, each with the given likelihood, over d-dimensional data.
let mixtureModel k d (likelihood: Likelihood) =
    Model.Define("mixture").Latent("z", Prior.Categorical k).Decoder(Decoder.PerComponent likelihood).Observe("x", d)

/// z ~ N(0, I) of dimension q, and x = W z + μ + Gaussian noise of the given covariance, of dimension d.
let linearModel q d covariance =
    Model.Define("linear").Latent("z", Prior.StandardNormal q).Decoder(Decoder.Linear(Likelihood.Gaussian covariance)).Observe("x", d)

/// Data drawn from the model itself, so it has the model's support.
let dataFrom (model: ILatentModel) count (r: Random) = model.Generate(count, r).Data

/// The property of a fit, or a pass labelled as such when the fit stops because a mixture component collapsed onto too
/// few distinct points: a documented refusal, which tiny random data sets reach, and not a fit the law is about. A
/// property most of whose cases collapse would pass whatever its law, so the collapse that takes them past half of the
/// property's cases fails it (each case fits once).
let ofFit (fit: unit -> ProbLatent.Backends.FitResult) (law: ProbLatent.Backends.FitResult -> Property) =
    let outcomes = FitOutcomes.Current
    match (try Ok(fit ()) with :? ProbLatent.FitDivergedException as e when e.Message.Contains " collapsed: " -> Error e.Message) with
    | Ok result ->
        outcomes.Reached <- outcomes.Reached + 1
        law result
    | Error reason ->
        outcomes.Collapsed <- outcomes.Collapsed + 1
        if 2 * outcomes.Collapsed > outcomes.Cases then
            false
            |> Prop.label (
                sprintf "%d of the %d cases so far stopped at a collapsed component, more than half of the property's %d, so the law can be checked on at most %d fits: give the cases more points per component"
                    outcomes.Collapsed (outcomes.Reached + outcomes.Collapsed) outcomes.Cases (outcomes.Cases - outcomes.Collapsed))
        else true |> Prop.label reason |> Prop.classify true "collapsed"
