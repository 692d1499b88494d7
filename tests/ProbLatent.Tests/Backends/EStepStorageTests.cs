using ProbLatent.Backends.Em;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends;

/// <summary>
/// EM's E step writes a mixture's responsibilities into the table of the last-but-one posterior: whatever that table held,
/// the new posterior and log p(x) are those of an E step into fresh memory, bit for bit, with and without missing cells.
/// </summary>
public class EStepStorageTests
{
    public static TheoryData<string> Families => ["full", "diagonal", "bernoulli", "full, missing cells", "bernoulli, missing cells"];

    [Theory]
    [MemberData(nameof(Families))]
    public void An_e_step_into_a_spent_table_equals_one_into_fresh_memory(string family)
    {
        var (em, data) = Case(family);
        var model = em.Maximize(null, data, ((MixtureEm)em).StartAssignments(data, new Random(2)));
        var (fresh, freshLogLikelihood) = em.Expect(model, data);

        var spent = (DiscretePosterior)em.Expect(em.Initialize(data, new Random(7)), data).Posterior;
        spent.Storage.AsSpan().Fill(double.NaN);
        var (reused, reusedLogLikelihood) = em.Expect(model, data, spent);

        Assert.Same(spent.Storage, ((DiscretePosterior)reused).Storage);
        Assert.Equal(freshLogLikelihood, reusedLogLikelihood);
        Assert.True(((DiscretePosterior)fresh).Probabilities.SequenceEqual(((DiscretePosterior)reused).Probabilities));
    }

    static (EmAlgorithm Em, DataMatrix Data) Case(string family)
    {
        bool missing = family.EndsWith("missing cells");
        if (family.StartsWith("bernoulli"))
        {
            var random = new Random(5);
            var truth = new BernoulliMixture([0.5, 0.5], Enumerable.Range(0, 2 * 30).Select(_ => random.NextDouble() < 0.3 ? 0.8 : 0.1).ToArray(), 30);
            var bits = truth.Generate(1300, random).Data;
            return (new BernoulliMixtureEm(6, 1e-6, MixturePriors.None), missing ? MissingValueTests.Removed(bits, 0.1, seed: 3) : bits);
        }
        var data = missing ? MissingValueTests.Removed(Examples.OldFaithful(), 0.2, seed: 3) : Examples.OldFaithful();
        var covariance = family.StartsWith("diagonal") ? Covariance.Diagonal : Covariance.Full;
        return (new GaussianMixtureEm(3, covariance, 1e-6, MixturePriors.None).For(data), data);
    }
}
