using System.Text.Json;
using System.Text.Json.Serialization;
using ProbLatent.LatentModels;

namespace ProbLatent.Files;

/// <summary>
/// Saves and loads any fitted model — Gaussian and Bernoulli mixtures, PPCA, factor analysis, boolean latents and
/// variational autoencoders — as a <c>.plm</c> file (<see cref="ModelFileContainer"/>): versioned, checksummed, written
/// atomically, and read back bit for bit, so the loaded model computes exactly the log-likelihoods the saved one did.
/// </summary>
/// <remarks>
/// A VAE or plain autoencoder keeps its own format (magic "PLVAEMDL", float32 weights, <see cref="NetworkModel.Save"/>; the
/// architecture in its header says which guide it has); every
/// other family is one format (magic "PLLATENT", version 1): a JSON <see cref="LatentModelHeader"/> naming the family,
/// its sizes, its arrays and the data's column names, then the arrays' float64 values. <see cref="Load"/> reads both. A missing, truncated,
/// corrupt, other-version, foreign or unknown-family file raises <see cref="ModelFileException"/> saying which.
/// </remarks>
public static class LatentModelFile
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// Saves a fitted model to <paramref name="path"/>, replacing any file there only once the new one is complete, with
    /// the names of the data columns it was fitted on when they are given (<c>FitResult.Save</c> gives the fit's).
    /// </summary>
    /// <param name="columnNames">One name per data column, which <see cref="Read"/> gives back; null for none.</param>
    /// <param name="origin">The fit the parameters came from, which <see cref="Read"/> gives back; null for none (a VAE's file keeps none).</param>
    public static void Save(ILatentModel model, string path, IReadOnlyList<string>? columnNames = null, ModelOrigin? origin = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var columns = CheckColumns(columnNames, model.DataDimension);
        if (model is NetworkModel network)
        {
            VaeFile.Save(network.Network, path, columns);
            return;
        }
        var (header, arrays) = LatentModelCodec.Encode(model);
        ModelFileContainer.Write(path, ModelFileFormat.LatentModel, JsonSerializer.SerializeToUtf8Bytes(
            header with { Columns = columns, Backend = origin?.Backend, PosteriorMeans = origin is { PosteriorMeans: true } ? true : null }, Json), stream =>
        {
            foreach (var array in arrays) ModelFileContainer.WriteValues<double>(stream, array);
        });
    }

    /// <summary>The names as the file keeps them: one per data column, or none.</summary>
    internal static string[]? CheckColumns(IReadOnlyList<string>? columnNames, int dimension)
    {
        if (columnNames is null) return null;
        if (columnNames.Count != dimension)
            throw new ArgumentException($"{columnNames.Count} column names for a model of data dimension {dimension}", nameof(columnNames));
        if (columnNames.Any(name => name is null)) throw new ArgumentException("a column name is null", nameof(columnNames));
        return columnNames.ToArray();
    }

    /// <summary>Loads a model saved by <see cref="Save"/> (or <see cref="NetworkModel.Save"/>).</summary>
    public static ILatentModel Load(string path) => Read(path).Model;

    /// <summary>
    /// Loads a saved model with the names of the data columns it was fitted on, to match new data to
    /// (<see cref="SavedModel.Match"/>).
    /// </summary>
    public static SavedModel Read(string path)
    {
        var file = ModelFileContainer.Read(path);
        if (file.Format == ModelFileFormat.VariationalAutoencoder)
        {
            var (network, columns) = VaeFile.Read(file);
            return new SavedModel(NetworkModel.Of(network), columns, path);
        }

        var header = file.Header<LatentModelHeader>(Json);
        var shapes = header.Arrays ?? [];
        if (shapes.Any(a => a.Length < 0 || a.Name is null)) throw file.Error("is corrupt: an array in its header has no name or a negative length");
        if (shapes.GroupBy(a => a.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw file.Error($"is corrupt: its header names the array '{twice.Key}' twice");
        var values = file.Values(shapes.Sum(a => (long)a.Length * sizeof(double)));
        var arrays = new Dictionary<string, double[]>();
        int offset = 0;
        foreach (var shape in shapes)
        {
            arrays[shape.Name] = ReadDoubles(values.Slice(offset, shape.Length * sizeof(double)));
            offset += shape.Length * sizeof(double);
        }
        file.CheckColumns(header.Columns, header.Dimension);
        try
        {
            return new SavedModel(LatentModelCodec.Decode(header, arrays), header.Columns, path)
            {
                Origin = header.Backend is { } backend ? new ModelOrigin(backend, header.PosteriorMeans == true) : null,
            };
        }
        catch (InvalidDataException e)
        {
            throw file.Error(e.Message);
        }
        catch (ArgumentException e)
        {
            // An ArgumentOutOfRangeException's message puts the actual value on a line of its own.
            throw file.Error($"is corrupt: its {header.Family} parameters are invalid ({e.Message.ReplaceLineEndings(" ")})");
        }
    }

    /// <summary>Loads a model that must be a <typeparamref name="T"/>, such as a <see cref="GaussianMixture"/>.</summary>
    public static T Load<T>(string path) where T : ILatentModel
    {
        var model = Load(path);
        return model is T typed
            ? typed
            : throw new ModelFileException(path, $"holds a {model.GetType().Name}, not a {typeof(T).Name}");
    }

    static double[] ReadDoubles(ReadOnlySpan<byte> bytes)
    {
        var values = new double[bytes.Length / sizeof(double)];
        ModelFileContainer.ReadValues(bytes, values.AsSpan());
        return values;
    }
}
