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

    [Fact]
    public void AReadOnlyFileIsNotReplacedEvenByRoot()
    {
        using var folder = new TempFolder();
        var path = folder["model.plm"];
        File.WriteAllText(path, "saved");
        ReadOnlyFile.Mark(path);
        // The tests may run as root, whom the system lets replace anything: the refusal is AtomicFile's own.
        var e = Assert.Throws<IOException>(() => AtomicFile.WriteAllText(path, "replaced"));
        Assert.StartsWith($"{path}: is read-only, so it is not replaced", e.Message);
        Assert.Throws<ModelFileException>(() => AtomicFile.CheckWritable(path, reason => new ModelFileException(path, reason)));
        Assert.Equal("saved", File.ReadAllText(path));
        Assert.Equal(["model.plm"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void AFolderThatTakesNoFilesIsNamedWithoutTheTemporaryFile()
    {
        // /proc exists, and takes no new files even from root; other systems have no such folder to hand.
        if (!OperatingSystem.IsLinux()) return;
        var e = Assert.Throws<ModelFileException>(() => AtomicFile.CheckWritable("/proc/m.plm", reason => new ModelFileException("/proc/m.plm", reason)));
        Assert.Equal("/proc/m.plm: cannot be written: the folder /proc does not take new files", e.Message);
        e = Assert.Throws<ModelFileException>(() => AtomicFile.Write("/proc/m.plm", _ => { }, reason => new ModelFileException("/proc/m.plm", reason)));
        Assert.Equal("/proc/m.plm: cannot be written: the folder /proc does not take new files", e.Message);
    }

    [Fact]
    public void ASaveRemovesTheStaleTemporaryFilesOfEarlierSavesOfTheSameTargetOnly()
    {
        using var folder = new TempFolder();
        string Leftover(string name, bool stale = true)
        {
            var path = folder[name];
            File.WriteAllText(path, "half a model");
            if (stale) File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-1));
            return Path.GetFileName(path);
        }
        string Guid() => System.Guid.NewGuid().ToString("N");

        // Left by saves and checks of model.plm killed before they moved or removed their files: these two go.
        Leftover($".model.plm.{Guid()}.tmp");
        Leftover($".model.plm.{Guid()}.probe");
        var justCreated = Leftover($".model.plm.{Guid()}.tmp", stale: false);
        var anotherTarget = Leftover($".other.plm.{Guid()}.tmp");
        var notOurs = Leftover(".model.plm.backup.tmp");
        var longerTarget = Leftover($".model.plm.old.{Guid()}.tmp");   // model.plm.old's
        // A concurrent save of the same target writing for longer than the age that makes a file stale: it holds its
        // file locked, as AtomicFile does.
        var beingWritten = Leftover($".model.plm.{Guid()}.tmp");
        using (new FileStream(folder[beingWritten], FileMode.Open, FileAccess.Write, FileShare.None))
            AtomicFile.WriteAllText(folder["model.plm"], "model");

        Assert.Equal("model", File.ReadAllText(folder["model.plm"]));
        Assert.Equal(new[] { "model.plm", justCreated, anotherTarget, notOurs, longerTarget, beingWritten }.Order(StringComparer.Ordinal),
            Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
