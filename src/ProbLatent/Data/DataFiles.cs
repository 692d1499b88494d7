namespace ProbLatent.Data;

/// <summary>
/// The files that paths name as one data set: each file as given, and each folder's files of the known formats in sorted
/// (ordinal) order, so the same folder is always read in the same order.
/// </summary>
public static class DataFiles
{
    /// <summary>The files, folders expanded to their files whose extension is one of <paramref name="extensions"/> (".csv", ".parquet").</summary>
    /// <exception cref="DataException">A path is not there, or a folder holds no such file.</exception>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths, IReadOnlyCollection<string> extensions)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(extensions);
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path)
                    .Where(f => extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToArray();
                if (found.Length == 0)
                    throw new DataException($"is a folder without data files (no {string.Join(" or ", extensions.Select(e => $"*{e}"))})", path);
                files.AddRange(found);
            }
            else if (File.Exists(path)) files.Add(path);
            else throw new DataException("file not found", path);
        }
        if (files.Count == 0) throw new DataException("no data files were given: the data set is empty");
        return files;
    }
}
