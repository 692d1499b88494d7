using ProbLatent.Data;

namespace ProbLatent.Numerics;

/// <summary>
/// The count N, mean x̄ and maximum-likelihood covariance S = (1/N) Σₙ (xₙ − x̄)(xₙ − x̄)ᵀ (d×d row-major) of rows without
/// missing cells: all a linear-Gaussian model's fit reads of its data, taken from a matrix in memory or summed over a
/// source's blocks or over shards.
/// </summary>
internal sealed record DataMoments(int Count, double[] Mean, double[] Covariance)
{
    public int Dimension => Mean.Length;

    /// <summary>The moments of the rows in memory, as EM's linear-Gaussian fit takes them (<see cref="SampleMoments.Covariance"/>).</summary>
    /// <exception cref="InvalidOperationException">A cell is missing: its row's moments are not known (a fit that marginalises missing cells reads the rows).</exception>
    public static DataMoments Of(DataMatrix data)
    {
        if (data.HasMissing)
            throw new InvalidOperationException($"{data.Source}: the moments of rows with missing cells are not known; a fit that marginalises them reads each row");
        var mean = SampleMoments.Mean(data);
        return new DataMoments(data.Rows, mean, SampleMoments.Covariance(data, mean));
    }
}
