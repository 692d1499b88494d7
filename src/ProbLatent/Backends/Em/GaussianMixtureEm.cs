using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// EM for a Gaussian mixture. Starts from k-means++ centres (hard assignments, then one M step), with distances
/// measured in units of each column's standard deviation so the start does not depend on the data's units.
/// The M step is the MAP step under the fixed prior p(Σₖ) ∝ exp(−½ tr(Λ Σₖ⁻¹)) with the ridge Λ = diag(λⱼ),
/// λⱼ = r·sⱼ² (r the regularization, sⱼ² column j's variance): Σₖ = (Sₖ + Λ)/Nₖ, which keeps every covariance at
/// least Λ/Nₖ, and scales with the data as the covariances do, so the fit of s·x + c is the fit of x mapped.
/// A component whose own scatter is below the ridge in some direction has collapsed onto too few points: the
/// ridge alone holds its covariance up and its likelihood is a spike, and the M step refuses it.
/// <para>
/// Priors stated in the model make each part's step its MAP step (Bishop's PRML §9.2 with pseudo-counts): a Wishart(a, s·I)
/// on full precisions gives Σₖ = (Sₖ + Λ + (2/s)I)/(Nₖ + 2a − d − 1), a Gamma(α, β) on diagonal precisions
/// σ²ₖⱼ = (Sₖⱼ + λⱼ + 2β)/(Nₖ + 2α − 2). A Gaussian N(m₀, (τ₀I)⁻¹) on the means is independent of the precisions', so the
/// joint maximum has no closed form: the step is a conditional one (ECM, Meng and Rubin 1993) — the means' MAP given the
/// current Σₖ, μₖ = (NₖΣₖ⁻¹ + τ₀I)⁻¹(Σₖ⁻¹Σₙrₙₖxₙ + τ₀m₀), then Σₖ's given those means — which still never decreases
/// log p(x | θ) + log p(θ).
/// </para>
/// </summary>
internal sealed class GaussianMixtureEm(int components, Covariance covariance, double regularization, MixturePriors priors, double[]? variances = null)
    : MixtureEm(components, priors), IStreamedEm
{
    /// <summary>The floor below which a component has collapsed when the regularization is zero: rounding error in units of a column's variance.</summary>
    const double RoundingFloor = 1e-12;

    /// <summary>
    /// A collapsed component is refused only when the floor it sits on, λⱼ/Nₖ, is narrower than this share of the
    /// column's variance; a regularization this strong keeps even a one-point component broad, not a spike.
    /// </summary>
    const double SpikeWidth = 1e-2;

    /// <summary>The ridge λⱼ = r·sⱼ²; empty until <see cref="For"/> binds the data's variances.</summary>
    readonly double[] _ridge = variances?.Select(v => regularization * v).ToArray() ?? [];

    /// <summary>A copy that holds each column's variance sⱼ² of <paramref name="data"/>, which sets the ridge and the start's units.</summary>
    public override EmAlgorithm For(DataMatrix data) =>
        new GaussianMixtureEm(Components, covariance, regularization, Priors, SampleMoments.ColumnScales(data)) { Start = Start, Words = Words };

    double[] Variances => variances ?? throw new InvalidOperationException("EM's Gaussian-mixture steps need the data's column variances: call For(data) first");

    protected override double[] StartMetric(DataMatrix data) => KMeansPlusPlus.InUnitsOf(Variances);

    public IStreamedEm WithColumnVariances(double[] columnVariances) =>
        new GaussianMixtureEm(Components, covariance, regularization, Priors, columnVariances) { Start = Start, Words = Words };

    public override bool MarginalisesMissing => true;

    public override ILatentModel Maximize(ILatentModel? current, DataMatrix data, IPosterior posterior)
    {
        if (Variances.Length != data.Columns)
            throw new InvalidOperationException($"EM's Gaussian mixture was bound to {Variances.Length} columns, not {data.Columns}");
        var q = (DiscretePosterior)posterior;
        if (data.HasMissing)
        {
            if (current is GaussianMixture given) return MaximizeMissing(given, data, q);
            data = MeanFilled(data);
        }
        var (counts, weights) = CountsAndWeights(q);
        var sums = WeightedSums(data, q);
        var mapMeans = MapMeans(current, sums, counts);
        var statistics = MixtureScatter.Of(data, q.ProbabilityTable, Components, covariance == Covariance.Full, counts, sums, CountFloor, mapMeans);
        CheckSpread(statistics, flat => CollapsedComponentException.For(flat, data, statistics, q.Row, HeldBy, Advice(flat), Words));
        return FromScatter(statistics, weights);
    }

    /// <summary>
    /// The M step with missing cells (Ghahramani and Jordan 1994): under component k each row's missing cells take their
    /// conditional means E[x_m | x_o, k] under the current θ (<see cref="ObservedGaussianMixture"/>), which give the weighted
    /// sums and the scatter as a complete row would, and the scatter gains Σₙ rₙₖ Cov[x_m | x_o, k] on the missing block,
    /// what the conditional means leave out of E[(x − μₖ)(x − μₖ)ᵀ]. Rows share their conditional covariance by pattern.
    /// </summary>
    GaussianMixture MaximizeMissing(GaussianMixture current, DataMatrix data, DiscretePosterior q)
    {
        int k = Components, d = data.Columns, rows = data.Rows;
        bool full = covariance == Covariance.Full;
        var observed = (ObservedGaussianMixture)current.Observed(data)!;
        var missing = data.Missing!;
        var (counts, weights) = CountsAndWeights(q);
        var filled = new DataMatrix[k];
        var responsibilities = new double[k][];
        var sums = new double[k * d];
        for (int c = 0; c < k; c++)
        {
            var values = new double[rows * d];
            var r = responsibilities[c] = new double[rows];
            for (int n = 0; n < rows; n++)
            {
                observed.ConditionalMean(n, c, data.Row(n), values.AsSpan(n * d, d));
                r[n] = q.Row(n)[c];
            }
            filled[c] = new DataMatrix(values, rows, d, data.GivenColumnNames, data.Source);
            MixtureScatter.WeightedSums(filled[c], r, 1).CopyTo(sums, c * d);
        }
        var mapMeans = MapMeans(current, sums, counts);
        var components = new MixtureScatter[k];
        for (int c = 0; c < k; c++)
        {
            var component = components[c] = MixtureScatter.Of(filled[c], responsibilities[c], 1, full, [counts[c]], sums[(c * d)..((c + 1) * d)], CountFloor,
                mapMeans?[(c * d)..((c + 1) * d)]);
            AddConditionalCovariances(observed, missing, c, responsibilities[c], component.Scatters, d, full, lowerTriangle: false);
        }
        var statistics = MixtureScatter.Stacked(components);
        CheckSpread(statistics, flat => CollapsedComponentException.For(flat, filled[flat.Component], statistics, q.Row, HeldBy, Advice(flat), Words));
        return FromScatter(statistics, weights);
    }

    /// <summary>
    /// Adds Σₙ rₙₖ Cov[x_m | x_o, k] to component <paramref name="c"/>'s second moment on each pattern's missing block (d×d
    /// for a full covariance, only its lower triangle when <paramref name="lowerTriangle"/>; the diagonal otherwise): what
    /// the missing cells' conditional spread adds to the moments their conditional means give, in memory and over a source.
    /// </summary>
    static void AddConditionalCovariances(ObservedGaussianMixture observed, MissingPatterns missing, int c, ReadOnlySpan<double> responsibilities,
        Span<double> second, int d, bool full, bool lowerTriangle)
    {
        var patternWeights = new double[missing.Patterns.Count];
        for (int n = 0; n < responsibilities.Length; n++) patternWeights[missing.PatternOf(n)] += responsibilities[n];
        for (int p = 0; p < patternWeights.Length; p++)
        {
            var gone = missing.Patterns[p].Missing;
            var conditional = observed.ConditionalCovariance(p, c);
            for (int a = 0; a < gone.Length; a++)
                if (!full) second[gone[a]] += patternWeights[p] * conditional[a];
                else
                    for (int b = 0; b < gone.Length; b++)
                        if (!lowerTriangle || gone[b] <= gone[a]) second[gone[a] * d + gone[b]] += patternWeights[p] * conditional[a * gone.Length + b];
        }
    }

    protected override (MixtureMoments.Second Kind, double[] Centres) SecondMoment(ILatentModel current) =>
        (covariance == Covariance.Full ? MixtureMoments.Second.LowerTriangle : MixtureMoments.Second.Diagonal, ((GaussianMixture)current).MeansFlat.ToArray());

    /// <summary>
    /// The block E step's statistics (<see cref="GaussianEStep"/>): each row's responsibilities, log density and share of
    /// Nₖ, Σ rx and the moments about the current means, in one pass, keeping nothing per point. Row blocks run on all cores
    /// and are added in order, so the sums do not depend on the threads.
    /// </summary>
    public override MixtureSums Statistics(ILatentModel current, DataMatrix block)
    {
        var mixture = (GaussianMixture)current;
        var (kind, centres) = SecondMoment(current);
        var layout = new MixtureSums(Components, block.Columns, kind, centres);
        if (block.HasMissing) return MissingStatistics(mixture, block, layout);
        var total = RowBlocks.Accumulate(block.Rows, layout.Length, (start, end, accumulator) =>
        {
            var sums = layout.Over(accumulator);
            sums.AddLogLikelihood(mixture.AddStatistics(block, start, end, new GaussianEStep.Moments
            {
                Counts = sums.Counts, Sums = sums.Sums, ResidualSums = sums.ResidualSums, Second = sums.Second, Centres = centres, Kind = kind,
            }));
        });
        return layout.Over(total);
    }

    public bool StreamsMissing => true;

    /// <summary>Its statistics' layout is the same with missing cells (their conditional moments enter the sums it has).</summary>
    public IStreamedEm WithMissingCells() => this;

    /// <summary>
    /// The block statistics with missing cells, those <see cref="MaximizeMissing"/> reads from every row held: under each
    /// component k every row's missing cells at E[x_m | x_o, k] give Σ rₙₖ x̂ₙₖ and the moments about the centres, and the
    /// second moment gains Σₙ rₙₖ Cov[x_m | x_o, k] on the missing block, pattern by pattern; Σ log p(x_o) is the
    /// observed cells' likelihood. Summed component by component over the rows, where the in-memory step sums the scatter
    /// about the new means, so the two agree to rounding, not bit for bit.
    /// </summary>
    MixtureSums MissingStatistics(GaussianMixture mixture, DataMatrix block, MixtureSums layout)
    {
        int k = Components, d = block.Columns, rows = block.Rows;
        bool full = covariance == Covariance.Full;
        var probabilities = mixture.PosteriorProbabilities(block, out double logLikelihood);
        var observed = (ObservedGaussianMixture)mixture.Observed(block)!;
        var missing = block.Missing!;
        var sums = layout.Over(new double[layout.Length]);
        var filled = new double[rows * d];
        var r = new double[rows];
        int perComponent = full ? d * d : d;
        for (int c = 0; c < k; c++)
        {
            for (int n = 0; n < rows; n++)
            {
                observed.ConditionalMean(n, c, block.Row(n), filled.AsSpan(n * d, d));
                r[n] = probabilities[n * k + c];
            }
            MixtureMoments.AddRows(filled, rows, d, r, 1, [], sums.Counts.Slice(c, 1), sums.Sums.Slice(c * d, d), [], MixtureMoments.Second.None);
            MixtureMoments.AddRows(filled, rows, d, r, 1, layout.Centres.AsSpan(c * d, d), [], sums.ResidualSums.Slice(c * d, d),
                sums.Second.Slice(c * perComponent, perComponent), sums.Kind);
            AddConditionalCovariances(observed, missing, c, r, sums.Second.Slice(c * perComponent, perComponent), d, full, lowerTriangle: true);
        }
        sums.AddLogLikelihood(logLikelihood);
        return sums;
    }

    /// <summary>
    /// The M step from the summed statistics. Over data held in memory a collapsed component is named with the distinct points
    /// it holds, from <paramref name="heldPosterior"/> (a chain's marginals) or else the posterior under <paramref name="current"/>, as <see cref="Maximize"/> names them.
    /// </summary>
    public ILatentModel Update(ILatentModel current, MixtureSums sums, IReadOnlyList<string> columnNames, long rows, DataMatrix? held,
        MixtureScatter.ResponsibilitiesOf? heldPosterior = null)
    {
        if (Variances.Length != sums.Dimension)
            throw new InvalidOperationException($"EM's Gaussian mixture was bound to {Variances.Length} columns, not {sums.Dimension}");
        var (counts, weights) = CountsAndWeights(sums.Counts.ToArray());
        var mapMeans = MapMeans(current, sums.Sums.ToArray(), counts);
        var statistics = MixtureScatter.FromSums(sums, counts, covariance == Covariance.Full, CountFloor, mapMeans);
        CheckSpread(statistics, flat => held is { } data
            ? CollapsedComponentException.For(flat, data, statistics, heldPosterior ?? ((DiscretePosterior)current.Posterior(data)).Row, HeldBy, Advice(flat), Words)
            : CollapsedComponentException.For(flat, columnNames, rows, statistics, HeldBy, Advice(flat)));
        return FromScatter(statistics, weights);
    }

    /// <summary>The covariances from the scatter: the ridge and a stated prior's added, over Nₖ and its pseudo-counts.</summary>
    GaussianMixture FromScatter(MixtureScatter statistics, double[] weights)
    {
        int k = Components, d = statistics.Dimension;
        bool full = covariance == Covariance.Full;
        var scatter = statistics.Scatters;
        var counts = statistics.Counts;
        int perComponent = full ? d * d : d;
        // A stated prior on the precisions adds its own ridge, in the data's units as given, and pseudo-counts; without
        // one both are 0, which leaves the relative ridge and Nₖ bit for bit.
        var (statedRidge, extraCount) = (full, Priors.Wishart, Priors.Gamma) switch
        {
            (true, { } w, _) => (2 / w.Scale, 2 * w.Shape - d - 1),
            (false, _, { } g) => (2 * g.Rate, 2 * g.Shape - 2),
            _ => (0.0, 0.0),
        };
        for (int c = 0; c < k; c++)
        {
            int offset = c * perComponent;
            double count = counts[c] + extraCount;
            if (full)
                for (int a = 0; a < d; a++)
                {
                    scatter[offset + a * d + a] += _ridge[a] + statedRidge;
                    for (int b = 0; b < d; b++) scatter[offset + a * d + b] /= count;
                }
            else
                for (int j = 0; j < d; j++) scatter[offset + j] = (scatter[offset + j] + _ridge[j] + statedRidge) / count;
        }
        return new GaussianMixture(weights, statistics.Means, scatter, d, covariance);
    }

    /// <summary>The means' MAP under a stated Gaussian prior on them, given the current covariances; null (the weighted means) without one.</summary>
    double[]? MapMeans(ILatentModel? current, double[] sums, double[] counts) =>
        Priors.Means is { } meanPrior && current is GaussianMixture given ? MapMeans(given, sums, counts, meanPrior.Mean, meanPrior.Precision) : null;

    /// <summary>The means' MAP given the current covariances: μₖ = (NₖΛₖ + τ₀I)⁻¹(Λₖ Σₙrₙₖxₙ + τ₀m₀), Λₖ = Σₖ⁻¹.</summary>
    double[] MapMeans(GaussianMixture current, double[] sums, double[] counts, double[] priorMean, double tau)
    {
        int d = current.Dimension;
        var means = new double[sums.Length];
        for (int c = 0; c < Components; c++)
        {
            var sum = sums.AsSpan(c * d, d);
            var mean = means.AsSpan(c * d, d);
            if (covariance != Covariance.Full)
            {
                for (int j = 0; j < d; j++)
                {
                    double precision = 1 / current.CovariancesFlat[c * d + j];
                    mean[j] = (precision * sum[j] + tau * priorMean[j]) / (counts[c] * precision + tau);
                }
                continue;
            }
            var lambda = current.CovarianceFactor(c).Inverse();
            var system = new double[d * d];
            for (int a = 0; a < d; a++)
            {
                double b = tau * priorMean[a];
                for (int j = 0; j < d; j++)
                {
                    system[a * d + j] = counts[c] * lambda[a * d + j];
                    b += lambda[a * d + j] * sum[j];
                }
                system[a * d + a] += tau;
                mean[a] = b;
            }
            Cholesky.Factor(system, d, $"the means' MAP system of component {c}").SolveInPlace(mean);
        }
        return means;
    }

    /// <summary>
    /// −½ Σₖ tr(Λ Σₖ⁻¹), the regulariser's log-prior, and the stated priors' up to constants: the Dirichlet's, the means'
    /// −τ₀/2 Σₖ‖μₖ − m₀‖², a Wishart's Σₖ [−(a − (d+1)/2) log|Σₖ| − tr Σₖ⁻¹/s] and a Gamma's Σₖⱼ [(α − 1) log λₖⱼ − β λₖⱼ]
    /// with λₖⱼ = 1/σ²ₖⱼ; <see cref="Maximize"/> takes their MAP step.
    /// </summary>
    public override double LogPrior(ILatentModel model)
    {
        var mixture = (GaussianMixture)model;
        double stated = Priors.LogPriorOfWeightsAndMeans(mixture.Weights, mixture.Mean);
        bool full = covariance == Covariance.Full;
        bool precisionPrior = full ? Priors.Wishart is not null : Priors.Gamma is not null;
        if (regularization == 0 && !precisionPrior) return stated;
        int d = mixture.Dimension;
        double trace = 0, ridgeTrace = 0, logDeterminant = 0;
        for (int c = 0; c < Components; c++)
        {
            if (full)
            {
                var factor = mixture.CovarianceFactor(c);
                var inverse = factor.Inverse();
                for (int j = 0; j < d; j++)
                {
                    trace += inverse[j * d + j];
                    ridgeTrace += _ridge[j] * inverse[j * d + j];
                }
                if (precisionPrior) logDeterminant += factor.LogDeterminant();
            }
            else
                for (int j = 0; j < d; j++)
                {
                    trace += 1 / mixture.CovariancesFlat[c * d + j];
                    ridgeTrace += _ridge[j] / mixture.CovariancesFlat[c * d + j];
                    if (precisionPrior) logDeterminant += Math.Log(mixture.CovariancesFlat[c * d + j]);
                }
        }
        double precisions = (full, Priors.Wishart, Priors.Gamma) switch
        {
            (true, { } w, _) => -(w.Shape - (d + 1) / 2.0) * logDeterminant - trace / w.Scale,
            (false, _, { } g) => -(g.Shape - 1) * logDeterminant - g.Rate * trace,
            _ => 0,
        };
        return -0.5 * ridgeTrace + precisions + stated;
    }

    /// <summary>Refuses a component whose own scatter is below the ridge in some direction while that floor is a narrow spike.</summary>
    void CheckSpread(MixtureScatter statistics, Func<ComponentSpread.Flat, CollapsedComponentException> refusal)
    {
        double floor = Math.Max(regularization, RoundingFloor);
        var flat = ComponentSpread.FirstFlat(statistics, Variances, floor, minimumCount: floor / SpikeWidth);
        if (flat is not null) throw refusal(flat);
    }

    string HeldBy => $"the regularization's floor ({regularization:G3} of each column's variance, over its weight) is its covariance";

    string Advice(ComponentSpread.Flat flat) => CollapsedComponentException.Advice(Components,
        $"raise the regularization to at least {flat.Count * SpikeWidth:G2}, which keeps a {Words.Component} of that weight {SpikeWidth:G1} of each column's variance wide", Words);
}
