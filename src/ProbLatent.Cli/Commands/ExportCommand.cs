using System.CommandLine;
using ProbLatent.Cli.Options;
using ProbLatent.Files;
using ProbLatent.LatentModels;
using ProbLatent.Onnx;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent export --onnx FILE.onnx --model VAE.plm [--part encoder|decoder]</c>: a saved variational or plain
/// autoencoder's encoder (the default) or decoder as an ONNX graph (<see cref="OnnxExport"/>), written whole or not at
/// all. Any other saved family is refused by name, and so is an output that is the model file.
/// </summary>
public static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var model = SavedModelOptions.ModelOption();
        model.Description = "A variational or plain autoencoder saved by 'problatent fit --model vae|autoencoder --out'";
        var onnx = new Option<string>("--onnx")
        {
            Description = "Write the network as an ONNX model (opset 17, any batch size) to this file (whole or not at all)",
            HelpName = "FILE.onnx",
            Required = true,
        };
        var part = CommonOptions.OneOf(new Option<string>("--part")
        {
            Description = "Which network: the encoder, x → mean and log_variance of q(z | x) (an autoencoder's code), " +
                          "or the decoder, z → probabilities (Bernoulli) or mean and variance (Gaussian)",
            DefaultValueFactory = _ => "encoder",
        }, "part", ["encoder", "decoder"]);
        var command = new Command("export", "Write a saved vae's or autoencoder's encoder or decoder as an ONNX graph, in the data's units") { model, onnx, part };
        command.SetAction(parse => Run(context, parse.GetRequiredValue(model), parse.GetRequiredValue(onnx), parse.GetValue(part) == "decoder" ? NetworkPart.Decoder : NetworkPart.Encoder));
        return command;
    }

    public static int Run(CliContext context, string modelFile, string onnxFile, NetworkPart part)
    {
        OutputFile.CheckNotAnInput("--onnx", onnxFile, [("--model", modelFile)]);
        var saved = LatentModelFile.Read(modelFile);
        if (saved.Model is not NetworkModel network)
            throw new UsageException($"{modelFile} holds no network model ({SavedModelOptions.Describe(saved.Model)}): " +
                                     "only a vae or an autoencoder (fit --model vae|autoencoder) has an encoder and a decoder to export to ONNX");
        // Through the save gate, as every file the CLI writes for the user: a second Ctrl+C waits for the file to be whole.
        bool replaced = context.Saves.Write(onnxFile, () => OnnxExport.Write(network, part, onnxFile));
        context.Output.WriteLine($"wrote the {part.ToString().ToLowerInvariant()} of {modelFile} ({SavedModelOptions.Describe(network)}) to {onnxFile}" +
                                 $"{(replaced ? ", replacing the earlier file" : "")}: ONNX opset {OnnxExport.Opset}, {Signature(network, part)}");
        return ExitCodes.Success;
    }

    /// <summary>The graph's inputs and outputs with their widths: "x[batch, 4] → mean[batch, 2], log_variance[batch, 2]".</summary>
    static string Signature(NetworkModel model, NetworkPart part)
    {
        var (inputs, outputs) = OnnxExport.Signature(model, part);
        static string Of(IEnumerable<(string Name, int Columns)> values) => string.Join(", ", values.Select(v => $"{v.Name}[{OnnxExport.BatchDimension}, {v.Columns}]"));
        return $"{Of(inputs)} → {Of(outputs)}";
    }
}
