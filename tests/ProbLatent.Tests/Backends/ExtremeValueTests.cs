using ProbLatent.Backends;
using ProbLatent.Data;
using ProbLatent.Modeling;

namespace ProbLatent.Tests.Backends;

/// <summary>
/// Data whose squares overflow, or whose spread is too small for its reciprocal to be computed, is refused before any
/// fit, naming the column and its largest magnitude or spread; it once ended in an IndexOutOfRangeException inside exact
/// PPCA's eigen-decomposition, "loadings and mean must be finite" from EM, and a NaN factor from VMP.
/// </summary>
public class ExtremeValueTests
{
    static Model Gmm => Model.Define("gmm").Latent("z", Prior.Categorical(2)).Decoder(Decoder.PerComponent(Likelihood.Gaussian(Covariance.Full))).Observe("x", 2);

    static Model Linear(Covariance noise) => Model.Define("linear").Latent("z", Prior.StandardNormal(1)).Decoder(Decoder.Linear(Likelihood.Gaussian(noise))).Observe("x", 2);

    /// <summary>Old Faithful with its waiting times (or both columns) multiplied by <paramref name="factor"/>, as read from a CSV file.</summary>
    static DataMatrix Faithful(double factor, bool bothColumns = false)
    {
        var data = Examples.OldFaithful();
        var values = data.Values.ToArray();
        for (int i = bothColumns ? 0 : 1; i < values.Length; i += bothColumns ? 1 : 2) values[i] *= factor;
        return new DataMatrix(values, data.Rows, 2, data.ColumnNames, "faithful.csv") { FirstLine = 2 };
    }

    public static TheoryData<string, string> Fits => new()
    {
        { "gmm", "exact" }, { "gmm", "em" }, { "gmm", "vmp" },
        { "ppca", "exact" }, { "ppca", "em" }, { "ppca", "vmp" }, { "ppca", "reparameterized" },
        { "fa", "em" }, { "fa", "vmp" }, { "fa", "reparameterized" },
    };

    static CompiledModel Compile(string model, string backend)
    {
        var description = model switch { "gmm" => Gmm, "ppca" => Linear(Covariance.Isotropic), _ => Linear(Covariance.Diagonal) };
        IBackend inference = backend switch
        {
            "exact" when model == "gmm" => Inference.Exact(new LatentModels.GaussianMixture([0.5, 0.5], [0, 0, 1, 1], [1, 0, 0, 1, 1, 0, 0, 1], 2, Covariance.Full)),
            "exact" => Inference.Exact(),
            "em" => Inference.Em(restarts: 1, maxIterations: 5),
            "vmp" => Inference.Vmp(restarts: 1, maxIterations: 5),
            _ => Inference.Reparameterized(epochs: 1),
        };
        return description.Compile(inference);
    }

    [Theory]
    [MemberData(nameof(Fits))]
    public void Values_whose_squares_overflow_are_refused_naming_the_column_and_its_largest_magnitude(string model, string backend)
    {
        var data = Faithful(1e300);
        var e = Assert.Throws<DataException>(() => Compile(model, backend).Fit(data));
        Assert.Equal((1, "waiting"), (e.Column, e.ColumnName));
        if (backend == "reparameterized")
        {
            // Single precision cannot hold the first of them: row 0's wait of 79 minutes.
            Assert.StartsWith("faithful.csv, row 0 (line 2), column 1 'waiting': value 7.9", e.Message);
            Assert.EndsWith("is beyond single precision's range (±3.4e38): rescale the column", e.Message);
            return;
        }
        // Row 148 holds the longest wait, 96 minutes: the largest magnitude, on line 150 of the file.
        Assert.Equal("faithful.csv, row 148 (line 150), column 1 'waiting': 9.6e301 is the column's largest magnitude, beyond the 1e74 up to which " +
                     "a fit's sums of squares stay finite in double precision: rescale the column (divide it by 1e301, say)", e.Message);
    }

