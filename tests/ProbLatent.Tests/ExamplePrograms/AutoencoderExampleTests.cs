using Autoencoders;
using ProbLatent.Data;

namespace ProbLatent.Tests.ExamplePrograms;

/// <summary>examples/Autoencoder on iris with a 2-number code: the plain autoencoder beside principal components.</summary>
public class AutoencoderExampleTests
{
    static readonly CodeWidth Width = AutoencoderComparison.Run(Examples.Iris(), [2]).Single();

    [Fact]
    public void The_linear_autoencoder_reaches_the_principal_components_reconstruction_and_no_further()
    {
        // Eckart–Young: no rank-2 linear reconstruction beats the principal one; the fit comes within a tenth of a nat of it.
        Assert.True(Width.Reconstruction <= Width.PrincipalReconstruction + 1e-6, $"{Width.Reconstruction} above the ceiling {Width.PrincipalReconstruction}");
        Assert.True(Width.Reconstruction > Width.PrincipalReconstruction - 0.1, $"{Width.Reconstruction} short of {Width.PrincipalReconstruction}");
    }

    [Fact]
    public void Its_codes_span_the_principal_scores()
    {
        Assert.True(Width.LeastCorrelation > 0.99, $"least canonical correlation {Width.LeastCorrelation}");
    }

    [Fact]
    public void The_table_says_how_far_short_each_width_falls()
    {
        var output = new StringWriter();
        AutoencoderComparison.Print([Width], output);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("short by", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("2 ", lines[2]);
    }
}
