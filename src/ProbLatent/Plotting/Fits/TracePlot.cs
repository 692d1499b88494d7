using System.Globalization;
using ProbLatent.Backends;

namespace ProbLatent.Plotting.Fits;

/// <summary>
/// The objective of each fit per iteration on one chart, per data point, with the exact log p(x | θ) at each fit's
/// final θ as a dashed line in the same colour. The objectives differ, and the legend says which each is, from what the
/// fit reports rather than its backend's name, so a backend under another name is drawn alike: a point estimate's trace
/// (EM's) is the log-likelihood plus its regulariser's log-prior, which climbs to its own dashed line; a fit with a
/// posterior over θ (VMP's) traces the ELBO with θ integrated out, which stays below the log-likelihood at its
/// posterior-mean θ by the price of θ's uncertainty; a fit counted in epochs (the reparameterized backend's) traces the
/// Monte Carlo training ELBO averaged over each epoch (drawn faint, under its moving average), an estimate from draws of
/// z on minibatches at parameters that change within the epoch — noisy enough to lie above the exact maximum, so its
/// label and the subtitle say it is an estimate. x is the iteration: EM's and VMP's traces start at their starting
/// points, iteration 0, which a logarithmic axis — used when a trace is longer than <see cref="LogAxisAbove"/> — leaves out.
/// </summary>
public static class TracePlot
{
    /// <summary>Traces longer than this get a logarithmic iteration axis.</summary>
    public const int LogAxisAbove = 100;

    /// <exception cref="ArgumentException">No fits, or fits of different data.</exception>
    public static LineChart Of(IReadOnlyList<FitResult> fits, string source)
    {
        ArgumentNullException.ThrowIfNull(fits);
        if (fits.Count == 0) throw new ArgumentException("a trace plot needs at least one fit");
        int n = fits[0].DataCount;
        if (fits.Any(f => f.DataCount != n)) throw new ArgumentException("a trace plot compares fits of the same data; these fitted different numbers of points");

        bool logX = fits.Max(f => f.Trace.Count) > LogAxisAbove;
        var series = new List<LineSeries>();
        var lines = new List<ReferenceLine>();
        for (int i = 0; i < fits.Count; i++)
        {
            var fit = fits[i];
            var colour = Palette.Colour(i);
            // A fit that needed no iterations (the exact backend's) has one value, the log-likelihood itself: a line to compare with.
            if (!fit.ConvergedWithoutIterating)
            {
                // EM's and VMP's traces start with their starting points, iteration 0 (one value more than iterations); the
                // reparameterized backend's after the first epoch. A logarithmic axis has no 0: it starts at 1.
                int first = Math.Max(0, fit.Iterations - fit.Trace.Count + 1), skip = logX && first == 0 ? 1 : 0;
                var x = Enumerable.Range(first + skip, fit.Trace.Count - skip).Select(v => (double)v).ToArray();
                var y = fit.Trace.Skip(skip).Select(v => v / n).ToArray();
                // A stochastic-gradient trace is noisy from minibatch to minibatch: show its moving average over a fiftieth of the run.
                int smoothing = fit.Unit == ProgressUnit.Epoch ? Math.Max(1, fit.Trace.Count / 50) | 1 : 1;
                if (y.Length > 0)
                    series.Add(new LineSeries($"{fit.Backend}: {Objective(fit, smoothing)}", x, y, colour) { Smoothing = smoothing });
            }
            if (fit.LogLikelihoodIsExact)
                lines.Add(new ReferenceLine(
                    fit.ConvergedWithoutIterating ? $"{fit.Backend}: maximum log p(x | θ)" : $"{fit.Backend}'s log p(x | θ)",
                    fit.LogLikelihoodPerPoint, colour));
        }
        var epochs = string.Join(", ", fits.Where(f => f.Unit == ProgressUnit.Epoch).Select(f => f.Backend).Distinct());
        var floor = Floor(series, lines);
        return new LineChart
        {
            Title = $"Objective per iteration on {DataName.Of(source)}",
            Subtitle = string.Create(CultureInfo.InvariantCulture, $"per data point (N = {n:N0}); dashed: the exact log-likelihood at each fit's final parameters") +
                       (epochs.Length > 0 ? $"; {epochs}: a noisy Monte Carlo estimate, which can lie above a dashed line" : "") +
                       (floor is null ? "" : "; the first iterations, further below, run off the bottom"),
            XTitle = (epochs.Length > 0 ? $"iteration ({epochs}: epoch)" : "iteration") + (logX ? ", logarithmic" : ""),
            YTitle = "nats per data point",
            Series = series,
            ReferenceLines = lines,
            IntegerX = true,
            // Fits that converge in ten iterations and in a thousand both show on a logarithmic axis.
            LogX = logX,
            YMinimum = floor,
        };
    }

    /// <summary>
    /// The lowest y worth showing: where the lowest series is a tenth of the way through its run (or the lowest dashed line,
    /// if lower) — but only when the first iterations reach more than three times further down than that, and would
    /// otherwise squash the part where the fits differ into a few pixels. Null to show everything.
    /// </summary>
    static double? Floor(IReadOnlyList<LineSeries> series, IReadOnlyList<ReferenceLine> lines)
    {
        if (series.Count == 0) return null;
        var values = series.SelectMany(s => s.Y).Concat(lines.Select(l => l.Y)).ToArray();
        double top = values.Max(), bottom = values.Min();
        double floor = series.Select(s => s.Y[s.Y.Count / 10]).Concat(lines.Select(l => l.Y)).Min();
        return top > floor && top - bottom > 3 * (top - floor) ? floor : null;
    }

    /// <summary>What a fit's trace holds, for the legend.</summary>
    static string Objective(FitResult fit, int smoothing) =>
        fit.Unit == ProgressUnit.Epoch
            ? smoothing > 1 ? $"Monte Carlo training ELBO per epoch (faint), {smoothing}-epoch average" : "Monte Carlo training ELBO, epoch mean"
            : fit.ParameterPosterior is not null ? "ELBO, θ integrated out" : "log p(x | θ) + log p(θ)";
}
