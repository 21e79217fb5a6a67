using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using PromoScaler.Core.Policies;
using Spectre.Console;

namespace PromoScaler.Cli.Demo;

/// <summary>
/// Once the daemon has started (the listener bound, so a port 0 is known), lets the simulated clock run from its
/// start and prints what the demo is, the web console's and the admin API's address, the token, the kubeconfig for
/// kubectl, and the commands a newcomer types next in a second terminal.
/// </summary>
internal sealed class DemoStartup(IHostApplicationLifetime lifetime, IServer server, DemoSession session, IAnsiConsole console) : IHostedService
{
    private CancellationTokenRegistration _started;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = lifetime.ApplicationStarted.Register(() =>
        {
            session.Clock.Run();
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "(no address)";
            foreach (var line in Lines(session, address))
            {
                console.WriteLine(line);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _started.Unregister();
        return Task.CompletedTask;
    }

    /// <summary>The banner for <paramref name="session"/> listening on <paramref name="address"/>.</summary>
    internal static IEnumerable<string> Lines(DemoSession session, string address)
    {
        var clock = session.Clock;
        var speed = clock.Speed.ToString("0.###", CultureInfo.InvariantCulture);
        // The suggested pre-warm starts two real minutes ahead with a lead of one, whatever the speed, so it is
        // still ahead when typed and its floor is visible a minute later.
        var oneRealMinute = TimeSpan.FromSeconds(Math.Round(60 * clock.Speed));
        var suggestedStart = clock.Start + 2 * oneRealMinute;
        var floorIn = clock.RealDuration(session.PrewarmStart - DemoConstants.PrewarmLead - clock.Start);
        yield return $"PromoScaler demo: the real daemon, a simulated Kubernetes, and NASA's web traffic of July 1995 (STS-70 launch day) replayed at {speed}x";
        yield return $"simulated clock: {Instant.Format(clock.Start)}, reading the trace at {Instant.Format(DemoConstants.TraceAnchor)}; one real second is {Duration.Format(TimeSpan.FromSeconds(Math.Round(clock.Speed)))} simulated";
        yield return $"policies: {string.Join(", ", DemoWorkloads.All.Select(w => w.Policy))}: ScalingPolicy objects in namespace {DemoWorkloads.Namespace}, created from {session.PolicyDirectory} (edit a file, then kubectl apply -f it)";
        yield return $"kubectl: export KUBECONFIG={session.Kubeconfig}; kubectl get sp -A";
        yield return $"pre-warm: {DemoWorkloads.PrewarmPolicy} 'launch' holds 30 replicas from {Instant.Format(session.PrewarmStart - DemoConstants.PrewarmLead)} (in {floorIn.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} real seconds)";
        yield return $"web console: {address.TrimEnd('/')}/ (open it in a browser and paste the token)";
        yield return $"admin API: {address}";
        yield return $"token: {session.Token}";
        yield return "";
        yield return "In a second terminal (the alias runs this very build of promoscaler):";
        yield return "  " + ClientAlias.Line();
        yield return $"  export PROMOSCALER_SERVER={address}";
        yield return $"  export PROMOSCALER_TOKEN={session.Token}";
        yield return "  promoscaler status";
        yield return $"  promoscaler explain {DemoWorkloads.PrewarmPolicy}";
        yield return $"  export KUBECONFIG={session.Kubeconfig}";
        yield return $"  kubectl get sp -A; kubectl describe sp {DemoWorkloads.PrewarmPolicy}";
        yield return "  promoscaler override set checkout --replicas 12 --for 30m --reason \"trying the demo\"";
        yield return $"  promoscaler prewarm add checkout --name flash-sale --at {Instant.Format(suggestedStart)} --replicas 25 --lead {Duration.Format(oneRealMinute)} --wait";
        yield return $"Durations and times are simulated: at {speed}x, --for 30m lasts {clock.RealDuration(TimeSpan.FromMinutes(30)).TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} real seconds.";
        yield return $"Ctrl+C stops the demo and deletes {session.Directory}.";
    }
}
