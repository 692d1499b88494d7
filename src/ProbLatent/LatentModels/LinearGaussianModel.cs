using MathNet.Numerics.LinearAlgebra;
using ProbLatent.Data;
using ProbLatent.Modeling;
using ProbLatent.Numerics;

namespace ProbLatent.LatentModels;

/// <summary>
/// z ~ N(0, I_q), x | z ~ N(W z + μ, Ψ) with Ψ diagonal: factor analysis, or probabilistic PCA when Ψ = σ²I.
/// The marginal is x ~ N(μ, W Wᵀ + Ψ). Everything is computed through the q×q matrix M = I + Wᵀ Ψ⁻¹ W
/// (Woodbury), so a point costs O(d q) and no d×d matrix is ever formed. A data set's missing cells are marginalised:
/// each row is scored, and its posterior taken, over its observed coordinates (see <see cref="ObservedLinearGaussian"/>).
/// </summary>
public sealed class LinearGaussianModel : ILatentModel, IImputingModel
{
    readonly double[] _loadings;   // d×q, W
    readonly double[] _mean;       // d, μ
    readonly double[] _noise;      // d, diag Ψ
    readonly double[] _scaledLoadings; // d×q, Ψ⁻¹ W
    readonly double[] _precisionA; // q×q, A = Wᵀ Ψ⁻¹ W
    readonly double[] _posteriorCovariance; // q×q, M⁻¹
    readonly Cholesky _m;          // M = I + A
    readonly double _logDetNoise;
    readonly double _logNormalizer; // −½[d log 2π + log det Ψ + log det M]

    /// <param name="loadings">W, d×q row-major.</param>
    /// <param name="mean">μ, length d.</param>
    /// <param name="noiseVariances">The diagonal of Ψ, length d, each positive (all equal for PPCA).</param>
    public LinearGaussianModel(double[] loadings, double[] mean, double[] noiseVariances, int latentDimension, bool isotropic)
    {
        ArgumentNullException.ThrowIfNull(loadings);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(noiseVariances);
        int d = mean.Length, q = latentDimension;
        if (d < 1) throw new ArgumentException("the data dimension must be at least 1", nameof(mean));
        if (q < 1) throw new ArgumentOutOfRangeException(nameof(latentDimension), q, "the latent dimension must be at least 1");
        if (loadings.Length != d * q) throw new ArgumentException($"expected {d}×{q} loadings, got {loadings.Length}", nameof(loadings));
        if (noiseVariances.Length != d) throw new ArgumentException($"expected {d} noise variances, got {noiseVariances.Length}", nameof(noiseVariances));
        foreach (var v in loadings.Concat(mean))
            if (!double.IsFinite(v)) throw new ArgumentException("loadings and mean must be finite", nameof(loadings));
        for (int j = 0; j < d; j++)
        {
            if (!(noiseVariances[j] > 0) || double.IsInfinity(noiseVariances[j]))
                throw new ArgumentException($"noise variance {j} is {noiseVariances[j]}; it must be positive and finite", nameof(noiseVariances));
            if (isotropic && noiseVariances[j] != noiseVariances[0])
                throw new ArgumentException("isotropic noise needs all noise variances equal", nameof(noiseVariances));
        }

        _loadings = loadings;
        _mean = mean;
        _noise = noiseVariances;
        Dimension = d;
        LatentDimension = q;
        IsIsotropic = isotropic;
        _scaledLoadings = new double[d * q];
        for (int j = 0; j < d; j++)
            for (int i = 0; i < q; i++) _scaledLoadings[j * q + i] = loadings[j * q + i] / noiseVariances[j];
        _precisionA = new double[q * q];
        for (int a = 0; a < q; a++)
            for (int b = 0; b <= a; b++)
            {
                double s = 0;
                for (int j = 0; j < d; j++) s += loadings[j * q + a] * _scaledLoadings[j * q + b];
                _precisionA[a * q + b] = _precisionA[b * q + a] = s;
            }
        var m = (double[])_precisionA.Clone();
        for (int i = 0; i < q; i++) m[i * q + i] += 1;
        _m = Cholesky.Factor(m, q, "I + Wᵀ Ψ⁻¹ W");
        _posteriorCovariance = _m.Inverse();
        _logDetNoise = noiseVariances.Sum(Math.Log);
        _logNormalizer = -0.5 * (Dimension * SpecialFunctions.Log2Pi + _logDetNoise + _m.LogDeterminant());
    }

