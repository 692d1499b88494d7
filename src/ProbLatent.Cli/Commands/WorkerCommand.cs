using System.CommandLine;
using ProbLatent.Cli.Options;
using ProbLatent.Data;
using ProbLatent.Distributed;

namespace ProbLatent.Cli.Commands;

/// <summary>
/// <c>problatent worker --listen HOST:PORT --data PATHS</c>: holds each CSV or Parquet file named (or in a folder named) as a
/// shard, known by its file name, and answers the coordinators of <c>fit --cluster</c> until Ctrl+C.
/// </summary>
public static class WorkerCommand
{
    public static Command Create(CliContext context)
    {
        var listen = new Option<string>("--listen")
        {
            Description = "The address to listen on, HOST:PORT (HOST as the coordinator reaches it; port 0 picks a free one)",
            HelpName = "HOST:PORT",
            Required = true,
        };
        var data = new Option<string>("--data")
        {
            Description = "The shards this worker holds: CSV or Parquet files, separated by commas, or a folder of them; each file is one shard, named by its file name",
            HelpName = "PATHS",
            Required = true,
        };
        var command = new Command("worker", "Hold data files as shards and answer the sweeps of 'problatent fit --cluster' until Ctrl+C");
        command.Options.Add(listen);
        command.Options.Add(data);
        command.SetAction(parse => Run(context, parse.GetValue(listen)!, parse.GetValue(data)!));
        return command;
    }

    public static int Run(CliContext context, string listen, string data)
    {
        var (host, port) = ClusterAddress.Parse(listen, "--listen");
        var files = DataFiles.Expand(TableData.Paths(data), TableData.Extensions);
        var shards = files.Select(f => (DataSource)new ShardFile(TableData.Open(f, ColumnSelection.All), Path.GetFileName(f))).ToArray();
        var worker = ShardWorker.Start(host, port, shards);
        try
        {
            context.Output.WriteLine($"worker listening on {worker.Address}, holding {shards.Length} shard{(shards.Length == 1 ? "" : "s")}: " +
                                     string.Join(", ", shards.Select(s => s.Name)));
            context.Output.Flush();
            context.Cancellation.WaitHandle.WaitOne();
            context.Output.WriteLine("worker stopped");
            return ExitCodes.Success;
        }
        finally
        {
            worker.Stop().Wait(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>A file read as a shard under its file name, so workers on other hosts holding a copy name it alike.</summary>
    sealed class ShardFile(DataSource file, string name) : DataSource
    {
        public override string Name => name;
        public override IReadOnlyList<string> ColumnNames => file.ColumnNames;
        public override bool HasColumnNames => file.HasColumnNames;
        public override long? Rows => file.Rows;
        public override IEnumerable<DataBlock> Blocks(CancellationToken cancellation = default) => file.Blocks(cancellation);
    }
}
