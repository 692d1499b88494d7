using System.Text.Json;
using System.Text.Json.Serialization;
using ProbLatent.Backends.Reparameterized;
using ProbLatent.LatentModels;

namespace ProbLatent.Files;

/// <summary>
/// Saves and loads any fitted model — Gaussian and Bernoulli mixtures, PPCA, factor analysis, boolean latents and
/// variational autoencoders — as a <c>.plm</c> file (<see cref="ModelFileContainer"/>): versioned, checksummed, written
/// atomically, and read back bit for bit, so the loaded model computes exactly the log-likelihoods the saved one did.
/// </summary>
/// <remarks>
/// A VAE keeps its own format (magic "PLVAEMDL", float32 weights, <see cref="VariationalAutoencoder.Save"/>); every
/// other family is one format (magic "PLLATENT", version 1): a JSON <see cref="LatentModelHeader"/> naming the family,
/// its sizes and its arrays, then the arrays' float64 values. <see cref="Load"/> reads both. A missing, truncated,
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

    /// <summary>Saves a fitted model to <paramref name="path"/>, replacing any file there only once the new one is complete.</summary>
    public static void Save(ILatentModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (model is VariationalAutoencoder vae)
        {
            vae.Save(path);
            return;
        }
        var (header, arrays) = LatentModelCodec.Encode(model);
        ModelFileContainer.Write(path, ModelFileFormat.LatentModel, JsonSerializer.SerializeToUtf8Bytes(header, Json), stream =>
        {
            foreach (var array in arrays) ModelFileContainer.WriteValues<double>(stream, array);
        });
    }

    /// <summary>Loads a model saved by <see cref="Save"/> (or <see cref="VariationalAutoencoder.Save"/>).</summary>
    public static ILatentModel Load(string path)
    {
        var file = ModelFileContainer.Read(path);
        if (file.Format == ModelFileFormat.VariationalAutoencoder) return new VariationalAutoencoder(VaeFile.Read(file));

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
        try
        {
            return LatentModelCodec.Decode(header, arrays);
        }
        catch (InvalidDataException e)
        {
            throw file.Error(e.Message);
        }
        catch (ArgumentException e)
        {
            throw file.Error($"is corrupt: its {header.Family} parameters are invalid ({e.Message})");
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
