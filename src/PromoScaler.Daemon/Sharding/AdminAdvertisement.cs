using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PromoScaler.Admin.Configuration;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Hosting;

namespace PromoScaler.Daemon.Sharding;

/// <summary>
/// The admin URL this replica advertises on its member Lease, so the others can forward it the changes of the
/// policies it holds: <c>Admin:Api:AdvertiseUrl</c> when set, else the pod IP (<c>POD_IP</c>) with the admin
/// listener's port, else the listen URL itself when it names one address. Nothing while the admin API is off.
/// </summary>
internal sealed class AdminAdvertisement(IConfiguration configuration, IOptions<AdminOptions> admin, IServiceProvider services)
{
    /// <summary>The environment variable the chart sets to the pod's IP (downward API, <c>status.podIP</c>).</summary>
    public const string PodIpVariable = "POD_IP";

    private readonly bool _apiOn = DaemonServiceCollectionExtensions.AdminApiEnabled(configuration);
    private string? _resolved;

    /// <summary>The URL to advertise now; null while none is known (the admin API off, or its port not bound yet).</summary>
    public string? Url()
    {
        if (!_apiOn)
        {
            return null;
        }

        if (_resolved is not null)
        {
            return _resolved;
        }

        var configured = configuration[AdvertiseUrlCheck.Key];
        return _resolved = Resolve(configured, admin.Value.Urls, Environment.GetEnvironmentVariable(PodIpVariable), BoundPort, out _);
    }

    /// <summary>
    /// The URL to advertise from the configured one, the listen URLs and the pod IP; null with <paramref name="problem"/>
    /// when none can be (null problem: the port is not known until the listener starts).
    /// </summary>
    public static string? Resolve(string? configured, string urls, string? podIp, Func<int?> boundPort, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(boundPort);
        problem = null;
        if (!string.IsNullOrEmpty(configured))
        {
            return configured.TrimEnd('/');
        }

        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null || !Uri.TryCreate(first, UriKind.Absolute, out var listen))
        {
            return null; // Admin:Urls' own validator names it
        }

        string host;
        if (!string.IsNullOrEmpty(podIp))
        {
            if (!IPAddress.TryParse(podIp, out var ip))
            {
                problem = $"{AdvertiseUrlCheck.Key}: unset, and the {PodIpVariable} environment variable ({Core.Policies.QuotedValue.Of(podIp)}) is not an IP address to advertise instead; set {AdvertiseUrlCheck.Key}";
                return null;
            }

            host = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
        }
        else if (IPAddress.TryParse(listen.IdnHost, out var bound) && (bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any)))
        {
            problem = $"{AdvertiseUrlCheck.Key}: needed with sharding when {DaemonConstants.AdminSection}:Urls listens on every address ({listen.Host}) and {PodIpVariable} is not set: the other replicas would not know where to forward this replica's changes";
            return null;
        }
        else
        {
            host = listen.Host;
        }

        var port = listen.Port != 0 ? listen.Port : boundPort();
        return port is { } p ? $"{listen.Scheme}://{host}:{p.ToString(CultureInfo.InvariantCulture)}" : null;
    }

    // The port the listener took when Admin:Urls asked for any (port 0); null before it started.
    private int? BoundPort()
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        return addresses?.Select(a => Uri.TryCreate(a, UriKind.Absolute, out var u) ? u.Port : 0).FirstOrDefault(p => p > 0) is int p and > 0 ? p : null;
    }
}
