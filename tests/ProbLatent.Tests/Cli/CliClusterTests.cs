using System.Net;
using System.Net.Sockets;
using ProbLatent.Cli;
using ProbLatent.Data;
using ProbLatent.Parquet;

namespace ProbLatent.Tests.Cli;

/// <summary>
/// <c>problatent worker</c> and <c>fit --cluster</c> in this process over TCP on 127.0.0.1: two workers holding Old Faithful's
/// halves as Parquet files, and a fit over them that prints the in-memory fit's numbers with each sweep's workers on stderr.
/// </summary>
public class CliClusterTests
{
    static string LineOf(CliRun run, string label) => run.OutLines.Single(l => l.StartsWith(label, StringComparison.Ordinal));

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <c>problatent worker</c> on a free port and waits (at most 20 s) until it says it listens.</summary>
    static (Task<int> Run, string Address) Worker(string data, CancellationToken stop)
    {
        string address = $"127.0.0.1:{FreePort()}";
        var output = new StringWriter();
        var run = Task.Run(() => Program.Run(["worker", "--listen", address, "--data", data], TextWriter.Synchronized(output), TextWriter.Null, stop));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!output.ToString().Contains("worker listening") && !run.IsCompleted && DateTime.UtcNow < deadline) Thread.Sleep(20);
        Assert.Contains($"worker listening on {address}, holding 1 shard: ", output.ToString());
        return (run, address);
    }

    [Fact]
    public async Task Fit_over_two_workers_prints_the_in_memory_fit_and_the_workers_that_answered_each_sweep()
    {
        using var folder = new TempFolder();
        var data = Examples.OldFaithful();
        ParquetTable.Write(folder["first.parquet"], [data.SelectRows(Enumerable.Range(0, 136).ToArray())]);
        ParquetTable.Write(folder["second.parquet"], [data.SelectRows(Enumerable.Range(136, 136).ToArray())]);
        using var stop = new CancellationTokenSource();
        var a = Worker(folder["first.parquet"], stop.Token);
        var b = Worker(folder["second.parquet"], stop.Token);
        try
        {
            var cluster = CliRun.Of("fit", "--cluster", $"{a.Address},{b.Address}", "--model", "gmm", "--components", "2", "--backend", "em");
            var memory = CliRun.Of("fit", "--example", "old-faithful", "--model", "gmm", "--components", "2", "--backend", "em");
            Assert.True(cluster.ExitCode == 0, cluster.Error);
            Assert.Equal(LineOf(memory, "log p(x)"), LineOf(cluster, "log p(x)"));
            Assert.Equal(LineOf(memory, "data points"), LineOf(cluster, "data points"));
            Assert.Equal(LineOf(memory, "iterations"), LineOf(cluster, "iterations"));
            Assert.Contains($"cluster: 2 shards on workers {a.Address}, {b.Address}", cluster.Error);
            Assert.Contains("sweep 1 (restart 1 of 5): log p(x) + log p(θ) = ", cluster.Error);
            Assert.Contains($"answered: {string.Join(", ", new[] { a.Address, b.Address }.Order(StringComparer.Ordinal))}", cluster.Error);
            var bayesian = CliRun.Of("fit", "--cluster", $"{a.Address},{b.Address}", "--model", "gmm", "--components", "2", "--backend", "vmp", "--restarts", "2");
            var bayesianMemory = CliRun.Of("fit", "--example", "old-faithful", "--model", "gmm", "--components", "2", "--backend", "vmp", "--restarts", "2");
            Assert.True(bayesian.ExitCode == 0, bayesian.Error);
            Assert.Equal(LineOf(bayesianMemory, "log p(x)"), LineOf(bayesian, "log p(x)"));
            Assert.Equal(LineOf(bayesianMemory, "iterations"), LineOf(bayesian, "iterations"));
            Assert.Contains("sweep 1 (restart 1 of 2): ELBO = ", bayesian.Error);
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(a.Run, b.Run).WaitAsync(TimeSpan.FromSeconds(20));
        }
        Assert.Equal(0, await a.Run);
    }

    [Theory]
    [InlineData("fa", "em")]
    [InlineData("fa", "vmp")]
    [InlineData("ppca", "vmp")]
    public async Task A_factor_analyser_over_two_workers_prints_the_in_memory_fit(string model, string backend)
    {
        using var folder = new TempFolder();
        var data = Examples.Iris();
        ParquetTable.Write(folder["first.parquet"], [data.SelectRows(Enumerable.Range(0, 75).ToArray())]);
        ParquetTable.Write(folder["second.parquet"], [data.SelectRows(Enumerable.Range(75, 75).ToArray())]);
        using var stop = new CancellationTokenSource();
        var a = Worker(folder["first.parquet"], stop.Token);
        var b = Worker(folder["second.parquet"], stop.Token);
        try
        {
            var cluster = CliRun.Of("fit", "--cluster", $"{a.Address},{b.Address}", "--model", model, "--latent-dim", "1", "--backend", backend);
            var memory = CliRun.Of("fit", "--example", "iris", "--model", model, "--latent-dim", "1", "--backend", backend);
            Assert.True(cluster.ExitCode == 0, cluster.Error);
            Assert.Equal(LineOf(memory, "log p(x)"), LineOf(cluster, "log p(x)"));
            Assert.Equal(LineOf(memory, "iterations"), LineOf(cluster, "iterations"));
            if (backend == "vmp") Assert.Equal(LineOf(memory, "ELBO"), LineOf(cluster, "ELBO"));
            Assert.Contains("on the shards' mean and covariance, no sweep asked", cluster.Error);
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(a.Run, b.Run).WaitAsync(TimeSpan.FromSeconds(20));
        }
    }

    [Fact]
    public void Fit_over_a_cluster_refuses_data_of_its_own_and_other_models()
    {
        CliRun.Refused(ExitCodes.UsageError, "error: --cluster fits the shards the workers hold: give no --data or --example (each worker was given its files)",
            "fit", "--cluster", "127.0.0.1:1", "--example", "old-faithful", "--model", "gmm");
        CliRun.Refused(ExitCodes.UsageError, "error: --cluster fits gmm, bernoulli-mixture, ppca and fa by EM or VMP, not mfa", "fit", "--cluster", "127.0.0.1:1", "--model", "mfa");
        CliRun.Refused(ExitCodes.UsageError, "error: --cluster takes HOST:PORT (a port from 0 to 65535), not 'nowhere'", "fit", "--cluster", "nowhere", "--model", "gmm");
    }
}
