namespace ProbLatent.Files;

/// <summary>
/// Which fit a saved model's parameters came from, as <see cref="Backends.FitResult.Save"/> records it: the backend, and
/// whether the parameters are a posterior's means (a Bayesian fit, VMP, whose posterior over them is not saved) rather
/// than a point estimate — so what scores the saved model can say what its log-likelihood is of.
/// </summary>
/// <param name="Backend">The backend's name, as fits report it ("em", "vmp").</param>
/// <param name="PosteriorMeans">True when the parameters are the means of the fit's posterior over them.</param>
public sealed record ModelOrigin(string Backend, bool PosteriorMeans);
