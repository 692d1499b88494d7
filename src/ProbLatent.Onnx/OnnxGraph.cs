using System.Buffers.Binary;

namespace ProbLatent.Onnx;

/// <summary>
/// An ONNX graph of float32 tensors being built, written as a ModelProto at opset 17. Every input and output is a
/// matrix whose first dimension is the symbolic <see cref="BatchDimension"/>, so a runtime takes any number of rows.
/// </summary>
internal sealed class OnnxGraph(string name, string description)
{
    public const int Opset = 17;

    /// <summary>IR version 8, the one that opset 17 came with.</summary>
    const long IrVersion = 8;

    public const string BatchDimension = "batch";

    // onnx.proto's TensorProto.DataType.FLOAT.
    const int FloatType = 1;

    readonly List<ProtoMessage> _nodes = [], _initializers = [], _inputs = [], _outputs = [];
    readonly HashSet<string> _names = [];
    readonly List<(string Name, int Columns)> _inputNames = [], _outputNames = [];
    int _nodeCount;

    /// <summary>The graph's inputs, with their widths, in order.</summary>
    public IReadOnlyList<(string Name, int Columns)> Inputs => _inputNames;

    /// <summary>The graph's outputs, with their widths, in order.</summary>
    public IReadOnlyList<(string Name, int Columns)> Outputs => _outputNames;

    /// <summary>Declares a graph input of <paramref name="columns"/> columns; returns its name.</summary>
    public string Input(string inputName, int columns)
    {
        _inputs.Add(ValueInfo(Claim(inputName), columns));
        _inputNames.Add((inputName, columns));
        return inputName;
    }

    /// <summary>Declares the value <paramref name="value"/> a graph output, under the name it has.</summary>
    public void Output(string value, int columns)
    {
        _outputs.Add(ValueInfo(value, columns));
        _outputNames.Add((value, columns));
    }

    /// <summary>A constant float32 tensor of the given shape; returns its name.</summary>
    public string Constant(string constantName, IReadOnlyList<float> values, params long[] dims)
    {
        if (values.Count != dims.Aggregate(1L, (a, b) => a * b))
            throw new ArgumentException($"the constant {constantName} has {values.Count} values for a shape of {string.Join("×", dims)}");
        var raw = new byte[values.Count * sizeof(float)];
        for (int i = 0; i < values.Count; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        var tensor = new ProtoMessage();
        foreach (var d in dims) tensor.Int64(1, d);
        tensor.Int64(2, FloatType).String(8, Claim(constantName)).Bytes(9, raw);
        _initializers.Add(tensor);
        return constantName;
    }

    /// <summary>A node of the default domain; its one output is named <paramref name="output"/>, or made up when null.</summary>
    public string Node(string opType, string? output, params string[] inputs)
    {
        var result = Claim(output ?? $"{opType.ToLowerInvariant()}_{_nodeCount}");
        var node = new ProtoMessage();
        foreach (var input in inputs) node.String(1, input);
        node.String(2, result).String(3, $"{opType}_{_nodeCount++}").String(4, opType);
        _nodes.Add(node);
        return result;
    }

    /// <summary>The ModelProto's bytes.</summary>
    public byte[] ToModel(string producerVersion)
    {
        var graph = new ProtoMessage();
        foreach (var node in _nodes) graph.Message(1, node);
        graph.String(2, name);
        foreach (var initializer in _initializers) graph.Message(5, initializer);
        graph.String(10, description);
        foreach (var input in _inputs) graph.Message(11, input);
        foreach (var output in _outputs) graph.Message(12, output);
        return new ProtoMessage()
            .Int64(1, IrVersion)
            .String(2, "ProbLatent")
            .String(3, producerVersion)
            .Message(7, graph)
            .Message(8, new ProtoMessage().String(1, "").Int64(2, Opset))
            .ToBytes();
    }

    /// <summary>A ValueInfoProto: a float32 tensor of shape [batch, columns].</summary>
    static ProtoMessage ValueInfo(string valueName, int columns)
    {
        var shape = new ProtoMessage()
            .Message(1, new ProtoMessage().String(2, BatchDimension))
            .Message(1, new ProtoMessage().Int64(1, columns));
        var tensorType = new ProtoMessage().Int64(1, FloatType).Message(2, shape);
        return new ProtoMessage().String(1, valueName).Message(2, new ProtoMessage().Message(1, tensorType));
    }

    string Claim(string valueName)
    {
        if (!_names.Add(valueName)) throw new InvalidOperationException($"the ONNX graph {name} already has a value named {valueName}");
        return valueName;
    }
}
