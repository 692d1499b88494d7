using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;

namespace ProbLatent.Benchmarks;

/// <summary>
/// <c>paired-cd1 BUILD_A BUILD_B [ROUNDS] [TRAIN.bin]</c>: two builds of ProbLatent (folders holding a ProbLatent.dll and
/// its dependencies, such as the CLI's bin/Release/net10.0 of two commits) loaded side by side in one process, each
/// training the benchmark RBM (784 × 500, minibatches of 100, CD-1, learning rate 0.05, seed 1) on binarized MNIST,
/// taking turns every 100 steps. On a machine whose speed drifts from minute to minute, a ratio within each pair of
/// turns, seconds apart, says what runs minutes apart cannot. The trainer is reached by reflection, so this works on any
/// two commits whose internal <c>ContrastiveTrainer</c> keeps its constructor, <c>Index</c> and <c>Step</c>.
/// </summary>
internal static class PairedBuilds
{
    const int StepsPerTurn = 100, BatchSize = 100, Visible = 784, Hidden = 500;

    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: paired-cd1 BUILD_A BUILD_B [ROUNDS (default 100)] [TRAIN.bin (default ../shared/data/binarized_mnist/train.bin)]");
            return 2;
        }
        int rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100;
        string data = args.Length > 3 ? args[3] : Path.Combine("..", "shared", "data", "binarized_mnist", "train.bin");
        var turns = new[] { Trainer(args[0], data), Trainer(args[1], data) };
        // A turn of each first, untimed: the kernels compiled and optimised, the workers started.
        foreach (var turn in turns) turn();
        var times = new[] { new List<double>(), new List<double>() };
        for (int round = 0; round < rounds; round++)
            for (int k = 0; k < 2; k++)
            {
                int build = (round + k) % 2; // A first in even rounds, B first in odd ones
                times[build].Add(turns[build]());
            }
        for (int b = 0; b < 2; b++)
        {
            var sorted = times[b].Order().ToList();
            Console.WriteLine($"{"AB"[b]} ({args[b]}): ms / step, fastest turn {sorted[0]:F3}, quartile {sorted[sorted.Count / 4]:F3}, median {sorted[sorted.Count / 2]:F3}");
        }
        var ratios = times[0].Zip(times[1], (a, b) => a / b).Order().ToList();
        Console.WriteLine($"A's time / B's, by pair of turns: median {ratios[ratios.Count / 2]:F3} (quartiles {ratios[ratios.Count / 4]:F3} and {ratios[3 * ratios.Count / 4]:F3}), {rounds} pairs of {StepsPerTurn} steps");
        return 0;
    }

    /// <summary>A trainer of one build, as a function timing its next turn of steps (ms a step).</summary>
    static Func<double> Trainer(string folder, string dataPath)
    {
        folder = Path.GetFullPath(folder);
        var context = new AssemblyLoadContext(folder);
        context.Resolving += (c, name) => File.Exists(Path.Combine(folder, name.Name + ".dll")) ? c.LoadFromAssemblyPath(Path.Combine(folder, name.Name + ".dll")) : null;
        var assembly = context.LoadFromAssemblyPath(Path.Combine(folder, "ProbLatent.dll"));
        var read = Type(assembly, "ProbLatent.Data.BinarizedMnist").GetMethods()
            .First(m => m.Name == "Read" && m.GetParameters() is [{ ParameterType: var first }, ..] && first == typeof(string));
        var readArguments = read.GetParameters().Select(p => p.HasDefaultValue ? p.DefaultValue : null).ToArray();
        readArguments[0] = dataPath;
        var data = read.Invoke(null, readArguments)!;

        var optionsConstructor = Type(assembly, "ProbLatent.Backends.Contrastive.ContrastiveOptions").GetConstructors().MaxBy(c => c.GetParameters().Length)!;
        var options = optionsConstructor.Invoke(optionsConstructor.GetParameters().Select(p => p.Name switch
        {
            "Steps" => 1,
            "BatchSize" => BatchSize,
            "LearningRate" => 0.05,
            "Seed" => (object?)1,
            _ => p.HasDefaultValue ? p.DefaultValue : throw new InvalidOperationException($"{folder}: ContrastiveOptions has a parameter {p.Name} without a default"),
        }).ToArray());
        var trainerType = Type(assembly, "ProbLatent.Backends.Contrastive.ContrastiveTrainer");
        var trainer = trainerType.GetConstructor([typeof(int), typeof(int), typeof(int), typeof(double[]), options.GetType()])!
            .Invoke([Visible, Hidden, BatchSize, new double[Visible], options]);
        trainerType.GetMethod("Index")!.Invoke(trainer, [data]);
        var step = trainerType.GetMethod("Step")!;
        int rows = (int)data.GetType().GetProperty("Rows")!.GetValue(data)!, batches = rows / BatchSize, next = 0;
        var order = Enumerable.Range(0, rows).ToArray();
        var arguments = new object[] { data, order, 0, BatchSize, 1, 0 };
        return () =>
        {
            var clock = Stopwatch.StartNew();
            for (int k = 0; k < StepsPerTurn; k++, next++)
            {
                (arguments[2], arguments[5]) = (next % batches * BatchSize, next % batches + 1);
                step.Invoke(trainer, arguments);
            }
            return clock.Elapsed.TotalMilliseconds / StepsPerTurn;
        };
    }

    static Type Type(Assembly assembly, string name) =>
        assembly.GetType(name) ?? throw new InvalidOperationException($"{assembly.Location} has no {name}");
}
