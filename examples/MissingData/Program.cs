// Missing values, marginalised: iris' four measurements with 20% of the cells removed at random (seed 1), fitted by a
// 3-component full-covariance Gaussian mixture whose EM climbs log p(x_observed) (Ghahramani and Jordan 1994), beside
// mean imputation, and by factor analysis and PPCA with two factors, marginalising them too. The table gives each fit's log p
// of the observed cells and each imputation's root mean square error against the removed values, per column.
// Run from the repository root: dotnet run -c Release --project examples/MissingData
using MissingData;
using ProbLatent.Data;

var complete = Examples.Iris();
var data = MissingIris.Remove(complete, share: 0.2, seed: 1);
MissingIris.Print(data, MissingIris.Run(complete, data), Console.Out);