    public int Dimension { get; }
    public int LatentDimension { get; }
    public bool IsIsotropic { get; }

    /// <summary>W, the d×q loading matrix.</summary>
    public Matrix<double> Loadings => Matrix<double>.Build.Dense(Dimension, LatentDimension, (j, i) => _loadings[j * LatentDimension + i]);

    /// <summary>μ, the data mean.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>The diagonal of Ψ (σ² repeated, for PPCA).</summary>
    public IReadOnlyList<double> NoiseVariances => _noise;

    /// <summary>The model covariance W Wᵀ + Ψ (d×d; for display and tests, not used in computation).</summary>
    public Matrix<double> MarginalCovariance()
    {
        var w = Loadings;
        return w * w.Transpose() + Matrix<double>.Build.DenseOfDiagonalArray(_noise);
    }

    public ModelFamily Family => IsIsotropic ? ModelFamily.ProbabilisticPca : ModelFamily.FactorAnalysis;
    public int DataDimension => Dimension;

    public int ParameterCount =>
        Dimension * LatentDimension - LatentDimension * (LatentDimension - 1) / 2 + Dimension + (IsIsotropic ? 1 : Dimension);

    internal ReadOnlySpan<double> LoadingsFlat => _loadings;

    /// <summary>
    /// Saves the model (atomically), with the names of the data columns it was fitted on when they are given;
    /// <see cref="Files.LatentModelFile.Load"/> reads it back bit for bit.
    /// </summary>
    public void Save(string path, IReadOnlyList<string>? columnNames = null) => Files.LatentModelFile.Save(this, path, columnNames);

    /// <summary>
    /// log p(x) = −½[d log 2π + log det Ψ + log det M + rᵀΨ⁻¹r − uᵀM⁻¹u], r = x − μ, u = WᵀΨ⁻¹r; log p(x_observed) under
    /// N(μ_o, W_o W_oᵀ + Ψ_o) where cells are missing.
    /// </summary>
    public double[] PointLogLikelihoods(DataMatrix data)
    {
        CheckData(data);
        var result = new double[data.Rows];
        var observed = Observed(data);
        RowBlocks.Sum(data.Rows, (start, end) =>
        {
            var u = new double[LatentDimension];
            for (int n = start; n < end; n++)
                result[n] = observed is null ? PointLogLikelihood(data.Row(n), u) : observed.LogLikelihood(n, data.Row(n));
            return 0;
        });
        return result;
    }

    /// <summary>
    /// Σₙ log p(xₙ) of rows known by their count, mean and covariance alone: with rₙ = xₙ − μ and uₙ = WᵀΨ⁻¹rₙ, the sum of
    /// <see cref="PointLogLikelihoods"/>' terms is N log-normaliser − ½ Σₙ (rₙᵀΨ⁻¹rₙ − ‖L⁻¹uₙ‖²) for M = LLᵀ, and both sums are
    /// traces against Σₙ rₙrₙᵀ = N (S + (x̄ − μ)(x̄ − μ)ᵀ).
    /// </summary>
    internal double LogLikelihood(DataMoments data)
    {
        if (data.Dimension != Dimension)
            throw new ArgumentException($"the moments are of {data.Dimension} columns but the model's data dimension is {Dimension}", nameof(data));
        int d = Dimension, q = LatentDimension;
        var delta = new double[d];
        for (int j = 0; j < d; j++) delta[j] = data.Mean[j] - _mean[j];
        // Gᵀ, d×q: row j is L⁻¹ (Ψ⁻¹W)ⱼ, so L⁻¹uₙ = Σⱼ Gᵀⱼ rₙⱼ.
        var g = (double[])_scaledLoadings.Clone();
        for (int j = 0; j < d; j++) _m.SolveLowerInPlace(g.AsSpan(j * q, q));
        double quad = 0, reduction = 0;
        for (int j = 0; j < d; j++)
            for (int k = 0; k < d; k++)
            {
                double scatter = data.Covariance[j * d + k] + delta[j] * delta[k];
                if (j == k) quad += scatter / _noise[j];
                double dot = 0;
                for (int i = 0; i < q; i++) dot += g[j * q + i] * g[k * q + i];
                reduction += dot * scatter;
            }
        return data.Count * (_logNormalizer - 0.5 * (quad - reduction));
    }

