using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PromoScaler.Admin;
using PromoScaler.Admin.Ports;
using PromoScaler.Admin.WebConsole;
using PromoScaler.Daemon.History;
using PromoScaler.Daemon.Hosting;
using PromoScaler.Daemon.Intent;
using PromoScaler.Testing.Admin;

namespace PromoScaler.WebConsole.Tests.Support;

/// <summary>
/// The admin API and the console alone on a loopback port, over a policy catalog and a decision log the test fills
/// directly: for what a daemon would take long to produce (a thousand policies with their decisions).
/// </summary>
internal sealed class ConsoleHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private ConsoleHost(WebApplication app, string directory, FakePolicySource policies, Uri address)
    {
        _app = app;
        _directory = directory;
        Policies = policies;
        Address = address;
    }

    public FakePolicySource Policies { get; }

    public Uri Address { get; }

    public DecisionLog Decisions => _app.Services.GetRequiredService<DecisionLog>();

    public OperatorIntentBook Book => _app.Services.GetRequiredService<OperatorIntentBook>();

    public static async Task<ConsoleHost> StartAsync(FakeTimeProvider time)
    {
        var directory = Directory.CreateTempSubdirectory("promoscaler-console-host-").FullName;
        var tokens = Path.Combine(directory, "tokens");
        await File.WriteAllTextAsync(tokens, $"alice operator {Hash(ConsoleDaemon.OperatorToken)}\ndashboard viewer {Hash(ConsoleDaemon.ViewerToken)}\n");
        var policies = new FakePolicySource();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Admin:Api:TokenFile"] = tokens });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IPolicySource>(policies);
        builder.Services.AddSingleton<IIntentPersistence>(new RecordingIntentPersistence());
        builder.Services.AddDaemonMemory(builder.Configuration);
        builder.Services.AddPromoScalerAdminApi(builder.Configuration);
        var app = builder.Build();
        app.MapPromoScalerAdminApi();
        app.MapPromoScalerConsole();
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        return new ConsoleHost(app, directory, policies, address);
    }

    private static string Hash(string token) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
