using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// EM for a mixture of factor analysers or of probabilistic PCA (Ghahramani and Hinton 1996; Tipping and Bishop 1999).
/// E: the exact p(c, h | x). M: for each component, the joint update of W̃ₖ = [Wₖ μₖ] with z̃ = [h; 1],
/// W̃ₖ = (Σₙ rₙₖ xₙ E[z̃]ᵀ)(Σₙ rₙₖ E[z̃ z̃ᵀ])⁻¹, then Ψₖ = diag(Σₙ rₙₖ xₙxₙᵀ − W̃ₖ Σₙ rₙₖ E[z̃] xₙᵀ + Λ)/Nₖ (its
/// mean over dimensions for σₖ²): the MAP step under p(Ψₖ) ∝ exp(−½ tr ΛΨₖ⁻¹), as the Gaussian mixture's, with the same
/// ridge Λ = diag(r·sⱼ²) relative to each column's variance, so the objective log p(x) + log p(θ) never decreases and
/// the fit does not depend on the data's units. Starts from k-means++ clusters (distances in units of each column's
/// spread) with small random loadings, each row in units of its cluster's spread in that column. With missing cells the
/// statistics are expectations under p(h, x_m | x_o, k) (<see cref="FactorMixtureStatistics.OfMissing"/>), and the start
/// reads each missing cell at its column's observed mean.
/// </summary>
/// <remarks>
/// <paramref name="accelerated"/> makes each M step a <see cref="Squarem"/> step over the EM steps, in θ = (log πₖ, μₖ and
/// Wₖ row by row in units of each column's spread, log Ψₖ), each never below two EM steps' objective. Unlike PPCA's steps,
/// which read the sample covariance alone, each of these reads the rows: an accelerated iteration makes four passes over
/// the data (the E steps of F(θ), F(F(θ)), the extrapolated point and its image, whose posterior the next iteration reuses)
/// where EM makes one, and takes the fit where EM's thousands of iterations crawl along the likelihood's ridges.
/// </remarks>
internal sealed class FactorAnalyserMixtureEm(int components, int latentDimension, bool isotropic, double regularization, double[]? variances = null,
    bool accelerated = false)
    : MixtureEm(components, MixturePriors.None)
{
    /// <summary>The last E step taken, kept so the run's E step of the model an accelerated M step returns is not taken twice.</summary>
    sealed record Expectation(ILatentModel Model, IPosterior Posterior, double LogLikelihood);

    Expectation? _last;

    /// <summary>A component with fewer responsibility-weighted points than this keeps its parameters: its statistics are singular.</summary>
    const double EmptyComponent = 1e-10;

    /// <summary>The ridge λⱼ = r·sⱼ²; empty until <see cref="For"/> binds the data's variances.</summary>
    readonly double[] _ridge = variances?.Select(v => regularization * v).ToArray() ?? [];

    /// <summary>A copy that holds each column's variance sⱼ² of <paramref name="data"/>, which sets the ridge and the start's units.</summary>
    public override EmAlgorithm For(DataMatrix data) =>
        new FactorAnalyserMixtureEm(Components, latentDimension, isotropic, regularization, SampleMoments.ColumnScales(data), accelerated);

    double[] Variances => variances ?? throw new InvalidOperationException("EM's factor-analyser-mixture steps need the data's column variances: call For(data) first");

    public override bool MarginalisesMissing => true;

    public override ILatentModel Initialize(DataMatrix data, Random random)
    {
        if (data.HasMissing) data = MeanFilled(data);
        var overall = Variances;
        KMeansPlusPlus.Centers(data, Components, random, out var assignments, columnWeights: KMeansPlusPlus.InUnitsOf(overall));
        int q = latentDimension;
        var counts = new double[Components];
        foreach (var a in assignments) counts[a]++;
        var weights = counts.Select(c => c / data.Rows).ToArray();
        var parts = new LinearGaussianModel[Components];
        for (int c = 0; c < Components; c++)
        {
            var members = Enumerable.Range(0, data.Rows).Where(n => assignments[n] == c).ToArray();
            // k-means can leave a cluster empty: it starts from the whole data's moments.
            var (mean, spread) = SampleMoments.ColumnMoments(members.Length == 0 ? data : data.SelectRows(members));
            // A cluster of one point, or flat in a dimension, starts with a fraction of the data's variance there.
            var variances = spread.Select((v, j) => Math.Max(v, 0.01 * overall[j])).ToArray();
            parts[c] = LinearGaussianEm.Start(mean, variances, q, isotropic, random);
        }
        return new MixtureOfFactorAnalysers(weights, parts);
    }

    public override (IPosterior Posterior, double LogLikelihood) Expect(ILatentModel model, DataMatrix data)
    {
        // A restart's steps alternate on one thread; the record is immutable, so a restart running beside it can only miss.
        if (_last is { } last && ReferenceEquals(last.Model, model)) return (last.Posterior, last.LogLikelihood);
        var posterior = ((MixtureOfFactorAnalysers)model).ExactPosterior(data, out double logLikelihood);
        if (accelerated) _last = new Expectation(model, posterior, logLikelihood);
        return (posterior, logLikelihood);
    }

    public override ILatentModel Maximize(ILatentModel? current, DataMatrix data, IPosterior posterior)
    {
        if (!accelerated) return Step((MixtureOfFactorAnalysers)current!, data, posterior);
        var start = (MixtureOfFactorAnalysers)current!;
        return Squarem.Step(start,
            model => Step(model, data, ReferenceEquals(model, start) ? posterior : Expect(model, data).Posterior),
            model => Expect(model, data).LogLikelihood + LogPrior(model),
            Coordinates, FromCoordinates);
    }

    /// <summary>θ = (log πₖ, μₖ and Wₖ in units of each column's spread, log Ψₖ), component by component (see the remarks).</summary>
    double[] Coordinates(MixtureOfFactorAnalysers model)
    {
        int d = Variances.Length, q = latentDimension, per = 1 + d + d * q + d;
        var theta = new double[Components * per];
        for (int c = 0; c < Components; c++)
        {
            var part = model.Component(c);
            var loadings = part.LoadingsFlat;
            int at = c * per;
            theta[at] = Math.Log(Math.Max(model.Weights[c], 1e-300));
            for (int j = 0; j < d; j++)
            {
                double spread = Spread(j);
                theta[at + 1 + j] = part.Mean[j] / spread;
                for (int i = 0; i < q; i++) theta[at + 1 + d + j * q + i] = loadings[j * q + i] / spread;
                theta[at + 1 + d + d * q + j] = Math.Log(part.NoiseVariances[j]);
            }
        }
        return theta;
    }

    MixtureOfFactorAnalysers FromCoordinates(double[] theta)
    {
        int d = Variances.Length, q = latentDimension, per = 1 + d + d * q + d;
        double top = Enumerable.Range(0, Components).Max(c => theta[c * per]);
        var weights = Enumerable.Range(0, Components).Select(c => Math.Exp(theta[c * per] - top)).ToArray();
        double total = weights.Sum();
        for (int c = 0; c < Components; c++) weights[c] /= total;
        var parts = new LinearGaussianModel[Components];
        for (int c = 0; c < Components; c++)
        {
            int at = c * per;
            var mean = new double[d];
            var loadings = new double[d * q];
            var noise = new double[d];
            for (int j = 0; j < d; j++)
            {
                double spread = Spread(j);
                mean[j] = theta[at + 1 + j] * spread;
                for (int i = 0; i < q; i++) loadings[j * q + i] = theta[at + 1 + d + j * q + i] * spread;
                noise[j] = Math.Exp(theta[at + 1 + d + d * q + j]);
            }
            parts[c] = new LinearGaussianModel(loadings, mean, noise, q, isotropic);
        }
        return new MixtureOfFactorAnalysers(weights, parts);
    }

    double Spread(int column) => Math.Sqrt(Math.Max(Variances[column], 1e-300));

    /// <summary>One EM step: the M step from the posterior of <paramref name="model"/>.</summary>
    MixtureOfFactorAnalysers Step(MixtureOfFactorAnalysers model, DataMatrix data, IPosterior posterior)
    {
        var q = (FactorMixturePosterior)posterior;
        var (_, weights) = CountsAndWeights(q.Responsibilities);
        var statistics = data.HasMissing
            ? FactorMixtureStatistics.OfMissing(data, q, Components, latentDimension, model.Component)
            : FactorMixtureStatistics.Of(data, q, Components, latentDimension);
        var parts = new LinearGaussianModel[Components];
        for (int c = 0; c < Components; c++)
            parts[c] = statistics.Count(c) < EmptyComponent ? model.Component(c) : Update(statistics, c, q.Component(c).Covariance(0));
        return new MixtureOfFactorAnalysers(weights, parts);
    }

    /// <summary>−½ Σₖ tr ΛΨₖ⁻¹, the log-prior whose MAP step <see cref="Maximize"/> takes.</summary>
    public override double LogPrior(ILatentModel model)
    {
        if (regularization == 0) return 0;
        var mixture = (MixtureOfFactorAnalysers)model;
        double trace = 0;
        for (int c = 0; c < Components; c++)
        {
            var noise = mixture.Component(c).NoiseVariances;
            for (int j = 0; j < noise.Count; j++) trace += _ridge[j] / noise[j];
        }
        return -0.5 * trace;
    }

    /// <summary>W̃ₖ = Aₖ Bₖ⁻¹ and the noise from what it leaves unexplained.</summary>
    LinearGaussianModel Update(FactorMixtureStatistics s, int c, ReadOnlySpan<double> posteriorCovariance)
    {
        // E[h hᵀ | x, c] = S + m mᵀ, with the one S the exact posterior shares across points.
        return LinearGaussianRegression.Solve(s.Cross(c), s.ExpectedSecond(c, posteriorCovariance), s.Squares(c), s.Count(c), _ridge, latentDimension, isotropic);
    }
}
