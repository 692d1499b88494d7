/// The F# front end builds exactly the description the C# fluent API builds, for every family and size.
module ProbLatent.Properties.FrontEndProperties

open FsCheck.FSharp
open Xunit
open ProbLatent.FSharp
open ProbLatent.Properties.LatentModelGenerators

type CSharp = ProbLatent.Modeling.Model

[<Fact>]
let ``F# pipelines and the C# fluent API give equal model descriptions`` () =
    Prop.forAll (caseOf 1 10 1 6) (fun c ->
        let fsharp =
            [ Model.define "m" |> Model.latent "z" (Prior.categorical c.Latent) |> Model.decoder (Decoder.perComponent (Likelihood.gaussian Full)) |> Model.observe "x" c.Dimension
              Model.define "m" |> Model.latent "z" (Prior.categorical c.Latent) |> Model.decoder (Decoder.perComponent Likelihood.bernoulli) |> Model.observe "x" c.Dimension
              Model.define "m" |> Model.latent "z" (Prior.standardNormal c.Latent) |> Model.decoder (Decoder.linear (Likelihood.gaussian Isotropic)) |> Model.observe "x" c.Dimension
              Model.define "m" |> Model.latent "z" (Prior.bernoulli c.Latent) |> Model.decoder (Decoder.linear Likelihood.bernoulli) |> Model.observe "x" c.Dimension ]
        let csharp =
            [ CSharp.Define("m").Latent("z", ProbLatent.Modeling.Prior.Categorical c.Latent).Decoder(ProbLatent.Modeling.Decoder.PerComponent(ProbLatent.Modeling.Likelihood.Gaussian ProbLatent.Modeling.Covariance.Full)).Observe("x", c.Dimension)
              CSharp.Define("m").Latent("z", ProbLatent.Modeling.Prior.Categorical c.Latent).Decoder(ProbLatent.Modeling.Decoder.PerComponent(ProbLatent.Modeling.Likelihood.Bernoulli())).Observe("x", c.Dimension)
              CSharp.Define("m").Latent("z", ProbLatent.Modeling.Prior.StandardNormal c.Latent).Decoder(ProbLatent.Modeling.Decoder.Linear(ProbLatent.Modeling.Likelihood.Gaussian ProbLatent.Modeling.Covariance.Isotropic)).Observe("x", c.Dimension)
              CSharp.Define("m").Latent("z", ProbLatent.Modeling.Prior.Bernoulli c.Latent).Decoder(ProbLatent.Modeling.Decoder.Linear(ProbLatent.Modeling.Likelihood.Bernoulli())).Observe("x", c.Dimension) ]
        List.forall2 (fun (a: CSharp) b -> a = b && a.GetHashCode() = b.GetHashCode()) fsharp csharp)
    |> check

[<Fact>]
let ``Model.compare lists refusing backends with their reasons`` () =
    let data = ProbLatent.Data.Examples.OldFaithful()
    let results =
        Model.define "old-faithful"
        |> Model.latent "z" (Prior.categorical 2)
        |> Model.decoder (Decoder.perComponent (Likelihood.gaussian Full))
        |> Model.observe "x" 2
        |> Model.compare [ Backend.exact; Backend.em 3 1 ] data
    match results with
    | [ Error("exact", reason); Ok em ] ->
        Assert.Contains("no closed-form", reason)
        Assert.Equal(-1130.264, em.LogLikelihood, 3)
        Assert.True(em.Elbo <= em.LogLikelihood)
    | other -> failwithf "unexpected %A" other
