using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Em;

/// <summary>
/// EM for probabilistic PCA and factor analysis (Rubin and Thayer 1982; Tipping and Bishop 1999). μ is the
/// sample mean; W and Ψ are updated from the sample covariance S, since the posterior statistics the M step
/// needs are linear in it: with G = (I + WᵀΨ⁻¹W)⁻¹ and B = G WᵀΨ⁻¹,
/// W ← S Bᵀ (G + B S Bᵀ)⁻¹ and Ψ ← diag(S − W B S) (averaged over dimensions for PPCA's σ²).
/// <para>
/// With missing cells S is not known, and μ is no longer the mean of the observed cells: the M step is the joint regression
/// of [W μ] on the expected statistics under p(z, x_m | x_o) (Ghahramani and Jordan 1994; see
/// <see cref="FactorMixtureStatistics.OfMissing"/>), with Ψ over every cell, missing ones at their expected squares, and
/// PPCA's σ² their mean over all d·N cells.
/// </para>
/// </summary>
/// <remarks>
/// Plain EM crawls along the ridge of factor analysis' likelihood (on Iris, q = 2, it is still 0.3 nats short after a
/// thousand steps). <paramref name="accelerated"/> makes each M step <see cref="Em.Squarem"/> steps over the EM steps in
/// θ = (W in the columns' units, log Ψ), each never below two EM steps' likelihood, which S alone gives. An M step takes
/// several such steps, from S alone. On Iris the fit then reaches, in a few dozen passes, the
/// Heywood limit where two noise variances sit at their floor.
/// </remarks>
internal sealed class LinearGaussianEm(int latentDimension, bool isotropic, double regularization, LinearGaussianEm.Moments? moments = null,
    bool accelerated = false)
    : EmAlgorithm
{
    /// <summary>SQUAREM steps per M step when accelerated.</summary>
    const int SquaremSteps = 5;

    /// <summary>
    /// The data's sample mean and covariance, and its row count, which every step uses and none changes; with missing
    /// cells, the observed cells' means and, on the diagonal only, their variances, which set the start and the noise's floor.
    /// </summary>
    internal sealed record Moments(double[] Mean, Matrix<double> Covariance, int Count)
    {
        /// <summary>The moments a source's or shards' start read over every row: x̄ and S (d×d row-major, 1/N) of <paramref name="count"/> rows.</summary>
        public static Moments Of(double[] mean, double[] covariance, int count) =>
            new(mean, Matrix<double>.Build.Dense(mean.Length, mean.Length, (i, j) => covariance[i * mean.Length + j]), count);

        public static Moments Of(DataMatrix data)
        {
            if (data.HasMissing)
            {
                var (means, variances) = SampleMoments.ColumnMoments(data);
                return new(means, Matrix<double>.Build.DenseOfDiagonalArray(variances), data.Rows);
            }
            var mean = SampleMoments.Mean(data);
            var s = SampleMoments.Covariance(data, mean);
            return new(mean, Matrix<double>.Build.Dense(data.Columns, data.Columns, (i, j) => s[i * data.Columns + j]), data.Rows);
        }
    }

    /// <exception cref="DataException">The data has one row, whose sample covariance is zero: no noise variance to start from.</exception>
    public override EmAlgorithm For(DataMatrix data)
    {
        if (data.Rows < 2)
            throw new DataException($"has {Counted.Of(data.Rows, "row")}; maximum likelihood estimates the noise variance from the data's spread, which needs at least 2 " +
                                    "(VMP, whose priors regularise it, fits one)", data.Source);
        return new LinearGaussianEm(latentDimension, isotropic, regularization, Moments.Of(data), accelerated);
    }

    /// <summary>This algorithm bound to the moments of data it does not hold (a source or shards read in passes), as <see cref="For(DataMatrix)"/> binds a matrix's.</summary>
    internal LinearGaussianEm For(Moments of) => new(latentDimension, isotropic, regularization, of, accelerated);

    Moments Bound => moments ?? throw new InvalidOperationException("EM's linear-Gaussian steps need the data's moments: call For(data) first");

    public override ILatentModel Initialize(DataMatrix data, Random random)
    {
        var (mean, covariance, _) = Bound;
        return Start(mean, covariance.Diagonal().ToArray(), latentDimension, isotropic, random);
    }

    /// <summary>
    /// The start EM's linear-Gaussian fits share (one model, or each component of a mixture from its cluster): small random
    /// loadings, row j in units of column j's spread (so the start of s·x + c is that of x mapped), and the column
    /// variances, or their mean for PPCA, as the noise. The first M step then moves W towards the leading directions of S.
    /// </summary>
    internal static LinearGaussianModel Start(double[] mean, double[] variances, int latentDimension, bool isotropic, Random random)
    {
        int d = variances.Length, q = latentDimension;
        var loadings = new double[d * q];
        for (int j = 0; j < d; j++)
        {
            double scale = Math.Sqrt(variances[j] / q) * 0.1;
            for (int i = 0; i < q; i++) loadings[j * q + i] = scale * random.NextGaussian();
        }
        var noise = isotropic ? Enumerable.Repeat(variances.Average(), d).ToArray() : variances;
        return new LinearGaussianModel(loadings, mean, noise, q, isotropic);
    }

    public override (IPosterior Posterior, double LogLikelihood) Expect(ILatentModel model, DataMatrix data) =>
        (model.Posterior(data), model.PointLogLikelihoods(data).Sum());

    public override bool MarginalisesMissing => true;

    public override ILatentModel Maximize(ILatentModel? current, DataMatrix data, IPosterior posterior)
    {
        var model = (LinearGaussianModel)current!;
        // With missing cells S is unknown: the step is the regression on the expected statistics, which reads the rows.
        if (data.HasMissing) return MaximizeMissing(model, data, (GaussianPosterior)posterior, Bound.Covariance.Diagonal());
        return Maximize(model);
    }

    /// <summary>The M step of data without missing cells, which reads only x̄ and S: one EM step, or several SQUAREM steps when accelerated.</summary>
    internal LinearGaussianModel Maximize(LinearGaussianModel model)
    {
        if (!accelerated) return Step(model);
        // The steps read only S, not the rows: several per M step cost little and each keeps the climb monotone.
        for (int i = 0; i < SquaremSteps; i++) model = Squarem(model);
        return model;
    }

    /// <summary>One SQUAREM step from <paramref name="model"/> (see the remarks), never below two EM steps' likelihood.</summary>
    LinearGaussianModel Squarem(LinearGaussianModel model) => Em.Squarem.Step(model, Step, LogLikelihood, Parameters, theta => FromParameters(theta, model));

    /// <summary>
    /// θ = (W row by row in units of each column's spread, log Ψ), the coordinates SQUAREM extrapolates in: any point of them
    /// is a valid model, and s∘x + c has the θ of x, so its steps, as EM's, fit the data in any units.
    /// </summary>
    double[] Parameters(LinearGaussianModel model)
    {
        int d = model.NoiseVariances.Count, q = latentDimension;
        var theta = new double[d * q + d];
        var w = model.Loadings;
        for (int j = 0; j < d; j++)
        {
            double spread = Spread(j);
            for (int i = 0; i < q; i++) theta[j * q + i] = w[j, i] / spread;
            theta[d * q + j] = Math.Log(model.NoiseVariances[j]);
        }
        return theta;
    }

    LinearGaussianModel FromParameters(double[] theta, LinearGaussianModel like)
    {
        int d = like.NoiseVariances.Count, q = latentDimension;
        var noise = new double[d];
        var loadings = new double[d * q];
        for (int j = 0; j < d; j++)
        {
            noise[j] = Math.Exp(theta[d * q + j]);
            for (int i = 0; i < q; i++) loadings[j * q + i] = theta[j * q + i] * Spread(j);
        }
        return new LinearGaussianModel(loadings, Bound.Mean, noise, q, isotropic);
    }

    double Spread(int column) => Math.Sqrt(Math.Max(Bound.Covariance[column, column], 1e-300));

    /// <summary>log p(x | θ) from the sample moments: −N/2 (d log 2π + log|C| + tr(C⁻¹S)) with C = WWᵀ + Ψ; −∞ where C is not positive definite.</summary>
    internal double LogLikelihood(LinearGaussianModel model)
    {
        var (_, covariance, count) = Bound;
        var c = model.MarginalCovariance();
        Cholesky<double> factor;
        try { factor = c.Cholesky(); }
        catch (ArgumentException) { return double.NegativeInfinity; }
        double logDeterminant = factor.DeterminantLn, trace = factor.Solve(covariance).Trace();
        double value = -0.5 * count * (c.RowCount * Math.Log(2 * Math.PI) + logDeterminant + trace);
        return double.IsFinite(value) ? value : double.NegativeInfinity;
    }

    /// <summary>q(zₙ) = p(zₙ | xₙ, θ) = N(B(xₙ − μ), G) with G = (I + WᵀΨ⁻¹W)⁻¹ (q×q) and B = G WᵀΨ⁻¹ (q×d), shared by every row.</summary>
    static (Matrix<double> G, Matrix<double> B) Posterior(LinearGaussianModel model)
    {
        var w = model.Loadings;
        var psiInverse = Vector<double>.Build.DenseOfEnumerable(model.NoiseVariances.Select(v => 1 / v));
        var scaledT = w.Transpose() * Matrix<double>.Build.DenseOfDiagonalVector(psiInverse);   // WᵀΨ⁻¹, q×d
        var g = (Matrix<double>.Build.DenseIdentity(w.ColumnCount) + scaledT * w).Inverse();    // q×q
        return (g, g * scaledT);
    }

    /// <summary>
    /// The ELBO of <paramref name="model"/> under q(z) = p(z | x, <paramref name="previous"/>), from x̄ and S alone (the rows' q are
    /// linear in xₙ − x̄, and both models' μ is x̄): with R = I − WB and A = WᵀΨ⁻¹W,
    /// E[log p(x | z)] = −N/2 (d log 2π + log|Ψ| + tr(Ψ⁻¹ R S Rᵀ) + tr(G A)), E[log p(z)] = −N/2 (q log 2π + tr(B S Bᵀ) + tr G),
    /// and H[q] = N H[N(0, G)]: the terms an in-memory fit sums row by row.
    /// </summary>
    internal ElboTerms Elbo(LinearGaussianModel previous, LinearGaussianModel model)
    {
        var (_, covariance, count) = Bound;
        int d = covariance.RowCount, q = latentDimension;
        var (g, b) = Posterior(previous);
        var w = model.Loadings;
        var psiInverse = model.NoiseVariances.Select(v => 1 / v).ToArray();
        var residual = Matrix<double>.Build.DenseIdentity(d) - w * b;
        var spread = residual * covariance * residual.Transpose();
        double quadratic = 0;
        for (int j = 0; j < d; j++) quadratic += psiInverse[j] * spread[j, j];
        var precision = w.Transpose() * Matrix<double>.Build.DenseOfDiagonalArray(psiInverse) * w;
        double logDetNoise = model.NoiseVariances.Sum(Math.Log);
        double likelihood = -0.5 * count * (d * SpecialFunctions.Log2Pi + logDetNoise + quadratic + (g * precision).Trace());
        double prior = -0.5 * count * (q * SpecialFunctions.Log2Pi + (b * covariance * b.Transpose()).Trace() + g.Trace());
        double entropy = count * Distributions.MultivariateGaussian.EntropyFromLogDeterminant(q, g.Cholesky().DeterminantLn);
        return new ElboTerms(likelihood, prior, entropy);
    }

    /// <summary>One EM step: the M step from q(z) = p(z | x, θ), whose statistics are linear in S.</summary>
    LinearGaussianModel Step(LinearGaussianModel model)
    {
        var (mean, covariance, _) = Bound;
        int d = covariance.RowCount, q = latentDimension;
        var (g, b) = Posterior(model);
        var sbT = covariance * b.Transpose();                                                   // d×q
        var newW = sbT * (g + b * sbT).Inverse();

        var residual = new double[d];
        for (int j = 0; j < d; j++)
        {
            double explained = 0;
            for (int i = 0; i < q; i++) explained += newW[j, i] * sbT[j, i];
            residual[j] = covariance[j, j] - explained;
        }
        double[] noise;
        if (isotropic) noise = Enumerable.Repeat(Math.Max(residual.Average(), Floor(covariance.Diagonal().Average())), d).ToArray();
        else noise = residual.Select((r, j) => Math.Max(r, Floor(covariance[j, j]))).ToArray();

        var loadings = new double[d * q];
        for (int j = 0; j < d; j++)
            for (int i = 0; i < q; i++) loadings[j * q + i] = newW[j, i];
        return new LinearGaussianModel(loadings, mean, noise, q, isotropic);
    }

    /// <summary>The M step with missing cells: [W μ] and Ψ by the regression on the expected statistics, Ψ floored as the complete step's.</summary>
    LinearGaussianModel MaximizeMissing(LinearGaussianModel model, DataMatrix data, GaussianPosterior posterior, Vector<double> variances)
    {
        int d = data.Columns, q = latentDimension;
        var whole = new FactorMixturePosterior(new DiscretePosterior(Enumerable.Repeat(1.0, data.Rows).ToArray(), data.Rows, 1), [posterior]);
        var statistics = FactorMixtureStatistics.OfMissing(data, whole, 1, q, _ => model);
        var fitted = LinearGaussianRegression.Solve(statistics.Cross(0), statistics.ExpectedSecond(0, []), statistics.Squares(0), statistics.Count(0),
            new double[d], q, isotropic);
        var noise = fitted.NoiseVariances.ToArray();
        if (isotropic) Array.Fill(noise, Math.Max(noise[0], Floor(variances.Average())));
        else for (int j = 0; j < d; j++) noise[j] = Math.Max(noise[j], Floor(variances[j]));
        return new LinearGaussianModel(fitted.LoadingsFlat.ToArray(), fitted.Mean.ToArray(), noise, q, isotropic);
    }

    public override double LogPrior(ILatentModel model) => 0;

    /// <summary>A noise variance never goes below λ times the dimension's variance (a guard against Heywood cases).</summary>
    double Floor(double variance) => Math.Max(regularization * variance, 1e-300);
}
