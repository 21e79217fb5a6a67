using BenchmarkDotNet.Running;
using PromoScaler.Benchmarks;

if (args is ["once"])
{
    OnceRun.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
