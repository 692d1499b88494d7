/// Saved models read back bit for bit: for random models of every family, the loaded model computes the same
/// log-likelihoods, posterior means and draws, to the last bit, as the one saved.
module ProbLatent.Properties.ModelFileProperties

open System
open System.IO
open FsCheck.FSharp
open Xunit
open ProbLatent.Files
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Properties.LatentModelGenerators
open ProbLatent.Verification.RandomModels

let bits (values: float[]) = values |> Array.map BitConverter.DoubleToInt64Bits

/// Saves, loads, and compares what the two models compute on data drawn from the model.
let roundTrip (make: Random -> Case -> ILatentModel) (c: Case) =
    let r = Random c.Seed
    let model = make r c
    let data = dataFrom model c.Count r
    let folder = Directory.CreateTempSubdirectory("problatent-properties-").FullName
    try
        let path = Path.Combine(folder, "model.plm")
        LatentModelFile.Save(model, path)
        let loaded = LatentModelFile.Load path
        let same (f: ILatentModel -> float[]) = bits (f model) = bits (f loaded)
        (loaded.GetType() = model.GetType()
         && same (fun m -> m.PointLogLikelihoods data)
         && same (fun m -> m.Posterior(data).Means())
         && same (fun m -> m.Generate(5, Random c.Seed).Data.Values.ToArray()))
        |> Prop.label (sprintf "%A round trip differs" model.Family)
    finally
        Directory.Delete(folder, true)

let roundTrips (maxDimension: int) (minLatent: int) (maxLatent: int) make =
    Prop.forAll (caseOf 20 maxDimension minLatent maxLatent) (roundTrip make)

[<CaseProperty>]
let ``Gaussian mixtures, full and diagonal, load back bit for bit`` () =
    roundTrips 4 1 4 (fun r c -> gaussianMixture r c.Latent c.Dimension (if r.Next 2 = 0 then Covariance.Full else Covariance.Diagonal))

[<CaseProperty>]
let ``Bernoulli mixtures load back bit for bit`` () = roundTrips 6 1 4 (fun r c -> bernoulliMixture r c.Latent c.Dimension)

[<CaseProperty>]
let ``PPCA and factor analysis load back bit for bit`` () =
    roundTrips 5 1 3 (fun r c -> linearGaussian r (c.Dimension + c.Latent) c.Latent (r.Next 2 = 0))

[<CaseProperty>]
let ``Boolean latent models load back bit for bit`` () = roundTrips 6 1 4 (fun r c -> booleanLatent r c.Latent c.Dimension)