    [Theory]
    [MemberData(nameof(Fits))]
    public void A_column_spread_too_finely_for_its_precision_to_be_computed_is_refused(string model, string backend)
    {
        var data = Faithful(1e-300);
        var e = Assert.Throws<DataException>(() => Compile(model, backend).Fit(data));
        Assert.Equal((1, "waiting", null), (e.Column, e.ColumnName, e.Row));
        // Single precision holds none of them: they all become 0.
        Assert.Contains(backend == "reparameterized"
            ? "the column is constant (0)"
            : "its values span only 5.3e-299 (from 4.3e-299 to 9.6e-299), below the 1e-74 at which a fit's precisions (1 / variance) overflow double precision: " +
              "rescale the column (multiply it by 1e299, say)", e.Message);
    }

    [Theory]
    [InlineData("ppca")]
    [InlineData("fa")]
    public void A_single_row_is_refused_by_maximum_likelihood_linear_models(string model)
    {
        // EM once started from a noise variance of 0 and failed with the constructor's ArgumentException.
        var one = new DataMatrix([3.6, 79], 1, 2, ["eruptions", "waiting"], "one.csv");
        var e = Assert.Throws<DataException>(() => Compile(model, "em").Fit(one));
        Assert.Equal("one.csv: has 1 row; maximum likelihood estimates the noise variance from the data's spread, which needs at least 2 " +
                     "(VMP, whose priors regularise it, fits one)", e.Message);
        Assert.True(double.IsFinite(Compile(model, "vmp").Fit(one).LogLikelihood));
    }

    [Fact]
    public void The_single_precision_engine_has_its_own_limits()
    {
        var e = Assert.Throws<DataException>(() => Compile("ppca", "reparameterized").Fit(Faithful(1e13)));
        Assert.Contains("9.6e14 is the column's largest magnitude, beyond the 1e14 up to which a fit's sums of squares stay finite in single precision", e.Message);
        e = Assert.Throws<DataException>(() => Compile("ppca", "reparameterized").Fit(Faithful(1e-16)));
        Assert.Contains("its values span only 5.3e-15 (from 4.3e-15 to 9.6e-15), below the 1e-14 at which a fit's precisions (1 / variance) overflow single precision: " +
                        "rescale the column (multiply it by 1e15, say)", e.Message);
    }

    [Theory]
    [InlineData("exact")]
    [InlineData("em")]
    public void Values_just_inside_the_limit_fit(string backend)
    {
        // Exact PPCA's eigen-decomposition squares the covariance's entries: fourth powers of the data, which at 1e80
        // overflowed. At 1e70 the fit is the unscaled one, its log-likelihood shifted by −N·D·log s.
        double Fit(double factor) => Compile("ppca", backend).Fit(Faithful(factor, bothColumns: true)).LogLikelihood;
        Assert.Equal(Fit(1) - 272 * 2 * Math.Log(1e70), Fit(1e70), 1e-6 * Math.Abs(Fit(1e70)));
    }

    [Fact]
    public void A_fitted_model_refuses_to_evaluate_values_beyond_the_limit()
    {
        var mixture = Compile("gmm", "em").Fit(Examples.OldFaithful()).Parameters;
        var linear = Compile("ppca", "exact").Fit(Examples.OldFaithful()).Parameters;
        var huge = Faithful(1e80);
        foreach (var model in new[] { mixture, linear })
        {
            Assert.Contains("the column's largest magnitude", Assert.Throws<DataException>(() => model.PointLogLikelihoods(huge)).Message);
            Assert.Contains("the column's largest magnitude", Assert.Throws<DataException>(() => model.Posterior(huge)).Message);
        }
        // A saved model evaluates data of any spread: a column of tiny values is only far from the fitted means.
        Assert.All(linear.PointLogLikelihoods(Faithful(1e-300)), v => Assert.True(double.IsFinite(v)));
    }
}
