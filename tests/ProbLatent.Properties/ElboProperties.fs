/// The bounds every latent-variable model must satisfy, for random models, data and q:
///   ELBO(q) ≤ log p(x);  log p(x) − ELBO(q) = KL(q ‖ p(z|x));  ELBO(p(z|x)) = log p(x).
/// They hold because log p(x) = ELBO(q) + KL(q ‖ p(z|x)) for every q, and KL ≥ 0 with equality only at q = p(z|x).
module ProbLatent.Properties.ElboProperties

open System
open FsCheck.FSharp
open Xunit
open ProbLatent.Data
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Properties.LatentModelGenerators
open ProbLatent.Verification
open ProbLatent.Verification.RandomModels

/// The three identities for one model, data set and q, by the verification kit's laws; the label says which
/// failed and by how much.
let bounds (model: ILatentModel) (data: DataMatrix) (q: IPosterior) =
    Verdict
        .All(
            [ Laws.elboBelowLogLikelihood 1e-9 model data q
              Laws.gapEqualsKl 1e-8 model data q
              Laws.elboEqualsLogLikelihoodAtExactPosterior 1e-8 model data ]
        )
        .ToProperty()

let gaussianMixtureBounds covariance =
    Prop.forAll (caseOf 30 4 1 4) (fun c ->
        let r = Random c.Seed
        let model = gaussianMixture r c.Latent c.Dimension covariance
        let data = dataFrom model c.Count r
        bounds model data (RandomPosteriors.discrete r c.Count c.Latent))

[<CaseProperty>]
let ``Gaussian mixture with full covariance: ELBO bounds`` () = gaussianMixtureBounds Covariance.Full

[<CaseProperty>]
let ``Gaussian mixture with diagonal covariance: ELBO bounds`` () = gaussianMixtureBounds Covariance.Diagonal

[<CaseProperty>]
let ``Bernoulli mixture: ELBO bounds`` () =
    Prop.forAll (caseOf 30 10 1 4) (fun c ->
        let r = Random c.Seed
        let model = bernoulliMixture r c.Latent c.Dimension
        let data = dataFrom model c.Count r
        bounds model data (RandomPosteriors.discrete r c.Count c.Latent))

let linearGaussianBounds isotropic =
    Prop.forAll (caseOf 30 5 1 4) (fun c ->
        let r = Random c.Seed
        let d = c.Dimension + 1
        let q = min c.Latent (d - 1)
        let model = linearGaussian r d q isotropic
        let data = dataFrom model c.Count r
        bounds model data (RandomPosteriors.gaussian r c.Count q (r.NextDouble() < 0.5)))

[<CaseProperty>]
let ``Probabilistic PCA: ELBO bounds`` () = linearGaussianBounds true

[<CaseProperty>]
let ``Factor analysis: ELBO bounds`` () = linearGaussianBounds false

[<CaseProperty>]
let ``Boolean latents with an arbitrary q over all states: ELBO bounds`` () =
    Prop.forAll (caseOf 20 6 1 5) (fun c ->
        let r = Random c.Seed
        let model = booleanLatent r c.Latent c.Dimension
        let data = dataFrom model c.Count r
        bounds model data (BooleanPosterior(RandomPosteriors.discreteTable r c.Count (1 <<< c.Latent), c.Count, c.Latent)))

[<CaseProperty>]
let ``Boolean latents with a mean-field q: ELBO bounds`` () =
    Prop.forAll (caseOf 20 6 1 5) (fun c ->
        let r = Random c.Seed
        let model = booleanLatent r c.Latent c.Dimension
        let data = dataFrom model c.Count r
        let marginals = Array.init (c.Count * c.Latent) (fun _ -> uniform r 0.01 0.99)
        bounds model data (BooleanPosterior.FromFactorized(marginals, c.Count, c.Latent)))

/// The exact posterior's means are E[z | x]: for boolean latents, the marginal q(zᵢ = 1) must agree with
/// summing the joint over states by hand.
[<CaseProperty>]
let ``Boolean posterior marginals are the sums of the joint over states`` () =
    Prop.forAll (caseOf 10 4 1 4) (fun c ->
        let r = Random c.Seed
        let model = booleanLatent r c.Latent c.Dimension
        let data = dataFrom model c.Count r
        let posterior = model.Posterior(data) :?> BooleanPosterior
        let means = posterior.Means()
        let states = 1 <<< c.Latent
        let probabilities = posterior.Probabilities.ToArray()
        seq {
            for n in 0 .. c.Count - 1 do
                for i in 0 .. c.Latent - 1 ->
                    let byHand = Seq.sum (seq { for s in 0 .. states - 1 do if (s >>> i) &&& 1 = 1 then yield probabilities[n * states + s] })
                    Tolerance.close 1e-12 byHand means[n * c.Latent + i]
        }
        |> Seq.forall id)
