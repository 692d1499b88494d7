using MnistVae;
using ProbLatent.Data;

namespace ProbLatent.Tests.ExamplePrograms;

/// <summary>examples/MnistVae: its command line, its text digits, and one short run on a slice of the shared MNIST.</summary>
public class MnistVaeExampleTests
{
    [Fact]
    public void The_command_line_has_defaults_options_and_errors_that_name_the_argument()
    {
        var defaults = Settings.Parse([], () => "data");
        Assert.Equal(new Settings("data"), defaults);
        Assert.Equal(5, defaults.Epochs);

        var set = Settings.Parse(["folder", "--epochs", "2", "--train-rows", "100", "--iwae", "10", "--out", "m.plm"], () => null);
        Assert.Equal(new Settings("folder", 2, 100, 10, "m.plm"), set);

        Assert.Contains("--epochs needs a whole number of at least 1, got '0'", Assert.Throws<ArgumentException>(() => Settings.Parse(["--epochs", "0"], () => "d")).Message);
        Assert.Contains("--iwae needs a value", Assert.Throws<ArgumentException>(() => Settings.Parse(["--iwae"], () => "d")).Message);
        Assert.Contains("unknown option '--epoch'", Assert.Throws<ArgumentException>(() => Settings.Parse(["--epoch", "2"], () => "d")).Message);
        Assert.Contains("'a' and 'b'", Assert.Throws<ArgumentException>(() => Settings.Parse(["a", "b"], () => "d")).Message);
        Assert.Contains("ProbLatent.sln", Assert.Throws<ArgumentException>(() => Settings.Parse([], () => null)).Message);
    }

    [Fact]
    public void A_folder_without_the_data_is_named_with_the_files_it_needs()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder["train.bin"], []);
        var message = Assert.Throws<ArgumentException>(() => new Settings(folder.Path).DataFiles()).Message;
        Assert.Contains("test.bin missing in", message);
        Assert.DoesNotContain("train.bin missing", message);
        Assert.Contains("must hold train.bin and test.bin", message);
    }

    [Fact]
    public void The_default_data_folder_is_the_shared_one_next_to_the_repository()
    {
        Assert.Equal(Path.Combine(SharedData.DefaultFolder, "binarized_mnist"), RepositoryRoot.DefaultDataFolder());
    }

    [Fact]
    public void Digits_are_drawn_two_pixel_rows_to_a_line_from_blank_to_full()
    {
        var values = new double[2 * 784];
        for (int x = 0; x < 28; x++) values[x] = values[28 + x] = 1;   // image 0: its top two rows on
        for (int x = 0; x < 28; x++) values[784 + 27 * 28 + x] = 1;    // image 1: its bottom row on, the one above off
        var lines = AsciiDigits.Render(new DataMatrix(values, 2, 784)).ToArray();
        Assert.Equal(14, lines.Length);
        Assert.Equal(new string('@', 28), lines[0]);
        Assert.Equal(new string(' ', 28) + "  " + new string('=', 28), lines[13]);   // half on: the fifth of ten shades
        Assert.All(lines[1..13], l => Assert.Equal("", l));
        Assert.Throws<ArgumentException>(() => AsciiDigits.Render(new DataMatrix(new double[10], 1, 10)).ToArray());
    }

    [Fact]
    public void A_short_run_trains_evaluates_saves_reloads_and_draws()
    {
        using var folder = new TempFolder();
        var settings = new Settings(ShippedData.MnistFolder, Epochs: 1, TrainRows: 300,
            IwaeSamples: 5, OutFile: folder["vae.plm"]);
        var output = new StringWriter();
        var outcome = MnistVaeDemo.Run(settings, output);

        Assert.Single(outcome.Training.Epochs);
        Assert.Equal(40, outcome.TestLogLikelihood.Count);   // every 10th of the slice's 400 test rows
        Assert.Equal(5, outcome.TestLogLikelihood.Samples);
        Assert.True(outcome.TestElbo.Value < 0 && double.IsFinite(outcome.TestLogLikelihood.Mean));
        Assert.True(File.Exists(settings.OutFile));
        Assert.Equal(outcome.SavedElbo, outcome.ReloadedElbo);
        var text = output.ToString();
        Assert.Contains("the same to the last bit as before saving", text);
        Assert.Contains("new digits, z drawn from the prior", text);
        Assert.Contains("    1  ", text);   // the epoch's line, printed through the progress callback
    }
}
