using ProbLatent.Backends.Vmp.Nodes;
using ProbLatent.Backends.Vmp.Passes;
using ProbLatent.Data;
using ProbLatent.Numerics;

namespace ProbLatent.Backends.Vmp.Factors;

/// <summary>
/// The mixture gate of a mixture of categoricals: observed symbols xₙⱼ ~ Categorical(φ_zₙⱼ), with one probability vector
/// φₖⱼ over the S symbols per component k and column j (node k·d + j), selected by the discrete zₙ.
/// To z: Σⱼ E[log φₖⱼ[xₙⱼ]], EM's log-likelihood with expectations in place of the logs (<see cref="SymbolRows.AddLogTerms(DataMatrix, int, int, ReadOnlySpan{double}, int, int, Span{double})"/>).
/// To φₖⱼ: α − 1 += Σₙ rₙₖ [xₙⱼ = v], the expected counts the plate's pass gathers (EM's M step's counts).
/// </summary>
internal sealed class CategoricalMixtureGateFactor : Factor, IDiscretePlateFactor
{
    readonly DirichletNode[] _probabilities; // K×d, each over S symbols
    readonly int _k, _s;
    readonly double[] _counts;               // K×d×S
    readonly double[] _meanLogs;             // per pass: E[log φₖⱼᵥ], K×d×S

    public CategoricalMixtureGateFactor(string name, DirichletNode[] probabilities, int components, int symbols) : base(name)
    {
        if (probabilities.Length % components != 0) throw new ArgumentException($"the probabilities must hold {components}×d vectors");
        _probabilities = probabilities;
        _k = components;
        _s = symbols;
        _counts = new double[probabilities.Length * symbols];
        _meanLogs = new double[probabilities.Length * symbols];
        Kernel = new CategoricalGateKernel(_meanLogs, components, symbols);
    }

    public override bool IsLikelihood => true;

    /// <summary>The rows' Σⱼ E[log φₖⱼ[xₙⱼ]] and their expected counts, from the mean logs fixed when the pass begins.</summary>
    public IPlateKernel Kernel { get; }

    public void BeginPass(DiscretePlateNode plate)
    {
        for (int i = 0; i < _probabilities.Length; i++) _probabilities[i].MeanLog.CopyTo(_meanLogs, i * _s);
    }

    public void EndPass(double[] statistics) => statistics.AsSpan(0, _counts.Length).CopyTo(_counts);

    public override void SendTo(Node argument)
    {
        int i = Array.IndexOf(_probabilities, argument);
        if (i < 0) throw NotAnArgument(argument);
        var node = (DirichletNode)argument;
        for (int v = 0; v < _s; v++) node.NaturalSum[v] += _counts[i * _s + v];
    }

    /// <summary>Σₖⱼᵥ (Σₙ rₙₖ [xₙⱼ = v]) E[log φₖⱼᵥ].</summary>
    public override double AverageLog()
    {
        double value = 0;
        for (int i = 0; i < _probabilities.Length; i++)
        {
            var meanLog = _probabilities[i].MeanLog;
            for (int v = 0; v < _s; v++)
                if (_counts[i * _s + v] != 0) value += _counts[i * _s + v] * meanLog[v];
        }
        return value;
    }
}
