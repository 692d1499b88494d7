using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/ProbLatent.Benchmarks -- --filter '*'
// The data is ../shared/data/synthetic/mixture3_100k.csv (or a path in PROBLATENT_MIXTURE_CSV).
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
