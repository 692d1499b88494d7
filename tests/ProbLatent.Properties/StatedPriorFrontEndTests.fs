/// A prior stated through the F# front end fits: VMP uses it as the same prior given through VmpSettings, and EM
/// climbs the MAP objective it adds.
module ProbLatent.Properties.StatedPriorFrontEndTests

open Xunit
open ProbLatent.FSharp

let mixture =
    Model.define "old-faithful"
    |> Model.latent "z" (Prior.categorical 2)
    |> Model.decoder (Decoder.perComponent (Likelihood.gaussian Covariance.Full))
    |> Model.observe "x" 2

let vmpSettings = { VmpSettings.Default with Seed = 1; Restarts = 1; MaxIterations = 50 }

[<Fact>]
let ``A prior stated with Model.prior gives VMP the fit of the same prior in VmpSettings`` () =
    let data = Dataset.oldFaithful ()
    let stated =
        mixture
        |> Model.prior "weights" (ParameterPrior.dirichlet 2.0)
        |> Model.prior "precisions" (ParameterPrior.wishartWith 100.0 0.01)
        |> Model.fit (Backend.vmp vmpSettings) data
    let given =
        mixture
        |> Model.fit (Backend.vmp { vmpSettings with Priors = { vmpSettings.Priors with WeightConcentration = 2.0; WishartShape = Some 100.0; WishartScale = Some 0.01 } }) data
    Assert.Equal<float list>(given.Trace, stated.Trace)
    Assert.Equal(given.Elbo, stated.Elbo)
    let plain = mixture |> Model.fit (Backend.vmp vmpSettings) data
    Assert.NotEqual<float list>(plain.Trace, stated.Trace)

[<Fact>]
let ``A prior stated with Model.prior makes EM a MAP fit whose objective never decreases`` () =
    let data = Dataset.oldFaithful ()
    let em = Backend.em { EmSettings.Default with Seed = 1; Restarts = 1 }
    let map = mixture |> Model.prior "weights" (ParameterPrior.dirichlet 50.0) |> Model.fit em data
    let ml = mixture |> Model.fit em data
    map.Trace |> List.pairwise |> List.iter (fun (a, b) -> Assert.True(b >= a - 1e-9, sprintf "the MAP objective fell from %g to %g" a b))
    // Dirichlet(50, 50) pulls the weights towards a half each, and log p(θ) = 49 Σ log πₖ enters the objective.
    let firstWeight (fit: FitSummary) = (fit.Parameters :?> ProbLatent.LatentModels.GaussianMixture).Weights[0]
    Assert.True(abs (firstWeight map - 0.5) < abs (firstWeight ml - 0.5))
    Assert.True(List.last map.Trace < List.last ml.Trace)
