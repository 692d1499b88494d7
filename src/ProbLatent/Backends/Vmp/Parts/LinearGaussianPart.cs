using ProbLatent.Backends.Vmp.Factors;
using ProbLatent.Backends.Vmp.Models;
using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;
using ProbLatent.Modeling.Graph;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Parts;

/// <summary>
/// A linear decoder with Gaussian noise reading a Gaussian latent (<see cref="LinearParameters"/>: loadings under ARD,
/// offsets, Gamma noise precisions per dimension or one shared), one decoder or one per state of a categorical that
/// selects it. Its factor is the one of the plate its input lives on: <see cref="LinearGaussianFactor"/> on a Gaussian
/// plate (Bayesian PCA and factor analysis), <see cref="FactorMixtureFactor"/> on a structured plate, selected (a mixture
/// of factor analysers or of PPCA) or shared by every component (a mixture of common factor analysers). On data with missing
/// cells it is <see cref="MissingCellsFactorMixtureFactor"/>, over the observed cells, on a factor-mixture plate that keeps a
/// covariance per pattern of missing cells (of one component for PPCA and factor analysis, see <see cref="GaussianPlatePart"/>).
/// <para>
/// Start: the offsets at the column means of the points each decoder explains, the noise at their column variances (a
/// selected decoder: weighted by the start responsibilities, at least 1% of the data's, as EM starts), the loadings at
/// random in units of that spread, which breaks the symmetry between factors (<see cref="LinearParameters.Start"/>).
/// </para>
/// </summary>
internal sealed class LinearGaussianPart(string owner, DecoderNode decoder) : VmpPart
{
    LinearParameters? _parameters;

    LatentNode Input => decoder.Input!;
    LatentNode? Selector => decoder.Selector;
    bool Isotropic => decoder.Likelihood is GaussianLikelihood { Covariance: Covariance.Isotropic };
    int Decoders => Selector?.States ?? 1;

    /// <summary>Whether the input lives on a structured plate with a categorical latent that selects its conditional (see <see cref="StructuredPlatePart"/>).</summary>
    bool Structured(VmpAssembly assembly) => assembly.Plate(Input) is FactorMixturePlateNode && !Input.IsRoot;

    public override string Description => Selector is null
        ? $"decoder of '{owner}': {decoder}, loadings under ARD, offsets and Gamma noise"
        : $"decoder of '{owner}': {decoder}, per state of '{Selector.Name}' loadings under ARD, means and Gamma noise";

    public override PartKind Kind => PartKind.Decoder;

    /// <summary>One decoder on a Gaussian plate reads the data's moments alone (<see cref="LinearGaussianFactor"/>); a selected one reads each row.</summary>
    public override bool Streams => Selector is null;

    public override void AddNodes(VmpAssembly assembly)
    {
        _parameters = LinearParameters.Add(assembly.Graph, Decoders, assembly.Data.Columns, Input.Dimension, Isotropic, Selector is null ? "offsets" : "means");
        assembly.AddReader(Input, _parameters);
    }

    public override void Connect(VmpAssembly assembly)
    {
        var p = _parameters!;
        var graph = assembly.Graph;
        var data = assembly.Data;
        string z = Input.Name;
        if (Selector is { } c)
        {
            p.ConnectPriors(graph, assembly.Resolved, $"loadings[{c.Name}] ~ N(0, diag(ARD precisions[{c.Name}])⁻¹)");
            var plate = assembly.Plate<FactorMixturePlateNode>(Input);
            string selected = $"{owner} ~ N(loadings[{c.Name}] {z} + means[{c.Name}], 1/noise precisions[{c.Name}])";
            graph.Connect(assembly.HasMissing
                ? new MissingCellsFactorMixtureFactor(selected, data, plate, p.Loadings, p.Offsets, p.Noise, Isotropic)
                : (Factor)new FactorMixtureFactor(selected, data, plate, p.Loadings, p.Offsets, p.Noise, Isotropic), plate, p.Loadings, p.Offsets, p.Noise);
            return;
        }
        p.ConnectPriors(graph, assembly.Resolved, "loadings ~ N(0, diag(ARD precisions)⁻¹)");
        string name = $"{owner} ~ N(loadings {z} + offsets, 1/noise precisions)";
        if (assembly.HasMissing)
        {
            // The Gaussian plate of data with missing cells is one of one component, a covariance per pattern (GaussianPlatePart).
            var plate = assembly.Plate<FactorMixturePlateNode>(Input);
            graph.Connect(new MissingCellsFactorMixtureFactor(name, data, plate, p.Loadings, p.Offsets, p.Noise, Isotropic), plate, p.Loadings, p.Offsets, p.Noise);
        }
        else if (Structured(assembly))
        {
            var plate = assembly.Plate<FactorMixturePlateNode>(Input);
            graph.Connect(new FactorMixtureFactor(name, data, plate, p.Loadings, p.Offsets, p.Noise, Isotropic, selected: false), plate, p.Loadings, p.Offsets, p.Noise);
        }
        else
        {
            var plate = assembly.Plate<VectorGaussianPlateNode>(Input);
            graph.Connect(new LinearGaussianFactor(name, assembly.Moments, plate, p.Loadings, p.Offsets, p.Noise), plate, p.Loadings, p.Offsets, p.Noise);
        }
    }

