using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PromoScaler.Admin.Configuration;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Hosting;

namespace PromoScaler.Daemon.Sharding;

/// <summary>With sharding and the admin API on: a URL to advertise can be made from the configuration, or start fails naming the key.</summary>
internal sealed class AdvertisedUrlValidator(IConfiguration configuration, IOptions<AdminOptions> admin) : IValidateOptions<AdminApiOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!DaemonServiceCollectionExtensions.AdminApiEnabled(configuration) || !string.IsNullOrEmpty(options.AdvertiseUrl))
        {
            return ValidateOptionsResult.Success; // off, or the configured URL checked by the admin API's own validator
        }

        AdminAdvertisement.Resolve(null, admin.Value.Urls, Environment.GetEnvironmentVariable(AdminAdvertisement.PodIpVariable), () => 1, out var problem);
        return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
    }
}
