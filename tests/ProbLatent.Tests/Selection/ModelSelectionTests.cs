using ProbLatent.Backends.Vmp;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Selection;

namespace ProbLatent.Tests.Selection;

public class ModelSelectionTests
{
    static Model Mixture(int k) => Model.Define("old-faithful").Latent("z", Prior.Categorical(k))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 2);

    static Model Ppca(int q) => Model.Define("iris").Latent("z", Prior.StandardNormal(q))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Isotropic))).Observe("x", 4);

    [Fact]
    public void TheCriteriaAreTwiceAPenalisedLogLikelihood()
    {
        Assert.Equal(2 * -100.0 - 5 * Math.Log(50), InformationCriteria.Bic(-100, 5, 50), 12);
        Assert.Equal(2 * -100.0 - 2 * 5, InformationCriteria.Aic(-100, 5), 12);
        // Two points, one certain, one split 0.7/0.3: the classification's log-likelihood is log 1 + log 0.7.
        var z = new DiscretePosterior([1.0, 0.0, 0.3, 0.7], 2, 2);
        Assert.Equal(Math.Log(0.7), InformationCriteria.ClassificationLogLikelihood(z), 12);
        Assert.Equal(-10 + 2 * Math.Log(0.7), InformationCriteria.Icl(-10, z), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => InformationCriteria.Bic(-1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => InformationCriteria.Aic(-1, -1));
    }

    [Fact]
    public void EachCandidateIsScoredFromItsFitAndTheBestIsTheLargest()
    {
        var data = Examples.OldFaithful();
        var result = new ModelSelection(Mixture, Inference.Em(restarts: 2, seed: 1)).Fit(data, [1, 2]);
        Assert.Equal([1, 2], result.Candidates.Select(c => c.Size));
        Assert.Equal(272, result.DataCount);
        foreach (var c in result.Candidates)
        {
            Assert.Equal(2 * c.Fit.LogLikelihood - c.ParameterCount * Math.Log(272), c.Bic, 9);
            Assert.Equal(2 * c.Fit.LogLikelihood - 2 * c.ParameterCount, c.Aic, 9);
            Assert.True(c.Icl <= c.Bic);
            Assert.Null(c.Elbo);
        }
        // One component classifies every point with certainty.
        Assert.Equal(result.Candidates[0].Bic, result.Candidates[0].Icl);
        Assert.Equal(2, result.Best(Criterion.Bic)!.Size);
        Assert.Null(result.Best(Criterion.Elbo));
        Assert.Equal([Criterion.Bic, Criterion.Aic, Criterion.Icl], result.Criteria);
    }

    [Fact]
    public void VmpAddsItsElboAndALatentVectorHasNoIcl()
    {
        // Infer.NET's unit priors, given: under the data-scaled defaults VMP keeps all three components here.
        var unitPriors = new VmpPriors { MeanPrecision = 0.01, WishartShape = 2, WishartScale = 0.5 };
        var vmp = new ModelSelection(Mixture, Inference.Vmp(restarts: 1, seed: 1, priors: unitPriors)).Fit(Examples.OldFaithful(), [1, 2, 3]);
        Assert.All(vmp.Candidates, c => Assert.Equal(c.Fit.Elbo.Value, c.Elbo));
        Assert.Equal([0, 0, 1], vmp.Candidates.Select(c => c.EmptyComponents));
        Assert.Contains(Criterion.Elbo, vmp.Criteria);
        var ppca = new ModelSelection(Ppca, Inference.Exact()).Fit(Examples.Iris(), [1, 2, 3]);
        Assert.All(ppca.Candidates, c => Assert.Null(c.Icl));
        Assert.Equal([Criterion.Bic, Criterion.Aic], ppca.Criteria);
        Assert.Null(ppca.Best(Criterion.Icl));
        // PPCA's d·q − q(q−1)/2 + d + 1 parameters on iris's 4 columns.
        Assert.Equal([9, 12, 14], ppca.Candidates.Select(c => c.ParameterCount));
    }

    [Fact]
    public void AMixtureOfFactorAnalysersIsScoredByItsComponentsResponsibilities()
    {
        static Model Mfa(int k) => Model.Define("mfa").Latent("c", Prior.Categorical(k)).Latent("h", Prior.StandardNormal(1))
            .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)))).Observe("x", 2);
        var data = Examples.OldFaithful();
        var result = new ModelSelection(Mfa, Inference.Em(restarts: 1, seed: 1)).Fit(data, [1, 2]);
        var mixture = (DiscreteLatentModel)result.Candidates[1].Fit.Parameters;
        var z = new DiscretePosterior(mixture.PosteriorProbabilities(data, out _), 272, 2);
        Assert.Equal(result.Candidates[1].Bic + 2 * InformationCriteria.ClassificationLogLikelihood(z), result.Candidates[1].Icl!.Value, 9);
        Assert.Equal(result.Candidates[0].Bic, result.Candidates[0].Icl);
        Assert.All(result.Candidates, c => Assert.Equal(0, c.EmptyComponents));
    }

    [Fact]
    public void ATieGoesToTheCandidateFittedFirst()
    {
        var fit = new ModelSelection(Mixture, Inference.Em(restarts: 1, seed: 1)).Fit(Examples.OldFaithful(), [2]).Candidates[0];
        var result = new SelectionResult { Candidates = [fit with { Size = 3 }, fit], DataCount = 272 };
        Assert.Equal(3, result.Best(Criterion.Bic)!.Size);
    }

    [Fact]
    public void CancellationLeavesTheUnfinishedFitOutAndSaysWhichSizesDidNotRun()
    {
        using var cancellation = new CancellationTokenSource();
        var selection = new ModelSelection(Mixture, Inference.Em(restarts: 1, seed: 1));
        // Cancelled in the second size's fit, at its first report, long before it converges.
        var result = selection.Fit(Examples.OldFaithful(), [1, 2, 3, 4],
            new ProbLatent.Backends.SynchronousProgress<SelectionProgress>(p => { if (p.Size == 2) cancellation.Cancel(); }), cancellation.Token);
        Assert.Equal([1], result.Candidates.Select(c => c.Size));
        Assert.Equal(2, result.Interrupted);
        Assert.Equal([3, 4], result.NotRun);
    }

    [Fact]
    public void SizesMustBeGivenOnceAndAtLeastOne()
    {
        var selection = new ModelSelection(Mixture, Inference.Em(restarts: 1));
        var data = Examples.OldFaithful();
        Assert.Contains("at least one size", Assert.Throws<ArgumentException>(() => selection.Fit(data, [])).Message);
        Assert.Contains("size 0: a model needs at least 1 component or latent dimension", Assert.Throws<ArgumentException>(() => selection.Fit(data, [0, 1])).Message);
        Assert.Contains("size 2 is given twice", Assert.Throws<ArgumentException>(() => selection.Fit(data, [2, 1, 2])).Message);
    }

    [Fact]
    public void AModelTheBackendRefusesOrDataItCannotTakeIsAnErrorNotAFailedSize()
    {
        var data = Examples.OldFaithful();
        Assert.Throws<BackendNotSupportedException>(() => new ModelSelection(Mixture, Inference.Exact()).Fit(data, [1, 2]));
        Assert.Throws<DataException>(() => new ModelSelection(Mixture, Inference.Em(restarts: 1)).Fit(Examples.Iris(), [1]));
        var fit = new ModelSelection(Mixture, Inference.Em(restarts: 1)).Fit(data, [1]).Candidates[0].Fit;
        Assert.Contains("score a fit with the data it was fitted to", Assert.Throws<ArgumentException>(() => ModelSelection.Score(1, fit, Examples.Iris())).Message);
    }
}
