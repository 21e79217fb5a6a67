using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PromoScaler.Admin.Configuration;
using PromoScaler.Admin.Ports;
using PromoScaler.Daemon.History;
using PromoScaler.Daemon.Intent;

namespace PromoScaler.Daemon.Hosting;

/// <summary>Registers the daemon's own memory: operator intent and the decision log.</summary>
public static class DaemonMemoryServiceCollectionExtensions
{
    /// <summary>
    /// The operator-intent book and the decision log, sized by <c>Admin:Api:AuditCapacity</c> and
    /// <c>Admin:Api:HistoryCapacity</c>, and exposed to the admin API as <see cref="IOperatorIntent"/> and
    /// <see cref="IDecisionHistory"/>. They live in the state whether or not the admin API is on. The host provides
    /// <see cref="IIntentPersistence"/> (the daemon's is the state document).
    /// </summary>
    public static IServiceCollection AddDaemonMemory(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AdminApiOptions>().Bind(configuration.GetSection(AdminApiOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OperatorIntentBook>();
        services.TryAddSingleton<DecisionLog>();
        services.TryAddSingleton<IOperatorIntent>(sp => sp.GetRequiredService<OperatorIntentBook>());
        services.TryAddSingleton<IDecisionHistory>(sp => sp.GetRequiredService<DecisionLog>());
        return services;
    }
}
