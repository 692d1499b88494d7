using System.Reflection;
using Akka.Actor;
using Akka.Configuration;

namespace ProbLatent.Distributed;

/// <summary>The actor systems of coordinators and workers: Akka.NET remoting over TCP, the wire serializer bound, quiet logs.</summary>
internal static class Nodes
{
    /// <summary>The name every node's actor system has, part of a worker's address.</summary>
    public const string SystemName = "problatent";

    /// <summary>Where a worker's shard actor is, under its system.</summary>
    public const string WorkerPath = "/user/shards";

    /// <summary>The protocol and library a node runs; a worker refuses a coordinator that runs another.</summary>
    public static string Version { get; } =
        $"ProbLatent.Distributed protocol 3, ProbLatent {typeof(Inference).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?"}";

    /// <param name="port">0 for any free port (a coordinator).</param>
    public static ActorSystem Start(string host, int port)
    {
        var config = ConfigurationFactory.ParseString($$"""
            akka {
              loglevel = WARNING
              stdout-loglevel = WARNING
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
              actor {
                provider = remote
                serializers { problatent = "ProbLatent.Distributed.WireSerializer, ProbLatent.Distributed" }
                serialization-bindings { "ProbLatent.Distributed.IWireMessage, ProbLatent.Distributed" = problatent }
              }
              remote {
                log-remote-lifecycle-events = off
                dot-netty.tcp {
                  hostname = "{{host}}"
                  port = {{port}}
                  maximum-frame-size = 64MiB
                  send-buffer-size = 64MiB
                  receive-buffer-size = 64MiB
                }
              }
            }
            """);
        return ActorSystem.Create(SystemName, config);
    }

    /// <summary>A worker's address, HOST:PORT, as the CLI and the messages write it.</summary>
    public static string Address(ActorSystem system)
    {
        var address = ((ExtendedActorSystem)system).Provider.DefaultAddress;
        return $"{address.Host}:{address.Port}";
    }
}