    /// <summary>The model over the observed cells of <paramref name="data"/>'s rows, or null when none is missing; kept for the last patterns.</summary>
    internal ObservedLinearGaussian? Observed(DataMatrix data) =>
        data.Missing is { } missing ? _lastObserved.For(missing, m => new ObservedLinearGaussian(this, m)) : null;

    readonly LastPatterns<ObservedLinearGaussian> _lastObserved = new();

    /// <summary>The rows with each missing cell at E[x_m | x_o] = W_m E[z | x_o] + μ_m; the data itself when none is missing.</summary>
    public DataMatrix Impute(DataMatrix data)
    {
        CheckData(data);
        if (Observed(data) is not { } observed) return data;
        int d = data.Columns;
        var values = data.Values.ToArray();
        var z = new double[LatentDimension];
        for (int n = 0; n < data.Rows; n++)
        {
            var x = data.Row(n);
            if (!HasNaN(x)) continue;
            observed.PosteriorMean(n, x, z);
            observed.Filled(n, x, z, values.AsSpan(n * d, d));
        }
        return new DataMatrix(values, data.Rows, d, data.GivenColumnNames, data.Source, data.FirstRow, data.FirstLine);
    }

    static bool HasNaN(ReadOnlySpan<double> x)
    {
        foreach (var v in x) if (double.IsNaN(v)) return true;
        return false;
    }

    /// <summary>log p(x) of one point; <paramref name="scratch"/> holds q values and is overwritten.</summary>
    internal double PointLogLikelihood(ReadOnlySpan<double> x, Span<double> scratch)
    {
        double quad = Project(x, scratch);
        _m.SolveLowerInPlace(scratch);
        double reduction = 0;
        foreach (var v in scratch) reduction += v * v;
        return _logNormalizer - 0.5 * (quad - reduction);
    }

    /// <summary>E[z | x] = M⁻¹ Wᵀ Ψ⁻¹ (x − μ), written to <paramref name="mean"/>.</summary>
    internal void PosteriorMean(ReadOnlySpan<double> x, Span<double> mean)
    {
        Project(x, mean);
        _m.SolveInPlace(mean);
    }

    /// <summary>Cov[z | x] = M⁻¹, the same for every point, q×q row-major.</summary>
    internal ReadOnlySpan<double> PosteriorCovariance => _posteriorCovariance;

    /// <summary>p(z | x) = N(M⁻¹ Wᵀ Ψ⁻¹ (x − μ), M⁻¹), one covariance shared by all points; one per pattern of missing cells, M_o⁻¹, where some are.</summary>
    public IPosterior Posterior(DataMatrix data)
    {
        CheckData(data);
        if (Observed(data) is { } observed) return observed.Posterior(data);
        int q = LatentDimension;
        var means = new double[data.Rows * q];
        RowBlocks.Sum(data.Rows, (start, end) =>
        {
            for (int n = start; n < end; n++) PosteriorMean(data.Row(n), means.AsSpan(n * q, q));
            return 0;
        });
        return new GaussianPosterior(means, (double[])_posteriorCovariance.Clone(), data.Rows, q);
    }

