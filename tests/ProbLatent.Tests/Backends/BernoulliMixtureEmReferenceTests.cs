using ProbLatent.Backends.Em;
using ProbLatent.Cli.Commands;
using ProbLatent.LatentModels;

namespace ProbLatent.Tests.Backends;

/// <summary>
/// EM for a mixture of Bernoullis, whose E and M steps are products over the data's ones, against
/// <see cref="ReferenceBernoulliEm"/>, the code it ran before (a dot product of every row with every component's log-odds,
/// a multiply-add of every row into every component's sum): from the same start, the same parameters within rounding.
/// </summary>
public class BernoulliMixtureEmReferenceTests
{
    [Fact]
    public void Ten_iterations_reach_the_reference_parameters_within_rounding()
    {
        var random = new Random(5);
        const int dimension = 60, truthComponents = 4, components = 37;
        var truth = new BernoulliMixture(Enumerable.Repeat(1.0 / truthComponents, truthComponents).ToArray(),
            Enumerable.Range(0, truthComponents * dimension).Select(_ => random.NextDouble() < 0.2 ? 0.7 : 0.05).ToArray(), dimension);
        var data = truth.Generate(1500, random).Data;
        var em = new BernoulliMixtureEm(components, 1e-6, MixturePriors.None);
        var start = (BernoulliMixture)em.Initialize(data, new Random(1));

        ILatentModel model = start;
        double firstLogLikelihood = double.NaN;
        for (int i = 0; i < 10; i++)
        {
            var (posterior, logLikelihood) = em.Expect(model, data);
            if (i == 0) firstLogLikelihood = logLikelihood;
            model = em.Maximize(model, data, posterior);
        }
        var reference = ReferenceBernoulliEm.Iterate(start, data, 10, CancellationToken.None, out double referenceLogLikelihood);

        Assert.Equal(referenceLogLikelihood, firstLogLikelihood, Math.Abs(referenceLogLikelihood) * 1e-13);
        var fitted = (BernoulliMixture)model;
        for (int k = 0; k < components; k++)
        {
            Assert.Equal(reference.Weights[k], fitted.Weights[k], 1e-9 * reference.Weights[k]);
            var expected = reference.Probabilities(k);
            var actual = fitted.Probabilities(k);
            for (int j = 0; j < dimension; j++)
                Assert.True(Math.Abs(actual[j] - expected[j]) <= 1e-9 * expected[j], $"component {k}, pixel {j}: {actual[j]:R} against {expected[j]:R}");
        }
    }
}
