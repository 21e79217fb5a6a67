using System.Net;
using PromoScaler.Core.Policies;

namespace PromoScaler.Admin.Configuration;

/// <summary>
/// What an advertised admin URL must be: another replica appends <c>/api/v1/...</c> to it and connects, so it is an
/// absolute http or https URL of one reachable host (not a wildcard such as 0.0.0.0), without credentials, path,
/// query or fragment.
/// </summary>
public static class AdvertiseUrlCheck
{
    /// <summary>The configuration key.</summary>
    public const string Key = AdminApiOptions.SectionName + ":" + nameof(AdminApiOptions.AdvertiseUrl);

    /// <summary>Why <paramref name="value"/> cannot be advertised (a message naming the key), or null when it can.</summary>
    public static string? Problem(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var shown = QuotedValue.Of(value);
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return $"{Key}: {shown} is not an http or https URL (e.g. http://10.1.2.3:9464)";
        }

        if (uri.UserInfo.Length > 0 || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return $"{Key}: {shown} must be scheme, host and port only (no credentials, path, query or fragment): the API's paths are appended to it";
        }

        if (IPAddress.TryParse(uri.IdnHost, out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
        {
            return $"{Key}: {shown} is the wildcard address, which other replicas cannot connect to; give this replica's own address (the pod IP) or a name that resolves to it";
        }

        return null;
    }
}
