using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Passes;

/// <summary>Where a plate's q(zₙ) starts, block by block as the first pass reads its rows.</summary>
internal abstract class PlateStart
{
    /// <summary>Sets the starting q(zₙ) of <paramref name="rows"/> ((rows)×K, row-major), the first of them row <paramref name="firstRow"/> of the pass.</summary>
    public abstract void Fill(DataMatrix rows, long firstRow, Span<double> probabilities);

    /// <summary>A start drawn here as the rows come (a given fit's posterior, random point masses), which no shard is sent.</summary>
    public static PlateStart Of(Action<DataMatrix, Span<double>> fill) => new LocalStart(fill);

    sealed class LocalStart(Action<DataMatrix, Span<double>> fill) : PlateStart
    {
        public override void Fill(DataMatrix rows, long firstRow, Span<double> probabilities) => fill(rows, probabilities);
    }
}

/// <summary>Every row's starting q(zₙ), given (N×K, row-major, the pass's rows in order); a shard is sent its own rows' share.</summary>
internal sealed class GivenStart(double[] probabilities, int states) : PlateStart
{
    public double[] Probabilities { get; } = probabilities;

    public int States { get; } = states;

    public override void Fill(DataMatrix rows, long firstRow, Span<double> probabilities) =>
        Probabilities.AsSpan(checked((int)firstRow * States), probabilities.Length).CopyTo(probabilities);

    /// <summary>The share of the <paramref name="rows"/> rows from <paramref name="firstRow"/> on, as a start of their own.</summary>
    public GivenStart Slice(long firstRow, long rows) =>
        new(Probabilities.AsSpan(checked((int)firstRow * States), checked((int)rows * States)).ToArray(), States);
}

/// <summary>Each row on the nearest of k-means++ centres (in units of each column's spread when weights are given), as a point mass.</summary>
internal sealed class NearestCentreStart(double[] centres, int components, double[]? columnWeights) : PlateStart
{
    public double[] Centres { get; } = centres;

    public int Components { get; } = components;

    public double[]? ColumnWeights { get; } = columnWeights;

    public override void Fill(DataMatrix rows, long firstRow, Span<double> probabilities)
    {
        probabilities.Clear();
        for (int n = 0; n < rows.Rows; n++)
            probabilities[n * Components + (rows.HasMissing
                ? DenseKMeansDistances.NearestOverObserved(rows.Row(n), Centres, Components, ColumnWeights)
                : DenseKMeansDistances.Nearest(rows.Row(n), Centres, Components, ColumnWeights))] = 1;
    }
}
