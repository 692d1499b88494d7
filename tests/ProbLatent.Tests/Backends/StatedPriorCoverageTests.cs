using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;
using Xunit.Abstractions;

namespace ProbLatent.Tests.Backends;

/// <summary>
/// Every parameter of every part the backends compile, under every kind of ParameterPrior: a prior that does not suit the
/// parameter is refused at definition naming it; one that does is, for VMP and for EM, either used (the fit moves) or
/// refused naming the parameter — never silently ignored.
/// </summary>
public class StatedPriorCoverageTests(ITestOutputHelper output)
{
    static Model Latents(string name) => Model.Define(name).Latent("c", Prior.Categorical(2));

    static readonly (string Name, Func<Model> Model, bool Binary)[] Parts =
    [
        ("gaussian mixture, full", () => Latents("gmm").Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 3), false),
        ("gaussian mixture, diagonal", () => Latents("gmm").Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Diagonal))).Observe("x", 3), false),
        ("bernoulli mixture", () => Latents("bmm").Decoder(Decoder.PerComponent(Likelihood.Bernoulli())).Observe("x", 3), true),
        ("ppca", () => Model.Define("ppca").Latent("z", Prior.StandardNormal(1)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic))).Observe("x", 3), false),
        ("factor analysis", () => Model.Define("fa").Latent("z", Prior.StandardNormal(1)).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal))).Observe("x", 3), false),
        ("mixture of factor analysers", () => Latents("mfa").Latent("h", Prior.StandardNormal(1)).Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)))).Observe("x", 3), false),
        ("mixture of ppca", () => Latents("mppca").Latent("h", Prior.StandardNormal(1)).Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic)))).Observe("x", 3), false),
        ("common factors, full", () => Latents("mcfa").Latent("z", Prior.StandardNormal(2).Given("c", Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full)))).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal))).Observe("x", 3), false),
        ("common factors, diagonal", () => Latents("mcfa").Latent("z", Prior.StandardNormal(2).Given("c", Decoder.PerComponent(Likelihood.Gaussian(Covariance.Diagonal)))).Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal))).Observe("x", 3), false),
        ("belief net", () => Model.Define("sbn").Latent("h", Prior.Bernoulli(2)).Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", 3), true),
    ];

    static IEnumerable<ParameterPrior> Kinds(ModelParameter p) =>
    [
        ParameterPrior.Dirichlet(2.5), ParameterPrior.Beta(2, 3), ParameterPrior.Gaussian(2, 0.5),
        ParameterPrior.Wishart(p.Size + 1, 0.5), ParameterPrior.Gamma(2, 0.5), ParameterPrior.Ard(2, 3),
    ];

    static DataMatrix Data(bool binary)
    {
        var random = new Random(4);
        var values = new double[40 * 3];
        for (int n = 0; n < 40; n++)
            for (int j = 0; j < 3; j++)
                values[n * 3 + j] = binary ? (random.NextDouble() < (n < 20 ? 0.2 : 0.7) ? 1 : 0) : (n < 20 ? -2 : 2) + j * (random.NextDouble() - 0.5) + random.NextDouble();
        return new DataMatrix(values, 40, 3);
    }

    static IBackend[] Backends() => [Inference.Vmp(restarts: 1, seed: 1, maxIterations: 15, tolerance: -1), Inference.Em(restarts: 1, seed: 1, maxIterations: 15, tolerance: -1)];

    /// <summary>The fit's numbers, or the refusal's message.</summary>
    static (IReadOnlyList<double>? Trace, string? Refusal) Run(Model model, IBackend backend, DataMatrix data)
    {
        try { return (model.Compile(backend).Fit(data).Trace, null); }
        catch (BackendNotSupportedException e) { return (null, e.Message); }
    }

    [Fact]
    public void Every_prior_on_every_parameter_of_every_part_is_used_or_refused_never_ignored()
    {
        int used = 0, refused = 0;
        foreach (var (name, define, binary) in Parts)
        {
            var data = Data(binary);
            // The fit without a stated prior, once per backend: every prior on every parameter is compared with it.
            var withoutPriors = Backends().Select(backend => Run(define(), backend, data)).ToArray();
            foreach (var parameter in define().Graph.Parameters)
                foreach (var prior in Kinds(parameter))
                {
                    if (parameter.Unsuitable(prior) is not null)
                    {
                        var ex = Assert.Throws<ModelDefinitionException>(() => define().Prior(parameter.FullName, prior).Graph);
                        Assert.Contains(parameter.FullName, ex.Message);
                        continue;
                    }
                    foreach (var (backend, (without, modelRefused)) in Backends().Zip(withoutPriors))
                    {
                        var (with, refusal) = Run(define().Prior(parameter.FullName, prior), backend, data);
                        string what = $"{name}, {backend.Name}, {prior} on '{parameter.FullName}'";
                        if (refusal is not null)
                        {
                            // A model the backend refuses whatever its priors is refused for its parts, not for the prior.
                            if (modelRefused is null) Assert.Contains(parameter.FullName, refusal);
                            refused++;
                            output.WriteLine($"{what}: refused — {refusal}");
                            continue;
                        }
                        Assert.True(without is not null, $"{what}: fitted with the prior, refused without it: {modelRefused}");
                        Assert.False(with!.SequenceEqual(without!), $"{what}: the fit is the same with and without the prior, which is ignored");
                        used++;
                        output.WriteLine($"{what}: used");
                    }
                }
        }
        output.WriteLine($"{used} used, {refused} refused");
        Assert.True(used > 20, $"only {used} priors used");
    }
}
