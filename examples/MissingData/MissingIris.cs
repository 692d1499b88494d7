using System.Globalization;
using ProbLatent;
using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace MissingData;

/// <summary>
/// Iris' four measurements with a share of the cells removed at random (seeded), fitted by a Gaussian mixture that
/// marginalises the missing cells, beside mean imputation (each missing cell at its column's observed mean, then the same
/// mixture fitted to the filled data): each fit's log p of the observed cells, and each imputation's error against the
/// removed values, per column; for reference, the mixture fitted before any cell was removed, scored and imputing the same way;
/// and one Gaussian of low-rank covariance, factor analysis and PPCA with two factors, and a mixture of three factor
/// analysers of two factors each, whose EM, and VMP's at its posterior means, marginalise the cells too.
/// </summary>
public static class MissingIris
{
    /// <summary>One way of handling the missing cells: the fit, its log p(x_observed), and its imputation's root mean square error per column.</summary>
    public sealed record Outcome(string Method, double LogObserved, double[] RootMeanSquareError);

    /// <summary>
    /// The measurements with <paramref name="share"/> of the cells removed, chosen uniformly at random (a seeded shuffle of
    /// all cells), skipping a cell that would leave its row with none observed.
    /// </summary>
    public static DataMatrix Remove(DataMatrix complete, double share, int seed)
    {
        var random = new Random(seed);
        var values = complete.Values.ToArray();
        int d = complete.Columns;
        var cells = Enumerable.Range(0, values.Length).ToArray();
        random.Shuffle(cells);
        var observed = Enumerable.Repeat(d, complete.Rows).ToArray();
        int target = (int)Math.Round(share * values.Length), removed = 0;
        foreach (int cell in cells)
        {
            if (removed == target) break;
            if (observed[cell / d] == 1) continue;
            values[cell] = double.NaN;
            observed[cell / d]--;
            removed++;
        }
        return new DataMatrix(values, complete.Rows, d, complete.ColumnNames, "iris with cells removed", MissingValues.AtRandom);
    }

    static Model Mixture(int components, int d) => Model.Define("iris")
        .Latent("z", Prior.Categorical(components))
        .Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full)))
        .Observe("x", dimension: d);

    static Model Factors(int d, Covariance noise) => Model.Define("iris")
        .Latent("z", Prior.StandardNormal(2))
        .Decoder(Decoder.Linear(Likelihood.Gaussian(noise)))
        .Observe("x", dimension: d);

    static Model FactorMixture(int components, int d) => Model.Define("iris")
        .Latent("c", Prior.Categorical(components))
        .Latent("z", Prior.StandardNormal(2))
        .Decoder(Decoder.PerComponent(Decoder.Linear(Likelihood.Gaussian(Covariance.Diagonal))))
        .Observe("x", dimension: d);

    /// <summary>The marginalised fits, and mean imputation's, each scored on the observed cells of <paramref name="data"/>.</summary>
    public static Outcome[] Run(DataMatrix complete, DataMatrix data, int components = 3, int restarts = 5, int seed = 1)
    {
        var em = Inference.Em(restarts: restarts, seed: seed);
        var model = Mixture(components, data.Columns);
        var marginalised = model.Compile(em).Fit(data);
        var mixture = (GaussianMixture)marginalised.Parameters;

        var means = Enumerable.Range(0, data.Columns)
            .Select(j => Enumerable.Range(0, data.Rows).Where(n => !data.IsMissing(n, j)).Average(n => data[n, j])).ToArray();
        var filledValues = data.Values.ToArray();
        for (int i = 0; i < filledValues.Length; i++)
            if (double.IsNaN(filledValues[i])) filledValues[i] = means[i % data.Columns];
        var filled = new DataMatrix(filledValues, data.Rows, data.Columns, data.ColumnNames, "iris, mean-imputed");
        var meanFit = (GaussianMixture)model.Compile(em).Fit(filled).Parameters;

        var oracle = (GaussianMixture)model.Compile(em).Fit(complete).Parameters;

        var analysis = Factors(data.Columns, Covariance.Diagonal).Compile(em).Fit(data);
        var ppca = Factors(data.Columns, Covariance.Isotropic).Compile(em).Fit(data);
        var vmp = Inference.Vmp(restarts: restarts, seed: seed);
        var bayesianAnalysis = Factors(data.Columns, Covariance.Diagonal).Compile(vmp).Fit(data);
        var analysers = FactorMixture(components, data.Columns).Compile(em).Fit(data);
        var bayesianAnalysers = FactorMixture(components, data.Columns).Compile(vmp).Fit(data);

        return
        [
            new("mixture, missing cells marginalised (EM)", marginalised.LogLikelihood, Error(complete, data, mixture.Impute(data))),
            new("mean imputation, then the mixture", meanFit.PointLogLikelihoods(data).Sum(), Error(complete, data, filled)),
            new("mixture fitted to the complete data", oracle.PointLogLikelihoods(data).Sum(), Error(complete, data, oracle.Impute(data))),
            new("factor analysis, 2 factors, marginalised (EM)", analysis.LogLikelihood, Error(complete, data, ((IImputingModel)analysis.Parameters).Impute(data))),
            new("PPCA, 2 factors, marginalised (EM)", ppca.LogLikelihood, Error(complete, data, ((IImputingModel)ppca.Parameters).Impute(data))),
            Marginalised("factor analysis, 2 factors, marginalised (VMP)", bayesianAnalysis, complete, data),
            Marginalised($"MFA, {components} × 2 factors, marginalised (EM)", analysers, complete, data),
            Marginalised($"MFA, {components} × 2 factors, marginalised (VMP)", bayesianAnalysers, complete, data),
        ];
    }

    /// <summary>A fit's log p of the observed cells (VMP's at its posterior means) and its imputation's error.</summary>
    static Outcome Marginalised(string method, FitResult fit, DataMatrix complete, DataMatrix data) =>
        new(method, fit.LogLikelihood, Error(complete, data, ((IImputingModel)fit.Parameters).Impute(data)));

    /// <summary>The root mean square error per column of <paramref name="imputed"/> against the removed cells' true values.</summary>
    public static double[] Error(DataMatrix complete, DataMatrix data, DataMatrix imputed)
    {
        var result = new double[data.Columns];
        for (int j = 0; j < data.Columns; j++)
        {
            var removed = Enumerable.Range(0, data.Rows).Where(n => data.IsMissing(n, j)).ToArray();
            result[j] = Math.Sqrt(removed.Average(n => Math.Pow(imputed[n, j] - complete[n, j], 2)));
        }
        return result;
    }

    public static void Print(DataMatrix data, IReadOnlyList<Outcome> outcomes, TextWriter output)
    {
        string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        output.WriteLine($"{data.MissingCount} of {data.Rows * data.Columns} cells missing ({F(100.0 * data.MissingCount / (data.Rows * data.Columns), "F1")}%)");
        output.WriteLine();
        output.WriteLine($"{"method",-47} {"log p(x_obs)",13}   RMSE of the removed cells: {string.Join("  ", data.ColumnNames)}");
        foreach (var o in outcomes)
            output.WriteLine($"{o.Method,-47} {F(o.LogObserved, "F3"),13}   {string.Join("  ", o.RootMeanSquareError.Select((e, j) => F(e, "F3").PadLeft(data.ColumnNames[j].Length)))}");
    }
}
