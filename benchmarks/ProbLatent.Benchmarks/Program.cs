using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/ProbLatent.Benchmarks -- --filter '*'
// The data is drawn in-process from the distribution of ../shared/data/synthetic/mixture3_100k.csv (Synthetic.ThreeGaussians).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
