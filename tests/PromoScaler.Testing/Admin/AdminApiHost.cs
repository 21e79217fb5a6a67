using System.Net;
using System.Net.Http.Headers;
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
using PromoScaler.Daemon.History;
using PromoScaler.Daemon.Hosting;
using PromoScaler.Daemon.Intent;
using PromoScaler.Testing.Policies;

namespace PromoScaler.Testing.Admin;

/// <summary>
/// The admin API on a real Kestrel listener on 127.0.0.1 (a free port), with a fake clock, a policy catalog the
/// test fills, a persistence that records or refuses, a token file with one token per role, and every log line
/// captured.
/// </summary>
public sealed class AdminApiHost : IAsyncDisposable
{
    public const string ViewerToken = "vw-3f9a1c7e5b2d4068a1b2c3d4e5f60718";
    public const string CiToken = "ci-8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e";
    public const string OperatorToken = "op-0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    /// <summary>Every secret a test uses, for the log scan.</summary>
    public static readonly string[] Secrets = [ViewerToken, CiToken, OperatorToken, WrongToken];

    public const string WrongToken = "xx-ffffffffffffffffffffffffffffffff";

    private readonly WebApplication _app;
    private readonly string _directory;

    private AdminApiHost(WebApplication app, string directory, FakeTimeProvider time, FakePolicySource policies, RecordingIntentPersistence persistence, CapturedLogs logs, Uri address)
    {
        _app = app;
        _directory = directory;
        Time = time;
        Policies = policies;
        Persistence = persistence;
        Logs = logs;
        Address = address;
    }

    /// <summary>2027-11-10T12:00:00Z.</summary>
    public static DateTimeOffset Start { get; } = new(2027, 11, 10, 12, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; }

    public FakePolicySource Policies { get; }

    /// <summary>The daemon's health as <c>/api/v1/health</c> answers it.</summary>
    public FakeDaemonHealth Health => _app.Services.GetRequiredService<FakeDaemonHealth>();

    public RecordingIntentPersistence Persistence { get; }

    public CapturedLogs Logs { get; }

    public Uri Address { get; }

    /// <summary>Who writes each policy: this replica unless a test says another one does.</summary>
    public FakePolicyWriters Writers => _app.Services.GetRequiredService<FakePolicyWriters>();

    public OperatorIntentBook Book => _app.Services.GetRequiredService<OperatorIntentBook>();

    public DecisionLog Decisions => _app.Services.GetRequiredService<DecisionLog>();

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a host with two policies: <c>checkout</c> (minReplicas 2, maxReplicas 20, startup 1m) and <c>search</c>
    /// (1..10, with a declared pre-warm <c>black-friday</c>).
    /// </summary>
    public static async Task<AdminApiHost> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("promoscaler-admin-").FullName;
        var tokenFile = Path.Combine(directory, "tokens");
        await File.WriteAllTextAsync(tokenFile, string.Join('\n',
            "# name role hash",
            $"dashboard viewer {Hash(ViewerToken)}",
            $"release-pipeline ci {Hash(CiToken)}",
            $"alice operator {Hash(OperatorToken)}",
            ""));

        var time = new FakeTimeProvider(Start);
        var policies = new FakePolicySource();
        policies.Add(new PolicyBuilder().Named("checkout").Replicas(2, 20).Startup(TimeSpan.FromMinutes(1)).Build());
        policies.Add(new PolicyBuilder().Named("search").Replicas(1, 10)
            .OneOffPrewarm("black-friday", Start.AddDays(10), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.Zero, replicas: 8)
            .Build());
        var persistence = new RecordingIntentPersistence();
        var logs = new CapturedLogs();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Admin:Api:TokenFile"] = tokenFile, ["Admin:Api:ForwardTimeout"] = "00:00:00.500" });
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<IPolicySource>(policies);
        builder.Services.AddSingleton<IIntentPersistence>(persistence);
        builder.Services.AddSingleton<FakeDaemonHealth>();
        builder.Services.AddSingleton<FakePolicyWriters>();
        builder.Services.AddSingleton<IPolicyWriters>(sp => sp.GetRequiredService<FakePolicyWriters>());
        builder.Services.AddSingleton<IDaemonHealth>(sp => sp.GetRequiredService<FakeDaemonHealth>());
        builder.Services.AddDaemonMemory(builder.Configuration);
        builder.Services.AddPromoScalerAdminApi(builder.Configuration);
        var app = builder.Build();
        app.MapPromoScalerAdminApi();
        app.MapGet("/healthz", () => "ok");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new AdminApiHost(app, directory, time, policies, persistence, logs, new Uri(address));
    }

    public static string Hash(string token) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A client sending <c>Authorization: Bearer token</c> (none when null).</summary>
    public HttpClient Client(string? token)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
