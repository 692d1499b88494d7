namespace ProbLatent.Modeling.Graph;

/// <summary>The observed variable: its size per plate entry and the decoder that generates it from the latents.</summary>
public sealed class ObservationNode
{
    internal ObservationNode(ObservedVariable variable, DecoderNode decoder, Plate plate)
    {
        Variable = variable;
        Decoder = decoder;
        Plate = plate;
    }

    public ObservedVariable Variable { get; }
    public string Name => Variable.Name;
    public int Dimension => Variable.Dimension;
    public DecoderNode Decoder { get; }
    public Plate Plate { get; }

    public override string ToString() => $"{Name}[{Dimension}] ~ {Decoder}";
}
