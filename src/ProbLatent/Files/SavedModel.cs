using ProbLatent.Data;
using ProbLatent.LatentModels;

namespace ProbLatent.Files;

/// <summary>
/// A model as a <c>.plm</c> file holds it (<see cref="LatentModelFile.Read"/>): the fitted model, and the names of the
/// data columns it was fitted on, which new data is matched to before the model scores or encodes it.
/// </summary>
/// <param name="Model">The fitted model.</param>
/// <param name="ColumnNames">
/// One name per data column, in the model's order; null when the model was fitted on unnamed data, or saved by a
/// ProbLatent that did not keep them — then data is matched by position alone.
/// </param>
/// <param name="Path">The file it was read from, for messages.</param>
public sealed record SavedModel(ILatentModel Model, IReadOnlyList<string>? ColumnNames, string Path)
{
    /// <summary>
    /// The fit the parameters came from; null when the file does not say (saved through <see cref="LatentModelFile.Save"/>
    /// without one, by a ProbLatent that did not keep it, or a variational autoencoder, which only the reparameterized
    /// backend trains).
    /// </summary>
    public ModelOrigin? Origin { get; init; }

    /// <summary>
    /// <paramref name="data"/> with its columns in the model's order, by name (<see cref="ColumnOrder.Match"/>): as it is
    /// when the names agree or either side has none, rearranged when they are the same names in another order. With
    /// <paramref name="byPosition"/>, the data as it is, whatever its names: the user says its columns are the model's.
    /// </summary>
    /// <exception cref="DataException">The data has another number of columns, or other names; the message shows both.</exception>
    public DataMatrix Match(DataMatrix data, bool byPosition = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Columns != Model.DataDimension)
            throw new DataException($"has {Counted.Of(data.Columns, "column")}, but the model in {Path} takes data of dimension {Model.DataDimension}", data.Source);
        return byPosition ? data : ColumnOrder.Match(data, ColumnNames, $"the model in {Path}");
    }
}
