using ProbLatent.Backends.Em;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends.Chain;

public class ChainEmissionSumsTests
{
    [Theory]
    [InlineData(Covariance.Full)]
    [InlineData(Covariance.Diagonal)]
    public void Baum_welchs_one_pass_gaussian_statistics_give_the_mixture_m_steps_parameters_to_rounding(Covariance covariance)
    {
        var truth = new HiddenMarkovModel([0.5, 0.5], [0.9, 0.1, 0.2, 0.8],
            new GaussianMixture([0.5, 0.5], [-2, 40, 2, 41], [1, 0.4, 0.4, 1, 2, -0.3, -0.3, 1], 2, Covariance.Full));
        var data = truth.GenerateSequences([1500, 333], new Random(5)).Data;
        var start = new GaussianMixture([0.5, 0.5], [-1, 40.5, 1, 40.5], covariance == Covariance.Full ? [2, 0, 0, 2, 2, 0, 0, 2] : [2, 2, 2, 2], 2, covariance);
        var hmm = new HiddenMarkovModel([0.5, 0.5], [0.9, 0.1, 0.2, 0.8], start);
        var q = hmm.Posterior(data);
        var em = (GaussianMixtureEm)new GaussianMixtureEm(2, covariance, 1e-6, MixturePriors.None).For(data.Steps);
        var byRows = (GaussianMixture)em.Maximize(start, data.Steps, q);
        var fused = (GaussianMixture)em.Update(start, HiddenMarkovEm.GaussianSums(start, data.Steps, q), data.Steps.ColumnNames, data.Steps.Rows, data.Steps);
        for (int k = 0; k < 2; k++)
        {
            Assert.Equal(byRows.Weights[k], fused.Weights[k], 1e-12);
            for (int j = 0; j < 2; j++) Assert.Equal(byRows.Mean(k)[j], fused.Mean(k)[j], 1e-10);
            var a = byRows.Covariance(k);
            var b = fused.Covariance(k);
            for (int i = 0; i < 2; i++)
                for (int j = 0; j < 2; j++) Assert.Equal(a[i, j], b[i, j], 1e-10);
        }
    }
}
