using ProbLatent.Data;

namespace ProbLatent.LatentModels;

/// <summary>A fitted model that fills a data set's missing cells with their expectation given the observed ones.</summary>
public interface IImputingModel : ILatentModel
{
    /// <summary>
    /// The rows with each missing cell replaced by E[x_missing | x_observed] under the model (for a mixture,
    /// Σₖ p(z = k | x_observed) E[x_missing | x_observed, z = k]); observed cells are kept as they are, and data without
    /// missing cells comes back unchanged.
    /// </summary>
    DataMatrix Impute(DataMatrix data);
}
