namespace ProbLatent.Neural;

/// <summary>Updates parameters from their accumulated gradients (of a loss to minimise) and clears the gradients.</summary>
internal interface IOptimizer
{
    void Step();
}
