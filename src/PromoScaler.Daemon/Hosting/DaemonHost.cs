using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromoScaler.Admin;
using PromoScaler.Admin.WebConsole;
using PromoScaler.Daemon.Configuration;
using PromoScaler.Daemon.Telemetry;
using PromoScaler.Prometheus.Configuration;
using PromoScaler.Prometheus.DependencyInjection;

namespace PromoScaler.Daemon.Hosting;

/// <summary>The composition root of <c>promoscaler run</c>: what the daemon is made of, in order.</summary>
public static class DaemonHost
{
    /// <summary>
    /// Builds the daemon on <paramref name="configuration"/>. <paramref name="replace"/> registers services before
    /// the daemon's own (which are TryAdd), so tests and the demo substitute a clock, a registry or a port.
    /// </summary>
    public static WebApplication Build(IConfiguration configuration, Action<IServiceCollection>? replace = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseUrls(AdminUrls(configuration));
        // One line per request would drown the decisions; the Logging section can still turn them on.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        replace?.Invoke(builder.Services);

        builder.Services
            .AddLeaderElection(configuration)
            .AddPromoScalerDaemon(configuration)
            .AddPolicyObjects(configuration)
            .AddPrometheusMetricSource(configuration.GetSection(PrometheusConstants.ConfigurationSection))
            .AddDaemonStateStore(configuration)
            .AddScaleTargets(configuration)
            .AddDaemonAdminApi(configuration);

        var app = builder.Build();
        app.UseAdminRequestMetrics();
        app.MapDaemonEndpoints();
        if (DaemonServiceCollectionExtensions.AdminApiEnabled(configuration))
        {
            app.MapPromoScalerAdminApi();
            if (configuration.GetValue($"{ConsoleOptions.SectionName}:{nameof(ConsoleOptions.Enabled)}", true))
            {
                app.MapPromoScalerConsole();
            }
        }

        return app;
    }

    /// <summary>
    /// Runs the daemon until <paramref name="cancellationToken"/> (SIGTERM, Ctrl+C) stops it: in-flight ticks finish
    /// and the state is flushed. Returns 0 after a clean stop, 2 when the configuration is invalid (every error is
    /// written to <paramref name="errors"/>), 1 when the daemon could not start.
    /// </summary>
    public static async Task<int> RunAsync(DaemonCommandLine commandLine, TextWriter errors, CancellationToken cancellationToken, Action<IServiceCollection>? replace = null)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(errors);
        var configuration = DaemonConfiguration.Read(commandLine);
        if (configuration.Errors.Count > 0)
        {
            // The options validators still run on the keys that were fine, so that one run lists every error.
            return await InvalidAsync(errors, WithValidatorErrors(configuration, replace));
        }

        WebApplication app;
        try
        {
            app = Build(configuration.Configuration!, replace);
        }
        catch (DaemonConfigurationException ex)
        {
            return await InvalidAsync(errors, ex.Errors);
        }

        await using (app)
        {
            try
            {
                // Every options class is validated first and together, so all errors are listed at once (the host
                // would otherwise stop at the first hosted service whose options fail).
                app.Services.GetService<IStartupValidator>()?.Validate();
                await app.StartAsync(cancellationToken);
            }
            catch (Exception ex) when (ConfigurationErrors(ex) is { Count: > 0 } messages)
            {
                return await InvalidAsync(errors, messages.Select(configuration.Locate));
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
            {
                await errors.WriteLineAsync($"the admin listener could not start on {AdminUrls(app.Configuration)}: {ex.Message}");
                return DaemonExitCodes.Failed;
            }

            await RunUntilStoppedAsync(app, cancellationToken);
            return DaemonExitCodes.Ok;
        }
    }

    private static async Task<int> InvalidAsync(TextWriter errors, IEnumerable<string> messages)
    {
        foreach (var message in messages)
        {
            await errors.WriteLineAsync("invalid configuration: " + message);
        }

        return DaemonExitCodes.InvalidConfiguration;
    }

    /// <summary>Logs the start, then waits for a stop (SIGTERM, Ctrl+C or the caller's token) and stops the host.</summary>
    private static async Task RunUntilStoppedAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var options = app.Services.GetRequiredService<IOptions<EvaluationOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PromoScaler.Daemon");
        Log.Started(logger, app.Services.GetRequiredService<Catalog.PolicyCatalog>().Current.Policies.Count, AdminUrls(app.Configuration), options.DryRun,
            app.Configuration.GetValue<bool>($"{DaemonConstants.LeaderElectionSection}:Enabled"));
        // SIGTERM and Ctrl+C reach the host's console lifetime, which stops the application; the caller's token
        // (the command line's) may stop it too. Either ends the wait.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Stop requested.
        }

        await app.StopAsync(CancellationToken.None);
    }

    /// <summary>
    /// Every configuration error of <paramref name="commandLine"/>, without starting anything: the keys' own (file,
    /// environment, flags) and the options validators'. Empty when the daemon would start on it.
    /// </summary>
    internal static IReadOnlyList<string> ConfigurationProblems(DaemonCommandLine commandLine, IDictionary<string, string?>? environment = null) =>
        WithValidatorErrors(DaemonConfiguration.Read(commandLine, environment), replace: null);

    private static List<string> WithValidatorErrors(DaemonConfigurationResult read, Action<IServiceCollection>? replace) =>
        read.Configuration is { } usable ? [.. read.Errors.Concat(ValidatorErrors(usable, replace).Select(read.Locate)).Distinct(StringComparer.Ordinal)] : [.. read.Errors];

    /// <summary>What the options validators say of <paramref name="configuration"/>; nothing when the daemon cannot even be built on it.</summary>
    private static List<string> ValidatorErrors(IConfiguration configuration, Action<IServiceCollection>? replace)
    {
        try
        {
            using var app = Build(configuration, replace);
            app.Services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (Exception ex) when (ConfigurationErrors(ex) is { Count: > 0 } messages)
        {
            return messages;
        }
        catch (Exception ex) when (ex is DaemonConfigurationException or InvalidOperationException or OptionsValidationException)
        {
            return [];
        }
    }

    private static string AdminUrls(IConfiguration configuration) =>
        configuration[$"{DaemonConstants.AdminSection}:Urls"] ?? DaemonConstants.DefaultAdminUrls;

    /// <summary>Every options validation failure in <paramref name="ex"/>, or none when it is not about configuration.</summary>
    private static List<string> ConfigurationErrors(Exception ex) => ex switch
    {
        OptionsValidationException options => [.. options.Failures],
        AggregateException aggregate => [.. aggregate.InnerExceptions.SelectMany(ConfigurationErrors)],
        // The binder reports a key no option has (a typo) this way.
        InvalidOperationException { Message: var m } when m.Contains("ErrorOnUnknownConfiguration", StringComparison.Ordinal) || m.Contains("Failed to convert configuration value", StringComparison.Ordinal) => [m],
        _ => [],
    };
}

/// <summary>Exit codes of <c>promoscaler run</c>.</summary>
public static class DaemonExitCodes
{
    /// <summary>Stopped cleanly.</summary>
    public const int Ok = 0;

    /// <summary>The daemon could not start (e.g. the admin port is taken).</summary>
    public const int Failed = 1;

    /// <summary>The configuration is invalid; every error was listed.</summary>
    public const int InvalidConfiguration = 2;
}
