using ProbLatent.Backends;

namespace ProbLatent.Cli.Cancellation;

/// <summary>
/// A test hook, not a user option: lets a test that sends a real SIGINT to a child <c>problatent</c> process know which
/// phase it interrupts, and hit phases too short to hit by timing (a save). It is on only when the environment variable
/// <c>PROBLATENT_TEST_PHASES</c> is set: each phase a command enters is then announced once on standard error as
/// <c>phase: NAME</c>, and the phases the variable lists as <c>NAME:MILLISECONDS</c> (comma-separated) pause that long
/// each time they are entered. Phases: <c>iteration</c> (each EM or VMP progress report), <c>epoch</c> (each VAE epoch's
/// line), <c>save</c> (each <c>--out</c> write, with the <see cref="SaveGate"/> held), <c>evaluation</c> (a VAE's final
/// bounds, after the kept model was saved).
/// </summary>
public sealed class TestPhases
{
    public const string Variable = "PROBLATENT_TEST_PHASES";

    /// <summary>The hook off: nothing announced, nothing slowed.</summary>
    public static TestPhases None { get; } = new(null, new Dictionary<string, int>());

    readonly TextWriter? _announce;
    readonly IReadOnlyDictionary<string, int> _pauses;
    readonly HashSet<string> _entered = [];

    TestPhases(TextWriter? announce, IReadOnlyDictionary<string, int> pauses)
    {
        _announce = announce;
        _pauses = pauses;
    }

    /// <summary>The hook as <see cref="Variable"/> sets it, announcing on <paramref name="error"/>; <see cref="None"/> when it is unset.</summary>
    public static TestPhases FromEnvironment(TextWriter error)
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (value is null) return None;
        var pauses = new Dictionary<string, int>();
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split(':');
            if (parts.Length != 2 || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out int milliseconds) || milliseconds < 0)
                throw new UsageException($"{Variable} (a test hook) expects NAME:MILLISECONDS items separated by commas, got '{item}'");
            pauses[parts[0]] = milliseconds;
        }
        return new TestPhases(error, pauses);
    }

    public bool IsOn => _announce is not null;

    /// <summary>Marks the start of <paramref name="phase"/>: announced the first time, paused each time if asked.</summary>
    public void Enter(string phase)
    {
        if (_announce is null) return;
        lock (_entered)
        {
            if (_entered.Add(phase))
            {
                _announce.WriteLine($"phase: {phase}");
                _announce.Flush();
            }
        }
        if (_pauses.TryGetValue(phase, out int milliseconds)) Thread.Sleep(milliseconds);
    }

    /// <summary><paramref name="progress"/> with each report entering the <c>iteration</c> phase first, when the hook is on.</summary>
    public IProgress<FitProgress>? Iterations(IProgress<FitProgress>? progress) =>
        _announce is null ? progress : new SynchronousProgress<FitProgress>(p =>
        {
            Enter("iteration");
            progress?.Report(p);
        });
}
