// Old Faithful as a two-component Gaussian mixture and Iris as probabilistic PCA, declared in F# (a computation
// expression and a pipeline) and fitted with exact inference, EM and VMP; each prints a small table.
// Run: dotnet run --project examples/FSharpMixture
open ProbLatent.FSharp

/// One row per fit: the backend's label, then its numbers, or the reason it refused the model.
let table title (rows: (string * Result<FitSummary, Refusal>) list) =
    printfn "%s" title
    printfn "  %-16s %11s %11s %11s %6s %10s %10s" "backend" "log p(x)" "ELBO" "gap" "iters" "converged" "time (ms)"
    for label, row in rows do
        match row with
        | Ok fit ->
            // Exact inference, EM and VMP report every one of these: Option.get never fails here.
            printfn "  %-16s %11.3f %11.3f %11.3g %6d %10s %10.1f" label (Option.get fit.LogLikelihood) (Option.get fit.Elbo) (Option.get fit.Gap)
                fit.Iterations (if fit.Converged then "yes" else "no") fit.Milliseconds
        | Error refusal -> printfn "  %-16s refused: %s" label refusal.Reason
    printfn ""

// ---- Old Faithful: a mixture has no closed-form fit, so exact inference evaluates what EM and VMP found ----------

let faithful = Dataset.oldFaithful ()

let mixture =
    model "old-faithful" {
        latent "z" (Prior.categorical 2)
        decoder (Decoder.perComponent (Likelihood.gaussian Full))
        observe "x" 2
    }

let em = mixture |> Model.fit (Backend.em { EmSettings.Default with Seed = 1 }) faithful
let vmp = mixture |> Model.fit (Backend.vmp { VmpSettings.Default with Seed = 1 }) faithful

let evaluated =
    mixture |> Model.compare [ Backend.exact; Backend.exactAt em.Parameters; Backend.exactAt vmp.Parameters ] faithful

table "Old Faithful, two Gaussians with full covariance (272 eruptions)"
    (List.zip [ "em"; "vmp"; "exact"; "exact at em's θ"; "exact at vmp's θ" ] ([ Ok em; Ok vmp ] @ evaluated))

// ---- Iris: probabilistic PCA has a closed form, so all three backends fit it ----------------------------------

let ppca =
    Model.define "iris-ppca"
    |> Model.latent "z" (Prior.standardNormal 2)
    |> Model.decoder (Decoder.linear (Likelihood.gaussian Isotropic))
    |> Model.observe "x" 4

let backends =
    [ "exact", Backend.exact
      "em", Backend.em { EmSettings.Default with Seed = 1 }
      "vmp", Backend.vmp { VmpSettings.Default with Seed = 1 } ]

table "Iris, probabilistic PCA with a 2-dimensional latent (150 flowers)"
    (List.zip (List.map fst backends) (ppca |> Model.compare (List.map snd backends) (Dataset.iris ())))
