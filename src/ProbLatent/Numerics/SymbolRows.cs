using ProbLatent.Data;

namespace ProbLatent.Numerics;

/// <summary>Rows of symbol indices (a categorical likelihood's data) in the forms the fits read them.</summary>
internal static class SymbolRows
{
    /// <summary>
    /// The rows one-hot, d·S columns with column j's symbol v a 1 at j·S + v: the rows k-means++ starts a categorical
    /// mixture from, whose squared distance between two rows is twice the number of columns whose symbols differ.
    /// </summary>
    public static DataMatrix OneHot(DataMatrix data, int symbols)
    {
        int d = data.Columns;
        var oneHot = new double[data.Rows * d * symbols];
        for (int n = 0; n < data.Rows; n++)
        {
            var x = data.Row(n);
            for (int j = 0; j < d; j++) oneHot[(n * d + j) * symbols + (int)x[j]] = 1;
        }
        return new DataMatrix(oneHot, data.Rows, d * symbols, source: data.Source);
    }

    /// <summary>
    /// Adds Σₙ rₙₖ [xₙⱼ = v] of rows [<paramref name="start"/>, <paramref name="end"/>) into <paramref name="counts"/> (K×d×S:
    /// component, column, symbol), row by row, <paramref name="responsibilities"/> holding those rows' q(zₙ) ((end − start)×K).
    /// </summary>
    public static void AddCounts(DataMatrix data, int start, int end, ReadOnlySpan<double> responsibilities, int components, int symbols, Span<double> counts)
    {
        int k = components, d = data.Columns, s = symbols;
        for (int n = start; n < end; n++)
        {
            var x = data.Row(n);
            var r = responsibilities.Slice((n - start) * k, k);
            for (int c = 0; c < k; c++)
            {
                double w = r[c];
                if (w == 0) continue;
                for (int j = 0; j < d; j++) counts[(c * d + j) * s + (int)x[j]] += w;
            }
        }
    }

    /// <summary>
    /// Adds Σⱼ table[(k·d + j)·S + xₙⱼ] for every component k to each row's <paramref name="result"/> ((end − start)×K): the log
    /// likelihoods log p(xₙ | k) = Σⱼ log φₖⱼ[xₙⱼ] at a table of log φ, or VMP's messages at a table of E[log φ].
    /// </summary>
    public static void AddLogTerms(DataMatrix data, int start, int end, ReadOnlySpan<double> table, int components, int symbols, Span<double> result)
    {
        for (int n = start; n < end; n++) AddLogTerms(data.Row(n), table, components, symbols, result.Slice((n - start) * components, components));
    }

    /// <summary>The same for one row <paramref name="x"/> of d symbols, into its K terms <paramref name="result"/>.</summary>
    public static void AddLogTerms(ReadOnlySpan<double> x, ReadOnlySpan<double> table, int components, int symbols, Span<double> result)
    {
        int d = x.Length, s = symbols;
        for (int c = 0; c < components; c++)
        {
            double sum = 0;
            var logs = table.Slice(c * d * s, d * s);
            for (int j = 0; j < d; j++) sum += logs[j * s + (int)x[j]];
            result[c] += sum;
        }
    }
}