    public override IEnumerable<Node> Start(VmpAssembly assembly)
    {
        var p = _parameters!;
        var data = assembly.Data;
        if (Selector is { } c)
        {
            // With missing cells each component starts from the moments of its points with the cells at their column means.
            var filled = SampleMoments.MeanFilled(data);
            var responsibilities = assembly.Responsibilities(c);
            var overall = SampleMoments.ColumnScales(data);
            for (int k = 0; k < Decoders; k++)
            {
                var (count, centre, spread) = WeightedMoments(filled, responsibilities, Decoders, k);
                // A cluster of one point, or flat in a column, starts with a fraction of the data's variance there, as EM's does.
                p.Start(k, count, centre, spread.Select((v, j) => Math.Max(v, 0.01 * overall[j])).ToArray(), assembly.Random);
            }
        }
        else
        {
            // Each column's mean and (biased) variance over every row, 1 where a column has no spread (one row), so the start stays finite and scale-free.
            // The data's moments take complete rows; with missing cells (held in memory) the count is the rows'.
            p.Start(0, assembly.HasMissing ? assembly.Data.Rows : assembly.Moments.Count, assembly.ColumnMeans, assembly.ColumnScales, assembly.Random);
        }
        return [p.Loadings, p.Offsets, p.Noise];
    }

    /// <summary>Nₖ = Σₙ rₙₖ and component k's weighted column means and (biased) variances; an empty component takes the whole data's.</summary>
    public static (double Count, double[] Means, double[] Variances) WeightedMoments(DataMatrix data, double[] responsibilities, int k, int c)
    {
        int d = data.Columns;
        double count = 0;
        var sums = new double[d];
        var squares = new double[d];
        for (int n = 0; n < data.Rows; n++)
        {
            double w = responsibilities[n * k + c];
            if (w == 0) continue;
            count += w;
            var x = data.Row(n);
            for (int j = 0; j < d; j++)
            {
                sums[j] += w * x[j];
                squares[j] += w * x[j] * x[j];
            }
        }
        if (count < 1e-10)
        {
            var (means, variances) = SampleMoments.ColumnMoments(data);
            return (count, means, variances);
        }
        var centre = sums.Select(s => s / count).ToArray();
        return (count, centre, squares.Select((s, j) => Math.Max(s / count - centre[j] * centre[j], 0)).ToArray());
    }

    public override IParameterPosterior ParameterPosterior(VmpAssembly assembly)
    {
        var p = _parameters!;
        if (Selector is { } c)
            return new FactorAnalyserMixturePosterior(assembly.Weights(c).Posterior(), Enumerable.Range(0, Decoders).Select(p.Posterior).ToArray());
        if (Structured(assembly))
            return assembly.Conditional(Input).Posterior(assembly, p.Posterior(0));
        return p.Posterior(0);
    }

    /// <summary>
    /// One decoder on a Gaussian plate: from the data's moments, so a fit over a source or shards reads no row again to score;
    /// with missing cells (held in memory) the rows' observed cells are scored instead.
    /// </summary>
    public override double? LogLikelihood(VmpAssembly assembly, ILatentModel parameters) =>
        Selector is null && !Structured(assembly) && !assembly.HasMissing ? ((LinearGaussianModel)parameters).LogLikelihood(assembly.Moments) : null;

    public override void CheckSpread(VmpAssembly assembly, DataMatrix data)
    {
        if (Selector is not null)
            MixtureSpread.Check(SampleMoments.MeanFilled(data), StructuredPlatePart.Responsibilities(assembly.Plate<FactorMixturePlateNode>(Input)), full: false);
    }
}
