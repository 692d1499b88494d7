using ProbLatent.Data;
using ProbLatent.Files;

namespace ProbLatent.Tests.Files;

public class AtomicFileTests
{
    [Fact]
    public void WritesReplacesAndLeavesNoTemporaryFile()
    {
        var folder = Directory.CreateTempSubdirectory("problatent-atomic-").FullName;
        try
        {
            var path = Path.Combine(folder, "chart.svg");
            AtomicFile.WriteAllText(path, "first");
            AtomicFile.WriteAllText(path, "second ‖ θ");
            Assert.Equal("second ‖ θ", File.ReadAllText(path));
            // UTF-8 without a byte-order mark.
            Assert.Equal((byte)'s', File.ReadAllBytes(path)[0]);
            Assert.Equal(["chart.svg"], Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void AMissingFolderOrAFolderInTheWayIsAnErrorNamingThePath()
    {
        var folder = Directory.CreateTempSubdirectory("problatent-atomic-").FullName;
        try
        {
            var missing = Path.Combine(folder, "no-such-folder", "chart.svg");
            var e = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(missing, "x"));
            Assert.StartsWith($"{missing}: cannot be written: the folder", e.Message);
            Directory.CreateDirectory(Path.Combine(folder, "taken"));
            e = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(Path.Combine(folder, "taken"), "x"));
            Assert.EndsWith("is a folder; give a file name", e.Message);
            Assert.Equal(["taken"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