    public ElboTerms Elbo(DataMatrix data, IPosterior q)
    {
        CheckData(data);
        int k = LatentDimension;
        if (q is not GaussianPosterior g || g.Count != data.Rows || g.Dimension != k)
            throw new ArgumentException($"q must be a Gaussian posterior over {data.Rows} points of dimension {k}", nameof(q));
        var observed = Observed(data);
        var (likelihood, prior, _) = RowBlocks.Sum3(data.Rows, (start, end) =>
        {
            double a = 0, b = 0;
            for (int n = start; n < end; n++)
            {
                var (l, p) = observed is null ? PointElboTerms(data.Row(n), g.Mean(n), g.Covariance(n))
                    : observed.PointElboTerms(n, data.Row(n), g.Mean(n), g.Covariance(n));
                a += l;
                b += p;
            }
            return (a, b, 0.0);
        });
        return new ElboTerms(likelihood, prior, g.Entropy());
    }

    /// <summary>E_q[log p(x | z)] and E_q[log p(z)] of one point under q(z) = N(m, S).</summary>
    internal (double Likelihood, double Prior) PointElboTerms(ReadOnlySpan<double> x, ReadOnlySpan<double> m, ReadOnlySpan<double> s)
    {
        int k = LatentDimension, d = Dimension;
        // E‖x − Wz − μ‖²_Ψ⁻¹ = ‖x − W m − μ‖²_Ψ⁻¹ + tr(S Wᵀ Ψ⁻¹ W)
        double residual = 0;
        for (int j = 0; j < d; j++)
        {
            double r = x[j] - _mean[j];
            for (int i = 0; i < k; i++) r -= _loadings[j * k + i] * m[i];
            residual += r * r / _noise[j];
        }
        double traceSA = 0, traceS = 0, meanSquare = 0;
        for (int i = 0; i < k; i++)
        {
            traceS += s[i * k + i];
            meanSquare += m[i] * m[i];
            for (int l = 0; l < k; l++) traceSA += s[i * k + l] * _precisionA[l * k + i];
        }
        return (-0.5 * (d * SpecialFunctions.Log2Pi + _logDetNoise) - 0.5 * (residual + traceSA),
            -0.5 * k * SpecialFunctions.Log2Pi - 0.5 * (meanSquare + traceS));
    }

    public GeneratedData Generate(int count, Random random)
    {
        int d = Dimension, q = LatentDimension;
        var x = new double[count * d];
        var z = new double[count * q];
        for (int n = 0; n < count; n++) Draw(random, x.AsSpan(n * d, d), z.AsSpan(n * q, q));
        return new GeneratedData(new DataMatrix(x, count, d, source: "sample"), new DataMatrix(z, count, q, GeneratedData.LatentNames(q), "sample"));
    }

    /// <summary>Draws z ~ N(0, I) and then x | z.</summary>
    internal void Draw(Random random, Span<double> x, Span<double> z)
    {
        int q = LatentDimension;
        random.FillGaussian(z);
        for (int j = 0; j < Dimension; j++)
        {
            double v = _mean[j] + Math.Sqrt(_noise[j]) * random.NextGaussian();
            for (int i = 0; i < q; i++) v += _loadings[j * q + i] * z[i];
            x[j] = v;
        }
    }

    /// <summary>Writes u = Wᵀ Ψ⁻¹ (x − μ) and returns (x − μ)ᵀ Ψ⁻¹ (x − μ).</summary>
    double Project(ReadOnlySpan<double> x, Span<double> u)
    {
        int q = LatentDimension;
        u.Clear();
        double quad = 0;
        for (int j = 0; j < Dimension; j++)
        {
            double r = x[j] - _mean[j];
            quad += r * r / _noise[j];
            for (int i = 0; i < q; i++) u[i] += _scaledLoadings[j * q + i] * r;
        }
        return quad;
    }

    /// <summary>The data's dimension, and its values within double precision's safe range (see <see cref="GaussianValues"/>); a missing cell is marginalised.</summary>
    void CheckData(DataMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Columns != Dimension)
            throw new DataException($"has {Counted.Of(data.Columns, "column")} but the model's data dimension is {Dimension}", data.Source);
        data.CheckGaussianEvaluation();
    }
}
