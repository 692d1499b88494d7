/// Identities that pin down VMP's ELBO for the Bayesian Gaussian mixture, over random models, data and priors.
///
/// 1. Collapse q(π), q(μ), q(Λ) onto point masses at θ: the terms of the VMP ELBO that involve z and x —
///    E[log p(x | z, μ, Λ)] + E[log p(z | π)] + H[q(z)] — are then exactly EM's ELBO of the same q(z) at θ.
///    This checks the gate factor's and the discrete factor's average logs and the plate's entropy.
/// 2. For any factorised q(z)q(θ), ELBO = E_q(θ)[ELBO_θ(q(z))] − KL(q(θ) ‖ p(θ)), where ELBO_θ(q(z)) is the ELBO of q(z)
///    for fixed parameters θ: the terms in θ split off by linearity of expectation. We estimate E_q(θ) by sampling θ
///    from the fitted q(θ) and check the identity within five standard errors. Since ELBO_θ(q(z)) ≤ log p(x | θ) for
///    every θ, it follows that ELBO ≤ E_q(θ)[log p(x | θ)] − KL(q(θ) ‖ p(θ)), which is checked too.
module ProbLatent.Properties.VmpProperties

open System
open FsCheck.FSharp
open Xunit
open ProbLatent
open ProbLatent.Backends.Vmp
open ProbLatent.Backends.Vmp.Factors
open ProbLatent.Backends.Vmp.Nodes
open ProbLatent.Distributions
open ProbLatent.LatentModels
open ProbLatent.Modeling
open ProbLatent.Properties.LatentModelGenerators
open ProbLatent.Verification
open ProbLatent.Verification.RandomModels

let mixtureModel k d =
    Model.Define("bayesian mixture").Latent("z", Prior.Categorical k).Decoder(Decoder.PerComponent(Likelihood.Gaussian Covariance.Full)).Observe("x", d)

[<CaseProperty>]
let ``VMP ELBO terms with parameters collapsed to point masses equal EM's ELBO of the same q`` () =
    Prop.forAll (caseOf 40 3 1 4) (fun c ->
        let r = Random c.Seed
        let k, d = c.Latent, c.Dimension
        let mixture = gaussianMixture r k d Covariance.Full
        let data = dataFrom mixture c.Count r
        let q = RandomPosteriors.discreteTable r c.Count k
        let graph = FactorGraph()
        let weights = graph.Add(DirichletNode("weights", k))
        let means = graph.Add(VectorGaussianArrayNode("means", k, d))
        let precisions = graph.Add(WishartArrayNode("precisions", k, d))
        let z = graph.Add(DiscretePlateNode("z", Backends.Vmp.Passes.SourcePlateRows(Data.DataSource.InMemory data), k))
        let discrete = graph.Connect(DiscreteFromDirichletFactor("z ~ Discrete(weights)", weights), z, weights)
        let gate = graph.Connect(GaussianMixtureGateFactor("x ~ N", means, precisions), z, means, precisions)
        weights.SetPointMass(mixture.Weights)
        means.SetPointMass(ReadOnlySpan(Array.concat [ for i in 0 .. k - 1 -> mixture.Mean i ]))
        precisions.SetPointMass(ReadOnlySpan(Array.concat [ for i in 0 .. k - 1 -> mixture.Covariance(i).Inverse().ToRowMajorArray() ]))
        z.Initialize(q)
        let vmp = gate.AverageLog() + discrete.AverageLog() + z.Entropy()
        let em = mixture.Elbo(data, DiscretePosterior(q, c.Count, k))
        Tolerance.close 1e-9 vmp em.Value
        |> Prop.label (sprintf "VMP z-and-x terms %.12g, EM ELBO %.12g" vmp em.Value))

/// Random proper priors on the scale of the generated data.
let randomPriors (r: Random) d =
    VmpPriors(
        WeightConcentration = uniform r 0.5 3.0,
        MeanPrecision = Nullable(uniform r 0.01 1.0),
        WishartShape = Nullable(float d + uniform r 0.0 5.0),
        WishartScale = Nullable(uniform r 0.05 0.5))

