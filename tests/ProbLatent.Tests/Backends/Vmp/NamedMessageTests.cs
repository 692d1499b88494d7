using ProbLatent.Backends.Vmp;
using ProbLatent.Backends.Vmp.Nodes;

namespace ProbLatent.Tests.Backends.Vmp;

/// <summary>
/// A factor's messages are named by the argument they update, so one factor may connect two variables of the same kind
/// and send each its own; a variable it has no message for is an error naming both.
/// </summary>
public class NamedMessageTests
{
    /// <summary>a ~ Gamma(2, 1) and b ~ Gamma(5, 3) as one factor over two Gamma variables.</summary>
    sealed class TwoGammas(GammaArrayNode a, GammaArrayNode b) : Factor("a, b ~ Gamma")
    {
        public override bool IsPrior => true;

        public override void SendTo(Node argument)
        {
            if (argument == a) ToA(a);
            else if (argument == b) ToB(b);
            else throw NotAnArgument(argument);
        }

        static void ToA(GammaArrayNode node)
        {
            node.ShapeSum[0] += 1;
            node.RateSum[0] += 1;
        }

        static void ToB(GammaArrayNode node)
        {
            node.ShapeSum[0] += 4;
            node.RateSum[0] += 3;
        }

        public override double AverageLog() => 0;
    }

    [Fact]
    public void One_factor_sends_each_of_two_variables_of_one_kind_its_own_message()
    {
        var graph = new FactorGraph();
        var a = graph.Add(new GammaArrayNode("a", 1));
        var b = graph.Add(new GammaArrayNode("b", 1));
        graph.Connect(new TwoGammas(a, b), a, b);
        graph.Sweep();
        Assert.Equal((2.0, 1.0), (a.Shape[0], a.Rate[0]));
        Assert.Equal((5.0, 3.0), (b.Shape[0], b.Rate[0]));
    }

    [Fact]
    public void A_variable_the_factor_has_no_message_for_is_named_with_the_factor()
    {
        var graph = new FactorGraph();
        var a = graph.Add(new GammaArrayNode("a", 1));
        var b = graph.Add(new GammaArrayNode("b", 1));
        var c = graph.Add(new GammaArrayNode("c", 1));
        graph.Connect(new TwoGammas(a, b), a, b, c);
        var error = Assert.Throws<InvalidOperationException>(graph.Sweep);
        Assert.Equal("factor 'a, b ~ Gamma' sends no message to 'c'", error.Message);
    }
}
