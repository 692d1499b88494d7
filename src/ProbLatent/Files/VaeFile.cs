using System.Text.Json;
using System.Text.Json.Serialization;
using ProbLatent.LatentModels;

namespace ProbLatent.Files;

/// <summary>
/// The saved form of a trained variational autoencoder, in the container every saved model shares
/// (<see cref="ModelFileContainer"/>) with magic "PLVAEMDL", format version 1: a JSON header holding the architecture and
/// each parameter's name and shape in storage order (and the data's column names, when it had them), then the
/// parameters' float32 values in that order.
/// </summary>
internal static class VaeFile
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <param name="Columns">The names of the data columns it was trained on; null (and left out) for none, as in files saved before they were kept.</param>
    sealed record Header(VaeArchitecture Architecture, ParameterShape[] Parameters, string[]? Columns = null);

    sealed record ParameterShape(string Name, int Rows, int Columns);

    public static void Save(VaeNetwork network, string path, string[]? columns = null)
    {
        var header = new Header(network.Architecture,
            network.Parameters.Select(p => new ParameterShape(p.Name, p.Value.Rows, p.Value.Columns)).ToArray(), columns);
        ModelFileContainer.Write(path, ModelFileFormat.VariationalAutoencoder, JsonSerializer.SerializeToUtf8Bytes(header, Json), stream =>
        {
            foreach (var p in network.Parameters) ModelFileContainer.WriteValues<float>(stream, p.Value.Span);
        });
    }

    /// <summary>Loads a saved VAE or plain autoencoder; a file holding another kind of model is refused, naming the entry point that reads it.</summary>
    public static VaeNetwork Load(string path)
    {
        var file = ModelFileContainer.Read(path);
        if (file.Format != ModelFileFormat.VariationalAutoencoder)
            throw file.Error($"holds {file.Format.Holds}, not a variational or plain autoencoder: load it with {nameof(LatentModelFile)}.{nameof(LatentModelFile.Load)}");
        return Read(file).Network;
    }

    /// <summary>
    /// Reads the network. The values are located and checked (length, checksum) from the header's shapes before the
    /// architecture is built, so a damaged header is reported as such rather than allocating what it claims.
    /// </summary>
    internal static (VaeNetwork Network, string[]? Columns) Read(ModelFile file)
    {
        var header = file.Header<Header>(Json);
        var shapes = header.Parameters ?? [];
        if (shapes.Any(s => s.Rows < 0 || s.Columns < 0)) throw file.Error("is corrupt: a parameter has a negative shape");
        var values = file.Values(shapes.Sum(s => (long)s.Rows * s.Columns * sizeof(float)));
        if (header.Architecture is null) throw file.Error("is corrupt: it has no architecture");
        try { header.Architecture.Validate(); }
        catch (ArgumentException e)
        {
            throw file.Error($"is corrupt: its architecture is invalid ({e.Message})");
        }
        // The weights (one value per multiply-add) and the mixture prior's parameters, which no layer's weights bound, must
        // fit in what the file holds, or building the network would allocate for a size the file never had. (Biases, input
        // scaling and noise variances are each no larger than a layer's weights.)
        var architecture = header.Architecture;
        var (encoder, decoder) = architecture.MultiplyAdds();
        long needed = encoder + decoder + architecture.PriorComponents * (2L * architecture.LatentDimension + 1);
        long stored = shapes.Sum(s => (long)s.Rows * s.Columns);
        if (needed > stored)
            throw file.Error($"holds {Counted.Of(stored, "value")}, fewer than the {needed} weights and prior parameters its architecture needs");
        file.CheckColumns(header.Columns, header.Architecture.DataDimension);
        var network = new VaeNetwork(header.Architecture);
        if (shapes.Length != network.Parameters.Count)
            throw file.Error($"holds {shapes.Length} parameters, but its architecture has {network.Parameters.Count}");
        int offset = 0;
        for (int i = 0; i < shapes.Length; i++)
        {
            var expected = network.Parameters[i];
            var shape = shapes[i];
            if (shape.Name != expected.Name || shape.Rows != expected.Value.Rows || shape.Columns != expected.Value.Columns)
                throw file.Error($"parameter {i} is {shape.Name} {shape.Rows}×{shape.Columns}, but the architecture expects {expected}");
            int bytes = expected.Value.Length * sizeof(float);
            ModelFileContainer.ReadValues(values.Slice(offset, bytes), expected.Value.Span);
            offset += bytes;
        }
        return (network, header.Columns);
    }
}
