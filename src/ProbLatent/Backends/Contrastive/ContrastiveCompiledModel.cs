using System.Diagnostics;
using ProbLatent.Data;
using ProbLatent.LatentModels;
using ProbLatent.Modeling;

namespace ProbLatent.Backends.Contrastive;

/// <summary>
/// A restricted Boltzmann machine, or a deep belief net, compiled for contrastive training. A machine's fit runs every
/// epoch, each over the points in a new seeded order, and reports after each one the mean pseudo-log-likelihood of a
/// fixed set of monitored points (the trace, and the progress' objective). Its result holds log p(v) exactly when the
/// smaller layer has at most <see cref="RestrictedBoltzmannMachine.MaxExactUnits"/> units (with the ELBO of the exact
/// posterior, equal to it), by AIS when <see cref="ContrastiveOptions.Ais"/> asks, and none otherwise.
/// </summary>
/// <remarks>
/// A deep belief net is trained greedily (Hinton, Osindero and Teh 2006): layer 1 is a machine fitted to the data as
/// above, each layer after it a machine fitted the same way to the probabilities p(h = 1 | ·) of the layer below, with
/// a seed of its own. Its result holds no log-likelihood but the bound of <see cref="DeepBeliefNet.LowerBound"/> as its
/// ELBO, with <see cref="FitResult.ElboStandardError"/>, when the top machine's log Z is exact or AIS is asked for; the
/// trace is each layer's in turn, from before its first epoch.
/// Cancellation stops after the current minibatch; the fit returns what stands (not converged) once an epoch has ended —
/// for a net, the layers whose training ran an epoch — and throws <see cref="OperationCanceledException"/> before. A
/// diverging update throws <see cref="ContrastiveDivergedException"/> (a machine) or <see cref="DeepBeliefDivergedException"/>
/// (a net's layer) with the parameters before it.
/// </remarks>
public sealed class ContrastiveCompiledModel : CompiledModel
{
    internal ContrastiveCompiledModel(Model model, ContrastiveOptions options, int[] layers) : base(model, "contrastive")
    {
        Options = options;
        Layers = layers;
    }

    public ContrastiveOptions Options { get; }

    /// <summary>The hidden units of each layer, bottom first: one layer for a restricted Boltzmann machine.</summary>
    public IReadOnlyList<int> Layers { get; }

    /// <summary>The hidden units of the layer the data reads.</summary>
    public int Hidden => Layers[0];

    /// <summary>Layer k's options: the fit's, with a seed of its own above the first layer.</summary>
    ContrastiveOptions LayerOptions(int k) => k == 0 ? Options : Options with { Seed = Options.Seed + 7919 * k };

    public override FitResult Fit(DataMatrix data, IProgress<FitProgress>? progress = null, CancellationToken cancellation = default)
    {
        CheckData(data);
        var clock = Stopwatch.StartNew();
        int rows = data.Rows;
        var machines = new List<RestrictedBoltzmannMachine>();
        var trace = new List<double>();
        int epochs = 0;
        bool cancelled = false;
        TimeSpan setup = default;
        var input = data;
        for (int k = 0; k < Layers.Count && !cancelled; k++)
        {
            if (k > 0) input = new DataMatrix(DeepBeliefNet.UpProbabilities(machines[^1], input.Values.ToArray(), rows), rows, Layers[k - 1], null, data.Source);
            LayerTraining.Outcome layer;
            try
            {
                layer = LayerTraining.Run(input, binaryInput: k == 0, Layers[k], LayerOptions(k), epochs, Layers.Count * Options.Epochs, clock, progress, cancellation);
            }
            catch (ContrastiveDivergedException e) when (Layers.Count > 1)
            {
                throw new DeepBeliefDivergedException(k + 1, Layers.Count, e, new DeepBeliefNet([.. machines, e.LastGood]));
            }
            if (k == 0) setup = layer.Setup;
            cancelled = layer.Cancelled;
            if (layer.Epochs == 0) break;
            machines.Add(layer.Machine);
            trace.AddRange(layer.Trace);
            epochs += layer.Epochs;
        }
        if (machines.Count == 0) throw new OperationCanceledException("the contrastive fit was cancelled before its first epoch ended", cancellation);
        var result = Layers.Count == 1 ? MachineResult(machines[0], data, cancellation) : NetResult(new DeepBeliefNet(machines), data, cancellation);
        return result.Trained(trace, epochs, cancelled, clock, setup);
    }

    FitResult MachineResult(RestrictedBoltzmannMachine machine, DataMatrix data, CancellationToken cancellation)
    {
        var posterior = machine.Posterior(data);
        var result = EpochFitResult.Of(this, machine, posterior, data);
        if (machine.HasExactPartition)
            return result with { LogLikelihood = machine.PointLogLikelihoods(data).Sum(), Elbo = machine.Elbo(data, posterior) };
        if (Options.Ais is { } ais)
        {
            var estimate = machine.EstimateLogPartition(ais, data, cancellation);
            return result with
            {
                LogLikelihood = machine.LogLikelihoods(data, estimate).Sum(),
                LogLikelihoodStandardError = data.Rows * estimate.StandardError,
                LogLikelihoodSamples = estimate.Chains,
            };
        }
        return result;
    }

    FitResult NetResult(DeepBeliefNet net, DataMatrix data, CancellationToken cancellation)
    {
        var result = EpochFitResult.Of(this, net, net.Posterior(data), data);
        if (!net.Top.HasExactPartition && Options.Ais is null) return result;
        var bound = net.LowerBound(data, new DeepBeliefBoundOptions { Samples = Options.BoundSamples, Seed = Options.Seed, Ais = Options.Ais }, cancellation);
        return result with { Elbo = bound.Terms, ElboSamples = bound.Samples, ElboStandardError = bound.StandardError };
    }
}
