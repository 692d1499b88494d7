using System.CommandLine;
using System.Globalization;
using System.Text;
using ProbLatent.Cli.Options;
using ProbLatent.Files;
using ProbLatent.LatentModels;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent import --rbm FILE --out FILE.plm</c>: a restricted Boltzmann machine trained elsewhere — scikit-learn's
/// <c>BernoulliRBM</c>, whose weights <c>benchmarks/peers/sklearn_bernoulli_rbm.py --weights</c> writes — as a saved
/// model that <c>score</c>, <c>encode</c> and <c>sample</c> read. <c>bench rbm</c> reads the peer's weights through
/// <see cref="ReadRbm"/> too, so the machine it scores is the one a user imports.
/// </summary>
public static class ImportCommand
{
    /// <summary>The first 8 bytes of an RBM weights file.</summary>
    public const string RbmMagic = "RBMF64v1";

    const int HeaderBytes = 16;

    public static Command Create(CliContext context)
    {
        var rbm = new Option<string>("--rbm")
        {
            Description = $"An RBM's weights file ({RbmMagic}): the 8 bytes {RbmMagic}, uint32 visible and hidden units, then the weights hidden × visible " +
                          "(scikit-learn's components_), the visible and the hidden biases, all little-endian float64, as benchmarks/peers/sklearn_bernoulli_rbm.py --weights writes it",
            HelpName = "FILE",
            Required = true,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Save the machine to this file (written whole or not at all); its columns are matched to data by position",
            HelpName = "FILE.plm",
            Required = true,
        };
        var command = new Command("import", "Save a restricted Boltzmann machine trained elsewhere (scikit-learn's BernoulliRBM) as a .plm file that score, encode and sample read")
        {
            rbm, output,
        };
        command.SetAction(parse => Run(context, parse.GetRequiredValue(rbm), parse.GetRequiredValue(output)));
        return command;
    }

    public static int Run(CliContext context, string weightsFile, string outFile)
    {
        OutputFile.CheckNotAnInput("--out", outFile, [("--rbm", weightsFile)]);
        var machine = ReadRbm(weightsFile);
        bool replaced = context.Saves.Write(outFile, () => LatentModelFile.Save(machine, outFile));
        context.Output.WriteLine($"wrote {machine} from {weightsFile} to {outFile}{(replaced ? ", replacing the earlier file" : "")}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// The machine in an RBM weights file: W transposed from hidden × visible to ProbLatent's visible × hidden. A file of
    /// another format, truncated or too long, or holding a value that is not finite is refused naming the file.
    /// </summary>
    /// <exception cref="ModelFileException">The file is not a whole RBM weights file.</exception>
    public static RestrictedBoltzmannMachine ReadRbm(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderBytes || Encoding.ASCII.GetString(bytes, 0, 8) != RbmMagic)
            throw new ModelFileException(path, $"not an RBM weights file: it does not begin with {RbmMagic} and the two unit counts " +
                                               "(write one with benchmarks/peers/sklearn_bernoulli_rbm.py --weights)");
        long visible = BitConverter.ToUInt32(bytes, 8), hidden = BitConverter.ToUInt32(bytes, 12);
        if (visible < 1 || hidden < 1)
            throw new ModelFileException(path, $"says {visible} visible and {hidden} hidden units; an RBM needs at least one of each");
        long values = visible * hidden + visible + hidden, expected = HeaderBytes + 8 * values;
        if (bytes.Length != expected)
            throw new ModelFileException(path, string.Create(CultureInfo.InvariantCulture,
                $"holds {bytes.Length} bytes, but {visible} visible and {hidden} hidden units take {expected} ({values} float64 values after the {HeaderBytes}-byte header): " +
                $"{(bytes.Length < expected ? "truncated" : "longer than its header says")}"));
        var all = new double[values];
        Buffer.BlockCopy(bytes, HeaderBytes, all, 0, bytes.Length - HeaderBytes);
        int m = (int)visible, n = (int)hidden;
        for (int k = 0; k < all.Length; k++)
            if (!double.IsFinite(all[k]))
                throw new ModelFileException(path, $"value {k} after the header is {all[k]}: an RBM's weights and biases must be finite");
        var weights = new double[m * n];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++) weights[i * n + j] = all[j * m + i];
        return new RestrictedBoltzmannMachine(weights, all[(m * n)..(m * n + m)], all[(m * n + m)..]);
    }
}
