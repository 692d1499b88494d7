using ProbLatent.Backends.Vmp.Passes;

namespace ProbLatent.Backends.Shards;

/// <summary>
/// What a shard is sent for one pass of a VMP mixture's plate: the kernels its factors fixed for the pass (the expected
/// natural parameters each row's message reads: E[log π], the components' whitened E[Λ], E[Λμ] and constants, or the
/// Bernoulli log-odds), the number of states, and on the first pass where each of its rows starts.
/// </summary>
internal sealed record PlatePassRequest(IReadOnlyList<ITravellingKernel> Kernels, int States, PlateStart? Start);
