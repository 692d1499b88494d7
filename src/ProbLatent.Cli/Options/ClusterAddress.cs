namespace ProbLatent.Cli.Options;

/// <summary>HOST:PORT as <c>worker --listen</c> and <c>fit --cluster</c> take it.</summary>
public static class ClusterAddress
{
    public static (string Host, int Port) Parse(string text, string option)
    {
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], out int port) || port is < 0 or > 65535)
            throw new UsageException($"{option} takes HOST:PORT (a port from 0 to 65535), not '{text}'");
        return (text[..colon], port);
    }

    /// <summary>The workers of <c>--cluster HOST:PORT,…</c>, each checked.</summary>
    public static string[] List(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(w => { var (host, port) = Parse(w, "--cluster"); return $"{host}:{port}"; }).ToArray();
}