[<CaseProperty>]
let ``VMP ELBO = E_q(θ)[ELBO_θ(q(z))] − KL(q(θ) ‖ p(θ)), and so is below E_q(θ)[log p(x|θ)] − KL`` () =
    Prop.forAll (caseOf 30 2 1 3) (fun c ->
        let r = Random c.Seed
        let k, d = c.Latent, c.Dimension
        let data = dataFrom (gaussianMixture r k d Covariance.Full) (c.Count + 3) r
        let priors = randomPriors r d
        ofFit (fun () -> (mixtureModel k d).Compile(Inference.Vmp(restarts = 1, seed = c.Seed, maxIterations = 5, tolerance = -1.0, priors = priors)).Fit(data)) (fun fit ->
            let posterior = match fit.ParameterPosterior with | :? GaussianMixturePosterior as p -> p | other -> failwithf "expected a Gaussian mixture posterior, got %O" other
            let qz = fit.LatentPosterior
            let prior =
                let scale = MathNet.Numerics.LinearAlgebra.Matrix<float>.Build.DenseIdentity(d) * priors.WishartScale.Value
                let meanPrecision = MathNet.Numerics.LinearAlgebra.Matrix<float>.Build.DenseIdentity(d) / priors.MeanPrecision.Value
                {| Weights = Dirichlet.Symmetric(k, priors.WeightConcentration)
                   Mean = MultivariateGaussian(Array.zeroCreate d, meanPrecision)
                   Precision = Wishart.FromShapeAndScale(priors.WishartShape.Value, scale) |}
            let kl =
                KullbackLeibler.Divergence(posterior.Weights, prior.Weights)
                + Seq.sum [ for m in posterior.Means -> KullbackLeibler.Divergence(m, prior.Mean) ]
                + Seq.sum [ for w in posterior.Precisions -> KullbackLeibler.Divergence(w, prior.Precision) ]
            let sampler = Random(c.Seed + 1)
            let draws =
                [| for _ in 1..400 ->
                     let weights = posterior.Weights.Sample sampler
                     let means = Array.concat [ for m in posterior.Means -> m.Sample sampler ]
                     let covariances = Array.concat [ for w in posterior.Precisions -> (w.Sample sampler).Inverse().ToRowMajorArray() ]
                     let theta = GaussianMixture(weights, means, covariances, d, Covariance.Full)
                     theta.Elbo(data, qz).Value, Array.sum (theta.PointLogLikelihoods data) |]
            let meanAndError (xs: float[]) =
                let m = Array.average xs
                m, sqrt (Array.sumBy (fun x -> (x - m) ** 2.0) xs / float (xs.Length - 1) / float xs.Length)
            let elboTheta, elboError = draws |> Array.map fst |> meanAndError
            let logLik, logLikError = draws |> Array.map snd |> meanAndError
            let identity = abs (fit.Elbo.Value - (elboTheta - kl)) <= 5.0 * elboError + 1e-6 * abs fit.Elbo.Value
            let bound = fit.Elbo.Value <= logLik - kl + 5.0 * logLikError + 1e-9 * abs fit.Elbo.Value
            (identity && bound)
            |> Prop.label (sprintf "ELBO %.8g; E[ELBO_θ] − KL = %.8g ± %.2g; E[log p(x|θ)] − KL = %.8g ± %.2g; KL = %.6g"
                               fit.Elbo.Value (elboTheta - kl) elboError (logLik - kl) logLikError kl)))

[<CaseProperty>]
let ``VMP never decreases the ELBO of a Bayesian Gaussian mixture`` () =
    Prop.forAll (caseOf 50 3 1 3) (fun c ->
        let r = Random c.Seed
        let k, d = c.Latent, c.Dimension
        let data = dataFrom (gaussianMixture r k d Covariance.Full) (c.Count + 3) r
        let priors = randomPriors r d
        ofFit (fun () -> (mixtureModel k d).Compile(Inference.Vmp(restarts = 1, seed = c.Seed, maxIterations = 30, tolerance = -1.0, priors = priors)).Fit(data)) (fun fit ->
            (Laws.nonDecreasing 1e-9 fit.Trace).Holds
            |> Prop.label (sprintf "trace %A" (Seq.toList fit.Trace))))
