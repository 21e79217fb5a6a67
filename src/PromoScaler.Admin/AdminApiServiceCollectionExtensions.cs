using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Admin.Configuration;
using PromoScaler.Admin.Contracts;
using PromoScaler.Admin.Forwarding;
using PromoScaler.Admin.Ports;
using PromoScaler.Admin.Security;

namespace PromoScaler.Admin;

/// <summary>Registers the admin API.</summary>
public static class AdminApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds the admin API's services: bearer-token authentication from <see cref="AdminApiOptions.TokenFile"/>, the
    /// role policies and the OpenAPI document. The host provides <see cref="Ports.IPolicySource"/>,
    /// <see cref="Ports.IOperatorIntent"/>, <see cref="Ports.IDecisionHistory"/> and <see cref="Ports.IDaemonHealth"/>
    /// (the daemon does: operator intent and the decision log are its memory) and a <see cref="TimeProvider"/> (the
    /// system clock when none is registered). With sharding, the host also provides <see cref="IPolicyWriters"/> (who
    /// holds each policy, where its API answers) and <see cref="IForwardingMetrics"/>: a change is then forwarded to
    /// the replica holding its policy; otherwise every change is handled here.
    /// </summary>
    public static IServiceCollection AddPromoScalerAdminApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AdminApiOptions>()
            .Bind(configuration.GetSection(AdminApiOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AdminApiOptions>, AdminApiOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPolicyWriters, SingleWriter>();
        services.TryAddSingleton<IForwardingMetrics, UncountedForwarding>();
        services.TryAddKeyedSingleton(WriterForwarder.Clock, TimeProvider.System);
        services.TryAddSingleton<WriterForwarder>();
        services.TryAddSingleton(provider => new TokenFileSource(
            provider.GetRequiredService<IOptions<AdminApiOptions>>().Value.TokenFile,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<TokenFileSource>>()));

        // Authentication brings DataProtection; its keys stay in memory (nothing is protected with them), and the
        // warning that they are not encrypted at rest is moot.
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new InMemoryKeyRepository());
        services.AddLogging(b => b.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error));
        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminRoles.Read, p => p.RequireRole("viewer", "operator"))
            .AddPolicy(AdminRoles.PrewarmRead, p => p.RequireRole("viewer", "ci", "operator"))
            .AddPolicy(AdminRoles.Prewarm, p => p.RequireRole("ci", "operator"))
            .AddPolicy(AdminRoles.Operate, p => p.RequireRole("operator"));

        services.AddProblemDetails();
        services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, AdminJsonContext.Default));
        services.AddOpenApi(AdminApiEndpoints.DocumentName, o =>
            o.ShouldInclude = d => d.RelativePath?.StartsWith(AdminApiConstants.RoutePrefix.TrimStart('/'), StringComparison.Ordinal) == true);
        return services;
    }
}
