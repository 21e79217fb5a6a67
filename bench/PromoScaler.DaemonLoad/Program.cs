// Daemon load run (not a test, not part of the suite): one daemon process with N policies at a 15s interval
// against the in-process Kubernetes API server and a real Prometheus, measured from the daemon's own /metrics
// (tick lag, decisions per policy) and from its process (RSS, CPU).
//   dotnet run -c Release --project bench/PromoScaler.DaemonLoad -- --policies 1000,5000,10000
//   ... -- --policies 2000 --mode calibrated          ... -- --policies 30000 --replicas 3 --shards 3
// The daemon runs in a child process (this program with `daemon CONFIG`), so its RSS and CPU are its own, not the
// API server's or Prometheus'.
using PromoScaler.DaemonLoad;

if (args is ["daemon", var config])
{
    return await DaemonChild.RunAsync(config);
}

if (LoadOptions.Parse(args, Console.Error) is not { } options)
{
    return 2;
}

await using var rig = await LoadRig.StartAsync(options);
var results = new List<LoadResult>();
foreach (var count in options.Counts)
{
    results.Add(await RunAndPrintAsync(count));
}

if (options.Search)
{
    // Double from the largest count that kept its ticks until one does not, then halve the gap twice.
    var passed = results.Where(r => r.KeptInterval).Select(r => r.Policies).DefaultIfEmpty(0).Max();
    var failed = results.Where(r => !r.KeptInterval).Select(r => r.Policies).DefaultIfEmpty(int.MaxValue).Min();
    while (failed == int.MaxValue && passed > 0 && passed * 2 <= options.MaxPolicies)
    {
        var result = await RunAndPrintAsync(passed * 2);
        results.Add(result);
        (passed, failed) = result.KeptInterval ? (result.Policies, failed) : (passed, result.Policies);
    }

    for (var step = 0; step < 2 && failed != int.MaxValue && failed - passed > passed / 10; step++)
    {
        var result = await RunAndPrintAsync((passed + failed) / 2);
        results.Add(result);
        (passed, failed) = result.KeptInterval ? (result.Policies, failed) : (passed, result.Policies);
    }

    Console.WriteLine(failed == int.MaxValue
        ? $"largest count run that kept every tick within its interval: {passed} (the search stopped at --max {options.MaxPolicies})"
        : $"largest count that kept every tick within its interval: {passed} ({failed} did not)");
}

Console.WriteLine();
Console.WriteLine(LoadResult.MarkdownHeader);
foreach (var result in results.OrderBy(r => r.Policies))
{
    Console.WriteLine(result.MarkdownRow());
}

return 0;

async Task<LoadResult> RunAndPrintAsync(int count)
{
    Console.Error.WriteLine($"running {count} policies: {options.Warmup} warm-up, {options.Measure} measured");
    var result = await LoadRun.RunAsync(rig, count, options);
    Console.WriteLine(result.Summary());
    return result;
}
