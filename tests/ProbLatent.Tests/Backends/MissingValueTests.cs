using ProbLatent.Backends;
using ProbLatent.Backends.Exact;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends;

/// <summary>
/// Missing cells marginalised by Exact and EM for Gaussian and Bernoulli mixtures, and refused — naming the backend or the
/// model and the first missing cell — by every other model and backend, never turned into a NaN.
/// </summary>
public class MissingValueTests
{
    static Model Gmm(int k, Covariance covariance, int d = 2) => Model.Define("mixture")
        .Latent("z", Prior.Categorical(k))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(covariance)))
        .Observe("x", dimension: d);

    static Model Linear(int q, int d, Covariance covariance) => Model.Define("linear")
        .Latent("z", Prior.StandardNormal(q))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(covariance)))
        .Observe("x", dimension: d);

    /// <summary>The data with each cell missing with probability <paramref name="share"/> (seeded), every row keeping one observed cell.</summary>
    internal static DataMatrix Removed(DataMatrix data, double share, int seed)
    {
        var random = new Random(seed);
        var values = data.Values.ToArray();
        int d = data.Columns;
        for (int n = 0; n < data.Rows; n++)
        {
            int keep = random.Next(d);
            for (int j = 0; j < d; j++)
                if (j != keep && random.NextDouble() < share) values[n * d + j] = double.NaN;
        }
        return new DataMatrix(values, data.Rows, d, data.GivenColumnNames, data.Source, MissingValues.AtRandom);
    }

    [Fact]
    public void EmFitsOldFaithfulWithMissingCellsAndExactEvaluatesTheFitToTheSameLogLikelihood()
    {
        var data = Removed(Examples.OldFaithful(), 0.2, seed: 3);
        Assert.True(data.MissingCount > 40);
        foreach (var covariance in new[] { Covariance.Full, Covariance.Diagonal })
        {
            var fit = Gmm(2, covariance).Compile(Inference.Em(restarts: 2, seed: 1)).Fit(data);
            Assert.True(double.IsFinite(fit.LogLikelihood));
            Assert.True(fit.Elbo.Value <= fit.LogLikelihood + 1e-9 * Math.Abs(fit.LogLikelihood));
            var exact = Gmm(2, covariance).Compile(Inference.Exact(fit.Parameters)).Fit(data);
            Assert.Equal(fit.LogLikelihood, exact.LogLikelihood, 1e-9 * Math.Abs(fit.LogLikelihood));
            Assert.Equal(fit.Parameters.PointLogLikelihoods(data).Sum(), fit.LogLikelihood, 1e-9 * Math.Abs(fit.LogLikelihood));
        }
    }

    /// <summary>
    /// PPCA and factor analysis fitted by EM to iris with cells missing: the fit's log p(x_observed) is what Exact evaluates
    /// at its parameters, EM climbs, and the imputation, from the correlations the factors carry, beats the column means.
    /// </summary>
    [Theory]
    [InlineData(Covariance.Isotropic)]
    [InlineData(Covariance.Diagonal)]
    public void EmFitsPpcaAndFactorAnalysisToIrisWithMissingCellsAndImputesBetterThanTheColumnMeans(Covariance covariance)
    {
        var complete = Examples.Iris();
        var data = Removed(complete, 0.2, seed: 3);
        var fit = Linear(2, 4, covariance).Compile(Inference.Em(restarts: 1, seed: 1)).Fit(data);
        Assert.True(fit.Elbo.Value <= fit.LogLikelihood + 1e-9 * Math.Abs(fit.LogLikelihood));
        var trace = fit.Trace.ToArray();
        for (int t = 1; t < trace.Length; t++) Assert.True(trace[t] >= trace[t - 1] - 1e-9 * Math.Abs(trace[t]), $"step {t}: {trace[t - 1]} to {trace[t]}");
        var exact = Linear(2, 4, covariance).Compile(Inference.Exact(fit.Parameters)).Fit(data);
        Assert.Equal(fit.LogLikelihood, exact.LogLikelihood, 1e-9 * Math.Abs(fit.LogLikelihood));
        Assert.True(ImputationError(complete, data, ((IImputingModel)fit.Parameters).Impute(data)) < 0.5 * ImputationError(complete, data, null));
    }

    static Model FactorMixture(string kind) => kind switch
    {
        "mcfa" => Model.Define("mcfa")
            .Latent("c", Prior.Categorical(2))
            .Latent("z", Prior.StandardNormal(2).Given("c", Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))))
            .Decoder(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal)))
            .Observe("x", 4),
        _ => Model.Define(kind)
            .Latent("c", Prior.Categorical(2))
            .Latent("h", Prior.StandardNormal(2))
            .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(kind == "mppca" ? Covariance.Isotropic : Covariance.Diagonal))))
            .Observe("x", 4),
    };

    /// <summary>Mixtures of factor analysers, of PPCA and of common factor analysers, fitted by EM to iris with cells missing, as PPCA is above.</summary>
    [Theory]
    [InlineData("mfa")]
    [InlineData("mppca")]
    [InlineData("mcfa")]
    public void EmFitsMixturesOfFactorAnalysersToIrisWithMissingCellsAndImputesBetterThanTheColumnMeans(string kind)
    {
        var complete = Examples.Iris();
        var data = Removed(complete, 0.2, seed: 3);
        var fit = FactorMixture(kind).Compile(Inference.Em(restarts: 1, seed: 1)).Fit(data);
        Assert.True(fit.Elbo.Value <= fit.LogLikelihood + 1e-9 * Math.Abs(fit.LogLikelihood));
        var trace = fit.Trace.ToArray();
        for (int t = 1; t < trace.Length; t++) Assert.True(trace[t] >= trace[t - 1] - 1e-9 * Math.Abs(trace[t]), $"step {t}: {trace[t - 1]} to {trace[t]}");
        var exact = FactorMixture(kind).Compile(Inference.Exact(fit.Parameters)).Fit(data);
        Assert.Equal(fit.Parameters.PointLogLikelihoods(data).Sum(), exact.LogLikelihood, 1e-9 * Math.Abs(fit.LogLikelihood));
        Assert.True(ImputationError(complete, data, ((IImputingModel)fit.Parameters).Impute(data)) < 0.5 * ImputationError(complete, data, null));
    }

    /// <summary>
    /// PPCA, factor analysis and mixtures of factor analysers and of PPCA fitted by VMP to iris with 20% of the cells missing:
    /// each row's q(z) reads its observed cells, the ELBO never goes down, and the fit at its posterior means scores the
    /// observed cells and imputes the removed ones from the factors' correlations better than the column means.
    /// </summary>
    [Theory]
    [InlineData("ppca")]
    [InlineData("fa")]
    [InlineData("mfa")]
    [InlineData("mppca")]
    public void VmpFitsPpcaFactorAnalysisAndMixturesOfThemToIrisWithMissingCellsAndImputesBetterThanTheColumnMeans(string kind)
    {
        var complete = Examples.Iris();
        var data = Removed(complete, 0.2, seed: 3);
        var model = kind switch
        {
            "ppca" => Linear(2, 4, Covariance.Isotropic),
            "fa" => Linear(2, 4, Covariance.Diagonal),
            _ => FactorMixture(kind),
        };
        var fit = model.Compile(Inference.Vmp(restarts: 1, seed: 1)).Fit(data);
        var trace = fit.Trace.ToArray();
        Assert.True(trace.Length > 3);
        for (int t = 1; t < trace.Length; t++) Assert.True(trace[t] >= trace[t - 1] - 1e-9 * Math.Abs(trace[t]), $"sweep {t}: {trace[t - 1]} to {trace[t]}");
        Assert.True(double.IsFinite(fit.LogLikelihood) && double.IsFinite(fit.Elbo.Value), $"{fit.LogLikelihood}, {fit.Elbo.Value}");
        Assert.Equal(fit.Parameters.PointLogLikelihoods(data).Sum(), fit.LogLikelihood, 1e-9 * Math.Abs(fit.LogLikelihood));
        Assert.True(ImputationError(complete, data, ((IImputingModel)fit.Parameters).Impute(data)) < 0.5 * ImputationError(complete, data, null));
    }

    /// <summary>
    /// VMP's posterior over the factors of data with missing cells: one covariance per pattern, the inverse of I plus the
    /// observed columns' E[τⱼ] E[wⱼwⱼᵀ] (at the fit's q(θ), which the last sweep moved after q(z) by less than the convergence
    /// tolerance, hence 1e-3), so a row that observes fewer cells is less certain of its factors.
    /// </summary>
    [Fact]
    public void VmpGivesEachPatternOfMissingCellsItsOwnPosteriorCovarianceOverTheFactors()
    {
        var data = Removed(Examples.Iris(), 0.2, seed: 3);
        var fit = Linear(2, 4, Covariance.Diagonal).Compile(Inference.Vmp(restarts: 1, seed: 1)).Fit(data);
        var q = (GaussianPosterior)fit.LatentPosterior;
        var posterior = (LinearGaussianPosterior)fit.ParameterPosterior!;
        int whole = Enumerable.Range(0, data.Rows).First(n => Enumerable.Range(0, 4).All(j => !data.IsMissing(n, j)));
        for (int n = 0; n < data.Rows; n++)
        {
            var precision = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(2);
            for (int j = 0; j < 4; j++)
            {
                if (data.IsMissing(n, j)) continue;
                var w = posterior.Loadings[j];
                double tau = posterior.NoisePrecisions[j].Mean;
                var m = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(w.Mean);
                precision += tau * (w.Covariance + m.ToColumnMatrix() * m.ToRowMatrix());
            }
            var expected = precision.Inverse();
            var actual = q.Covariance(n).ToArray();
            for (int i = 0; i < 4; i++) Assert.Equal(expected[i / 2, i % 2], actual[i], 1e-3 * Math.Abs(expected[i / 2, i % 2]) + 1e-9);
            if (Enumerable.Range(0, 4).Any(j => data.IsMissing(n, j)))
                Assert.True(actual[0] + actual[3] > q.Covariance(whole)[0] + q.Covariance(whole)[3], $"row {n} misses cells and is as sure of its factors as the complete row {whole}");
        }
    }

    /// <summary>
    /// Missing cells over shards on threads: no model or engine marginalises them there, and each refuses, naming a shard's
    /// first missing cell and what fits it in memory, or the engine refuses the model over shards itself.
    /// </summary>
    [Fact]
    public void EveryFamilyOverShardsWithMissingCellsIsRefusedSayingWhatFitsItInMemory()
    {
        foreach (var (family, model, complete) in Families().Take(8))
        {
            var data = Removed(complete, 0.15, seed: 2);
            var shards = new ProbLatent.Backends.Shards.LocalShards(Shards.ShardedEmTests.Shards(data, 3));
            foreach (var backend in new IBackend[] { Inference.Em(restarts: 1, maxIterations: 3), Inference.Vmp(restarts: 1, maxIterations: 3) })
            {
                var compiled = model.Compile(backend);
                var e = Assert.ThrowsAny<Exception>(() => compiled switch
                {
                    ProbLatent.Backends.Em.EmCompiledModel em => em.FitShards(shards),
                    ProbLatent.Backends.Vmp.VmpCompiledModel vmp => vmp.FitShards(shards),
                    _ => throw new InvalidOperationException(compiled.GetType().Name),
                });
                string cell = $"{family} by {backend.Name}: {e.GetType().Name}: {e.Message}";
                if (e is DataException refusal)
                {
                    Assert.True(refusal.Message.Contains("does not marginalise missing cells") && refusal.Message.Contains("read it into memory"), cell);
                    // The shards are read at once, so the refusal names the first missing cell of whichever shard refuses first, in its rows.
                    Assert.True(refusal.Row is not null && refusal.Column is not null && refusal.Message.Contains("the cell is missing"), cell);
                }
                else Assert.True(e is BackendNotSupportedException && e.Message.Contains("in memory"), cell);
            }
        }
    }

    /// <summary>Σ of the squared errors of <paramref name="imputed"/> (or of the column means, when null) against the removed cells.</summary>
    static double ImputationError(DataMatrix complete, DataMatrix data, DataMatrix? imputed)
    {
        var columnMeans = Enumerable.Range(0, data.Columns).Select(j => Enumerable.Range(0, data.Rows).Where(n => !data.IsMissing(n, j)).Average(n => data[n, j])).ToArray();
        double error = 0;
        for (int n = 0; n < data.Rows; n++)
            for (int j = 0; j < data.Columns; j++)
            {
                if (!data.IsMissing(n, j))
                {
                    if (imputed is not null) Assert.Equal(data[n, j], imputed[n, j]);
                    continue;
                }
                error += Math.Pow((imputed?[n, j] ?? columnMeans[j]) - complete[n, j], 2);
            }
        return error;
    }

    [Fact]
    public void TheFullMixturesImputationOfOldFaithfulBeatsTheColumnMeans()
    {
        var complete = Examples.OldFaithful();
        var data = Removed(complete, 0.2, seed: 5);
        var fit = Gmm(2, Covariance.Full).Compile(Inference.Em(restarts: 2, seed: 1)).Fit(data);
        var imputed = ((IImputingModel)fit.Parameters).Impute(data);
        Assert.False(imputed.HasMissing);
        double mixture = 0, means = 0;
        var columnMeans = Enumerable.Range(0, 2).Select(j => Enumerable.Range(0, data.Rows).Where(n => !data.IsMissing(n, j)).Average(n => data[n, j])).ToArray();
        for (int n = 0; n < data.Rows; n++)
            for (int j = 0; j < 2; j++)
            {
                if (!data.IsMissing(n, j))
                {
                    Assert.Equal(data[n, j], imputed[n, j]);
                    continue;
                }
                mixture += Math.Pow(imputed[n, j] - complete[n, j], 2);
                means += Math.Pow(columnMeans[j] - complete[n, j], 2);
            }
        // Eruptions and waiting times are strongly correlated, so the observed one predicts the missing one far better than its mean.
        Assert.True(mixture < 0.5 * means, $"mixture {mixture}, means {means}");
    }

    /// <summary>A mixture keeps the marginals of the last missing patterns it saw: data sets with other patterns, in turn, are each scored and imputed as by a fresh copy.</summary>
    [Fact]
    public void AMixtureScoresAndImputesDataSetsWithOtherMissingCellsInTurnAsAFreshCopyDoes()
    {
        var complete = Examples.OldFaithful();
        var (a, b) = (Removed(complete, 0.2, seed: 3), Removed(complete, 0.4, seed: 7));
        foreach (var covariance in new[] { Covariance.Full, Covariance.Diagonal })
        {
            var mixture = (GaussianMixture)Gmm(2, covariance).Compile(Inference.Em(restarts: 1, seed: 1)).Fit(a).Parameters;
            GaussianMixture Fresh() => new(mixture.Weights.ToArray(), mixture.MeansFlat.ToArray(), mixture.CovariancesFlat.ToArray(), 2, covariance);
            foreach (var data in new[] { b, a, b.WithColumnNames(["x", "y"]), a })
            {
                Assert.Equal(Fresh().PointLogLikelihoods(data), mixture.PointLogLikelihoods(data));
                Assert.Equal(Fresh().Impute(data).Values.ToArray(), mixture.Impute(data).Values.ToArray());
            }
        }
    }

    [Fact]
    public void BackendsAndModelsThatDoNotMarginaliseMissingCellsRefuseThemNamingThemselvesAndTheCell()
    {
        var data = Removed(Examples.OldFaithful(), 0.2, seed: 3);
        var (row, column) = Enumerable.Range(0, data.Rows).SelectMany(n => Enumerable.Range(0, 2).Select(j => (n, j))).First(c => data.IsMissing(c.n, c.j));
        void Refused(Func<object> fit, string who)
        {
            var e = Assert.Throws<DataException>(fit);
            Assert.Contains(who, e.Message);
            Assert.Contains("does not marginalise missing cells", e.Message);
            Assert.Equal(row, e.Row);
            Assert.Equal(column, e.Column);
        }
        // A mixture of common factor analysers' VMP shares one decoder across components, whose factor takes no missing cells.
        var iris = Removed(Examples.Iris(), 0.2, seed: 3);
        var first = Enumerable.Range(0, iris.Rows).SelectMany(n => Enumerable.Range(0, 4).Select(j => (n, j))).First(c => iris.IsMissing(c.n, c.j));
        var mcfa = Assert.Throws<DataException>(() => FactorMixture("mcfa").Compile(Inference.Vmp(restarts: 1)).Fit(iris));
        Assert.Contains("the vmp backend for model 'mcfa' does not marginalise missing cells", mcfa.Message);
        Assert.Equal(first, (mcfa.Row!.Value, mcfa.Column!.Value));
        // PPCA's closed form needs the sample covariance, which missing cells leave unknown: EM fits it instead.
        Refused(() => Linear(1, 2, Covariance.Isotropic).Compile(Inference.Exact()).Fit(data), "the exact backend for model 'linear'");
        Refused(() => Linear(1, 2, Covariance.Isotropic).Compile(Inference.Reparameterized(epochs: 1)).Fit(data), "the single-precision engine");
    }

    [Fact]
    public void EmOverASourceReadInBlocksMarginalisesMissingCellsAndVmpRefusesThemForAGaussianMixtureSayingHowToFitThem()
    {
        using var folder = new TempFolder();
        var path = folder["gaps.csv"];
        File.WriteAllText(path, "a,b\n1,2\n2,\n3,4\n4,3\n,1\n");
        var source = DataSource.CsvFile(path, blockRows: 2, missing: MissingValues.AtRandom);
        var em = Gmm(1, Covariance.Diagonal).Compile(Inference.Em(restarts: 1));
        var streamed = em.FitSource(source);
        var inMemory = em.Fit(source.ReadAll());
        Assert.Equal(inMemory.LogLikelihood, streamed.LogLikelihood, 1e-9 * Math.Abs(inMemory.LogLikelihood));
        var vmp = Assert.Throws<DataException>(() => Gmm(1, Covariance.Diagonal).Compile(Inference.Vmp()).FitSource(source));
        Assert.Contains("a fit over a data source read in blocks other than EM's for a Gaussian or Bernoulli mixture and VMP's for a Bernoulli mixture", vmp.Message);
        Assert.Contains("row 1 (line 3), column 1 'b'", vmp.Message);
    }

    /// <summary>
    /// A Bernoulli mixture over a CSV file read in blocks of 7 rows with 20% of its pixels missing: EM and VMP marginalise them
    /// block by block and give the fit of the same rows in memory within 1e-9 relative (log-likelihood, ELBO, every probability).
    /// </summary>
    [Theory]
    [InlineData("em")]
    [InlineData("vmp")]
    public void ABernoulliMixtureOverACsvFileWithMissingPixelsGivesTheInMemoryFit(string engine)
    {
        using var folder = new TempFolder();
        var data = Removed(Binary(60), 0.2, seed: 3);
        var source = DataSource.CsvFile(CsvOf(folder, data), blockRows: 7, missing: MissingValues.AtRandom);
        var model = Model.Define("bits").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Bernoulli())).Observe("x", 8);
        var compiled = model.Compile(engine == "em" ? Inference.Em(restarts: 2, seed: 1) : Inference.Vmp(restarts: 2, seed: 1));
        var inMemory = compiled.Fit(source.ReadAll());
        var streamed = compiled.FitSource(source);
        Assert.Equal(inMemory.LogLikelihood, streamed.LogLikelihood, 1e-9 * Math.Abs(inMemory.LogLikelihood));
        Assert.Equal(inMemory.Elbo.Value, streamed.Elbo.Value, 1e-9 * Math.Abs(inMemory.Elbo.Value));
        Assert.Equal(inMemory.Iterations, streamed.Iterations);
        var (held, read) = ((BernoulliMixture)inMemory.Parameters, (BernoulliMixture)streamed.Parameters);
        for (int i = 0; i < held.ProbabilitiesFlat.Length; i++) Assert.Equal(held.ProbabilitiesFlat[i], read.ProbabilitiesFlat[i], 1e-9);
        // The fit climbs its objective over the observed pixels (EM's log p(x_observed), VMP's ELBO): it beats its first iteration.
        var first = model.Compile(engine == "em" ? Inference.Em(restarts: 1, seed: 1, maxIterations: 1) : Inference.Vmp(restarts: 1, seed: 1, maxIterations: 1)).Fit(data);
        Assert.True(engine == "em" ? inMemory.LogLikelihood > first.LogLikelihood : inMemory.Elbo.Value > first.Elbo.Value);
    }

    /// <summary>
    /// A Bernoulli source of more rows than the start holds, with missing pixels: the start's sample and each block's nearest
    /// centre read the observed pixels, and EM's log p(x_observed) and VMP's ELBO never go down, ending near the fit in memory.
    /// </summary>
    [Fact]
    public void ABernoulliMixtureOverASourceLargerThanItsStartMarginalisesMissingPixelsByEmAndVmp()
    {
        using var folder = new TempFolder();
        var data = Removed(Binary(120), 0.2, seed: 4);
        var source = DataSource.CsvFile(CsvOf(folder, data), blockRows: 16, missing: MissingValues.AtRandom);
        var model = Model.Define("bits").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Bernoulli())).Observe("x", 8);
        foreach (var backend in new IBackend[] { new ProbLatent.Backends.Em.EmBackend(new ProbLatent.Backends.Em.EmOptions(Restarts: 1, Seed: 1, StartRows: 30)),
                     new ProbLatent.Backends.Vmp.VmpBackend(new ProbLatent.Backends.Vmp.VmpOptions(Restarts: 1, Seed: 1, StartRows: 30)) })
        {
            var streamed = model.Compile(backend).FitSource(source);
            var trace = streamed.Trace.ToArray();
            for (int i = 1; i < trace.Length; i++) Assert.True(trace[i] >= trace[i - 1] - 1e-9 * Math.Abs(trace[i]), $"{backend.Name}: {trace[i - 1]} then {trace[i]}");
            var inMemory = model.Compile(backend).Fit(data);
            Assert.Equal(inMemory.LogLikelihood, streamed.LogLikelihood, 0.05 * Math.Abs(inMemory.LogLikelihood));
        }
    }

    /// <summary>The rows as a CSV file of the folder, a missing cell empty.</summary>
    static string CsvOf(TempFolder folder, DataMatrix data)
    {
        var path = folder["bits.csv"];
        File.WriteAllLines(path, new[] { string.Join(",", Enumerable.Range(0, data.Columns).Select(j => $"x{j}")) }.Concat(Enumerable.Range(0, data.Rows)
            .Select(n => string.Join(",", data.Row(n).ToArray().Select(v => double.IsNaN(v) ? "" : v.ToString(System.Globalization.CultureInfo.InvariantCulture))))));
        return path;
    }

    /// <summary>Binary data of 8 columns: two prototypes, each pixel flipped with probability 0.1 (seeded).</summary>
    static DataMatrix Binary(int rows)
    {
        var random = new Random(11);
        var values = new double[rows * 8];
        for (int n = 0; n < rows; n++)
            for (int j = 0; j < 8; j++) values[n * 8 + j] = ((n % 2 == 0) == (j < 4)) != (random.NextDouble() < 0.1) ? 1 : 0;
        return new DataMatrix(values, rows, 8);
    }

    /// <summary>Each model family with missing cells, under every backend that compiles it: marginalised (a finite fit) or refused naming the backend or model and the first missing cell.</summary>
    static IEnumerable<(string Family, Model Model, DataMatrix Complete)> Families()
    {
        var iris = Examples.Iris();
        var binary = Binary(60);
        yield return ("gmm full", Gmm(2, Covariance.Full, 4), iris);
        yield return ("gmm diagonal", Gmm(2, Covariance.Diagonal, 4), iris);
        yield return ("bernoulli-mixture", Model.Define("bernoulli").Latent("z", Prior.Categorical(2))
            .Decoder(Decoder.PerComponent(Likelihood.Bernoulli())).Observe("x", 8), binary);
        yield return ("ppca", Linear(2, 4, Covariance.Isotropic), iris);
        yield return ("fa", Linear(2, 4, Covariance.Diagonal), iris);
        yield return ("mfa", FactorMixture("mfa"), iris);
        yield return ("mppca", FactorMixture("mppca"), iris);
        yield return ("mcfa", FactorMixture("mcfa"), iris);
        yield return ("boolean latents", Model.Define("boolean").Latent("z", Prior.Bernoulli(2))
            .Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", 8), binary);
        yield return ("sigmoid belief net", Model.Define("sbn").Latent("h2", Prior.Bernoulli(2)).Latent("h1", Prior.Bernoulli(2).Given("h2", Decoder.Linear(Likelihood.Bernoulli())))
            .Decoder(Decoder.Linear(Likelihood.Bernoulli())).Observe("x", 8), binary);
        yield return ("rbm", Model.Define("rbm").Latent("h", Prior.Bernoulli(2)).Energy(Energy.Bilinear()).Observe("x", 8), binary);
        yield return ("vae", Model.Define("vae").Latent("z", Prior.StandardNormal(2)).Decoder(Decoder.Mlp(4), Likelihood.Bernoulli()).Observe("x", 8), binary);
    }

    /// <summary>
    /// Every backend for every family, on data with missing cells: the backends that marginalise them are exactly these (EM and
    /// Exact at given parameters for the eight families that impute, VMP for them but the mixture of common factor analysers), each
    /// fit finite; every other refuses, naming itself (or the engine) and the first missing cell, and none gives a NaN.
    /// </summary>
    [Fact]
    public void EveryBackendAndFamilyMarginalisesMissingCellsOrRefusesThemNamingTheFirstNeverANaN()
    {
        var marginalised = new List<string>();
        var refused = new List<string>();
        foreach (var (family, model, complete) in Families())
        {
            var data = Removed(complete, 0.15, seed: 2);
            var (row, column) = Enumerable.Range(0, data.Rows).SelectMany(n => Enumerable.Range(0, data.Columns).Select(j => (n, j))).First(c => data.IsMissing(c.n, c.j));
            ILatentModel? parameters = null;
            foreach (var fitter in new IBackend[] { Inference.Em(restarts: 1, maxIterations: 3), Inference.Contrastive(epochs: 1, batchSize: 20) })
                try { parameters ??= model.Compile(fitter).Fit(complete).Parameters; }
                catch (BackendNotSupportedException) { }
            var backends = new List<IBackend> { Inference.Exact(), Inference.Em(restarts: 1, maxIterations: 3), Inference.Vmp(restarts: 1, maxIterations: 3),
                Inference.Reparameterized(epochs: 1, batchSize: 20), Inference.Contrastive(epochs: 1, batchSize: 20) };
            if (parameters is not null) backends.Add(Inference.Exact(parameters));
            foreach (var backend in backends)
            {
                CompiledModel compiled;
                try { compiled = model.Compile(backend); }
                catch (BackendNotSupportedException) { continue; }
                string cell = $"{family} by {backend.Name}{(backend is ExactBackend { Parameters: not null } ? " (given parameters)" : "")}";
                if (compiled.MarginalisesMissing)
                {
                    var fit = compiled.Fit(data);
                    Assert.True(double.IsFinite(fit.LogLikelihood) && double.IsFinite(fit.Elbo.Value), $"{cell}: {fit.LogLikelihood}, {fit.Elbo.Value}");
                    Assert.All(fit.Parameters.PointLogLikelihoods(data), v => Assert.True(double.IsFinite(v), cell));
                    marginalised.Add(cell);
                    continue;
                }
                var e = Assert.Throws<DataException>(() => compiled.Fit(data));
                Assert.True(e.Message.Contains("does not marginalise missing cells") && e.Row == row && e.Column == column, $"{cell}: {e.Message}");
                refused.Add(cell);
            }
        }
        string[] families = ["gmm full", "gmm diagonal", "bernoulli-mixture", "ppca", "fa", "mfa", "mppca", "mcfa"];
        Assert.Equal(families.SelectMany(f => new[] { $"{f} by em", $"{f} by exact (given parameters)" })
            .Concat(families.Where(f => f != "mcfa").Select(f => $"{f} by vmp")).Order(), marginalised.Order());
        Assert.Subset(refused.ToHashSet(), new HashSet<string> { "ppca by exact", "mcfa by vmp", "boolean latents by em",
            "sigmoid belief net by em", "sigmoid belief net by exact (given parameters)", "rbm by contrastive", "rbm by exact (given parameters)", "vae by reparameterized" });
    }
}
