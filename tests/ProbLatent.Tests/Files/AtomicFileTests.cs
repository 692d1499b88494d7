using ProbLatent.Data;
using ProbLatent.Files;

namespace ProbLatent.Tests.Files;

public class AtomicFileTests
{
    [Fact]
    public void WritesReplacesAndLeavesNoTemporaryFile()
    {
        using var folder = new TempFolder();
        var path = folder["chart.svg"];
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second ‖ θ");
        Assert.Equal("second ‖ θ", File.ReadAllText(path));
        // UTF-8 without a byte-order mark.
        Assert.Equal((byte)'s', File.ReadAllBytes(path)[0]);
        Assert.Equal(["chart.svg"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void AMissingFolderOrAFolderInTheWayIsAnErrorNamingThePath()
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "no-such-folder", "chart.svg");
        var e = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(missing, "x"));
        Assert.StartsWith($"{missing}: cannot be written: the folder", e.Message);
        Directory.CreateDirectory(folder["taken"]);
        e = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(folder["taken"], "x"));
        Assert.EndsWith("is a folder; give a file name", e.Message);
        Assert.Equal(["taken"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }
}
