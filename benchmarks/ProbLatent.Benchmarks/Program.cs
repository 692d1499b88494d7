using BenchmarkDotNet.Running;
using ProbLatent.Benchmarks;

// dotnet run -c Release --project benchmarks/ProbLatent.Benchmarks -- --filter '*'
// The data is drawn in-process from the distribution of ../shared/data/synthetic/mixture3_100k.csv (Synthetic.ThreeGaussians).
// dotnet run -c Release --project benchmarks/ProbLatent.Benchmarks -- paired-cd1 BUILD_A BUILD_B: two builds' CD-1 steps, taking turns.
if (args is ["paired-cd1", .. var rest]) return PairedBuilds.Run(rest);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
