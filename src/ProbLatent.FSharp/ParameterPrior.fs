namespace ProbLatent.FSharp

open ProbLatent

/// Priors on the model's parameters, stated in the model with `Model.prior "weights" (ParameterPrior.dirichlet 1.0)`;
/// in Infer.NET's parameterisations (a Gaussian by mean and precision, a Gamma by shape and rate).
[<RequireQualifiedAccess>]
module ParameterPrior =
    /// Mixing weights ~ Dirichlet(α, …, α).
    let dirichlet (concentration: float) : Modeling.ParameterPrior = Modeling.ParameterPrior.Dirichlet concentration

    /// Mixing weights ~ Dirichlet(α₁, …, α_K), one concentration per component.
    let dirichletOf (concentrations: float list) : Modeling.ParameterPrior = Modeling.ParameterPrior.Dirichlet(Array.ofList concentrations)

    /// Each probability ~ Beta(a, b).
    let beta a b : Modeling.ParameterPrior = Modeling.ParameterPrior.Beta(a, b)

    /// Each value ~ N(0, 1/precision).
    let gaussian (precision: float) : Modeling.ParameterPrior = Modeling.ParameterPrior.Gaussian(precision)

    /// Each vector ~ N(mean, (precision·I)⁻¹), one mean value per dimension.
    let gaussianAround (mean: float list) (precision: float) : Modeling.ParameterPrior =
        Modeling.ParameterPrior.Gaussian(Array.ofList mean, precision)

    /// A precision matrix ~ Wishart(d, I/d), so E[Λ] = I.
    let wishart: Modeling.ParameterPrior = Modeling.ParameterPrior.Wishart()

    /// A precision matrix ~ Wishart(shape, scale·I).
    let wishartWith (shape: float) (scale: float) : Modeling.ParameterPrior = Modeling.ParameterPrior.Wishart(shape, scale)

    /// Each scalar precision ~ Gamma(shape, rate).
    let gamma shape rate : Modeling.ParameterPrior = Modeling.ParameterPrior.Gamma(shape, rate)

    /// Automatic relevance determination on loadings, each latent dimension's precision ~ Gamma(shape, rate).
    let ard shape rate : Modeling.ParameterPrior = Modeling.ParameterPrior.Ard(shape, rate)
