using System.Globalization;
using ProbLatent.Backends;
using ProbLatent.Selection;

namespace ProbLatent.Cli.Output;

/// <summary>
/// The status line of <c>select</c>: a <see cref="TerminalProgress"/> for each size's fit in turn, labelled with the size
/// (<c>em, K = 3 (3/9): restart 2/5, iteration 12/1000, …</c>), through the test hook's iteration phase.
/// </summary>
public sealed class SelectionStatus(CliContext context, string backend, string label) : IProgress<SelectionProgress>, IDisposable
{
    int? _size;
    TerminalProgress? _line;
    IProgress<FitProgress>? _progress;

    public void Report(SelectionProgress value)
    {
        if (value.Size != _size)
        {
            _line?.Dispose();
            _size = value.Size;
            _line = TerminalProgress.For(context.Error, string.Create(CultureInfo.InvariantCulture, $"{backend}, {label} = {value.Size} ({value.Index + 1}/{value.Count})"));
            _progress = context.Phases.Iterations(_line);
        }
        _progress?.Report(value.Fit);
    }

    public void Dispose() => _line?.Dispose();
}
