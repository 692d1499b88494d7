using ExampleSupport;
using MathNet.Numerics.LinearAlgebra;
using ProbLatent;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace Autoencoders;

/// <summary>One fit of the plain autoencoder with a code of some width, beside what principal components give at that width.</summary>
public sealed record CodeWidth(int Codes, double Reconstruction, double PrincipalReconstruction, double LeastCorrelation);

/// <summary>
/// The plain autoencoder of the course material: a linear encoder z = f(x) (a point-mass guide, nothing drawn) and a
/// linear decoder under Gaussian noise of variance 1, trained on Σ log p(x | f(x)) alone, which is −½ Σ ‖x − x̂‖² and a
/// constant. No linear map through q codes reconstructs better than projecting on the q leading principal components
/// (Eckart–Young), so their reconstruction is the ceiling; a fit that reaches it spans their subspace, and its codes are
/// then the principal scores up to an invertible map: their canonical correlations with the scores are all 1.
/// </summary>
public static class AutoencoderComparison
{
    public static Model Linear(int codes, int dimension) => Model.Define($"linear-autoencoder-{codes}")
        .Latent("z", Prior.StandardNormal(codes))
        .Decoder(Decoder.Linear(Likelihood.GaussianWithVariance(1)))
        .Observe("x", dimension)
        .Guide(Encoder.Linear().PointMass());

    public static IReadOnlyList<CodeWidth> Run(DataMatrix data, IEnumerable<int> widths, int epochs = 800, int seed = 1)
    {
        var x = Matrix<double>.Build.Dense(data.Rows, data.Columns, (n, j) => data[n, j]);
        var centred = x - Matrix<double>.Build.Dense(data.Rows, data.Columns, (_, j) => x.Column(j).Sum() / data.Rows);
        var evd = (centred.TransposeThisAndMultiply(centred) / data.Rows).Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, data.Columns).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        var results = new List<CodeWidth>();
        foreach (int q in widths)
        {
            var fit = Linear(q, data.Columns).Compile(Inference.Reparameterized(epochs: epochs, batchSize: data.Rows, learningRate: 2e-2, seed: seed)).Fit(data);
            var autoencoder = (Autoencoder)fit.Parameters;
            // Projecting on the leading q components leaves the other eigenvalues as the mean squared error per point.
            double error = data.Rows * order.Skip(q).Sum(i => evd.EigenValues[i].Real);
            double ceiling = -0.5 * error - 0.5 * data.Rows * data.Columns * Math.Log(2 * Math.PI);
            var codes = autoencoder.Encode(data).Means();
            var z = Matrix<double>.Build.Dense(data.Rows, q, (n, i) => codes[n * q + i]);
            var scores = centred * Matrix<double>.Build.DenseOfColumnVectors(order.Take(q).Select(i => evd.EigenVectors.Column(i)));
            results.Add(new CodeWidth(q, autoencoder.Reconstruction(data), ceiling, CanonicalCorrelations(z, scores).Min()));
        }
        return results;
    }

    /// <summary>The canonical correlations between the columns of two n × q matrices: the cosines of the angles between their centred spans.</summary>
    static double[] CanonicalCorrelations(Matrix<double> a, Matrix<double> b)
    {
        Matrix<double> Basis(Matrix<double> m)
        {
            var centred = m - Matrix<double>.Build.Dense(m.RowCount, m.ColumnCount, (_, j) => m.Column(j).Sum() / m.RowCount);
            return centred.QR().Q.SubMatrix(0, m.RowCount, 0, m.ColumnCount);
        }
        return Basis(a).TransposeThisAndMultiply(Basis(b)).Svd().S.Select(s => Math.Min(1, s)).ToArray();
    }

    public static void Print(IReadOnlyList<CodeWidth> widths, TextWriter writer)
    {
        var table = new TextTable("codes", "Σ log p(x | f(x))", "principal components", "short by", "least canonical correlation");
        foreach (var w in widths)
            table.Add(w.Codes.ToString(), w.Reconstruction.ToString("F3"), w.PrincipalReconstruction.ToString("F3"),
                (w.PrincipalReconstruction - w.Reconstruction).ToString("F4"), w.LeastCorrelation.ToString("F6"));
        table.Write(writer);
    }
}
