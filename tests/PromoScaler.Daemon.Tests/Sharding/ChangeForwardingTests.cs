using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PromoScaler.Admin.Forwarding;
using Microsoft.Extensions.DependencyInjection;
using PromoScaler.Cli;
using PromoScaler.Daemon.Intent;
using PromoScaler.Daemon.Sharding;
using PromoScaler.Daemon.Tests.Support;
using PromoScaler.Kubernetes.ApiServer.Resources;
using Spectre.Console.Testing;

namespace PromoScaler.Daemon.Tests.Sharding;

/// <summary>
/// Three sharded replicas of the real daemon, each with its admin API on a loopback port behind a proxy it
/// advertises on its member Lease: a change asked of any replica is made by the holder of the policy's shard,
/// with the caller's own token, once, and never half-made when the holder cannot be reached.
/// </summary>
public sealed class ChangeForwardingTests : ShardedScene
{
    /// <summary>An operator on replica-a; replica-b and replica-c know the same token as a viewer only.</summary>
    private const string Token = "op-5d1c9a7e3b2f40618a2b3c4d5e6f7081";
    private const string Override = """{"kind":"floor","replicas":5,"for":"10m","reason":"sale"}""";
    private readonly Dictionary<string, ApiProxy> _admin = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Uri> _listen = new(StringComparer.Ordinal);

    [Fact]
    public async Task OverridePostedToANonHolder_IsAppliedByTheHolder_AndTheAnswerNamesIt()
    {
        var (entry, holder, policy) = await StartAsync(holderIsOperator: true);

        // The CLI, unchanged, pointed at a replica that does not hold the policy.
        var cli = await CliAsync(entry, "override", "set", policy, "--floor", "5", "--for", "10m", "--reason", "sale");
        Assert.True(cli.ExitCode == 0, cli.Err);
        using var response = await PostAsync(entry, policy, """{"kind":"ceiling","replicas":8,"for":"10m","reason":"cap"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(holder.Identity, Header(response, ForwardingHeaders.AnsweredBy));
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        // Made and stored by the holder, in its shard's document, audited with the caller's token name.
        var (view, _) = await GetAsync(holder, $"/api/v1/policies/{policy}");
        Assert.Equal(2, view["overrides"]!.AsArray().Count);
        Assert.Empty(entry.Daemon.Services.GetRequiredService<OperatorIntentBook>().For(policy).ActiveOverrides(Now));
        // A read of the policy on the replica asked is the holder's fresh view.
        var (read, answeredBy) = await GetAsync(entry, $"/api/v1/policies/{policy}");
        Assert.Equal(2, read["overrides"]!.AsArray().Count);
        Assert.Equal(holder.Identity, answeredBy);
        var intent = StateDocumentOf($"promoscaler-state-shard-{ShardMap.ShardOf(policy, 3)}")["intent"]!;
        Assert.NotNull(intent["policies"]![policy]);
        Assert.All(intent["audit"]!.AsArray(), e => Assert.Equal("alice", (string?)e!["actor"]));
        Assert.Equal(3, MetricsText.Value(entry.Daemon.Registry, $"promoscaler_admin_forwarded_requests_total{{outcome=\"{ForwardOutcome.Answered}\"}}")); // two changes and one read
        // The member Lease of the holder says where its API answers, next to its name.
        Assert.Contains(Server.List(BuiltInResources.Leases, "shop"), lease =>
            (string?)lease["metadata"]?["annotations"]?[AdvertisingLeaseLock.Annotation] is { } a && a.Contains($"\"holder\":\"{holder.Identity}/3\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChangeForwardedWithATokenTheHolderKnowsAsViewer_IsRefusedByTheHolder()
    {
        var (entry, holder, policy) = await StartAsync(holderIsOperator: false);

        using var response = await PostAsync(entry, policy, Override);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(holder.Identity, Header(response, ForwardingHeaders.AnsweredBy));
        Assert.Null(IntentOf(policy));
    }

    [Fact]
    public async Task RequestAlreadyForwarded_ReachingANonHolder_IsRefusedNamingTheHolder_NotForwardedAgain()
    {
        var (entry, holder, policy) = await StartAsync(holderIsOperator: true);

        using var request = Request(HttpMethod.Post, entry, $"/api/v1/policies/{policy}/overrides", Override);
        request.Headers.Add(ForwardingHeaders.ForwardedBy, "replica-x");
        using var client = new HttpClient();
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var detail = (string)(await Json(response))["detail"]!;
        Assert.Contains($"is held by {holder.Identity}", detail, StringComparison.Ordinal);
        Assert.Contains("not forwarded again", detail, StringComparison.Ordinal);
        Assert.Equal(entry.Identity, Header(response, ForwardingHeaders.AnsweredBy));
        Assert.Null(IntentOf(policy));
        Assert.Equal(1, MetricsText.Value(entry.Daemon.Registry, $"promoscaler_admin_forwarded_requests_total{{outcome=\"{ForwardOutcome.HopRefused}\"}}"));
        Assert.Null(MetricsText.Value(entry.Daemon.Registry, $"promoscaler_admin_forwarded_requests_total{{outcome=\"{ForwardOutcome.Answered}\"}}"));
    }

    [Fact]
    public async Task HolderUnreachable_Answers503NamingTheHolder_AndNothingIsPersistedAnywhere()
    {
        var (entry, holder, policy) = await StartAsync(holderIsOperator: true);
        var before = Documents();

        _admin[holder.Identity].Close();
        using var response = await PostAsync(entry, policy, Override);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var detail = (string)(await Json(response))["detail"]!;
        Assert.StartsWith("Nothing was changed", detail, StringComparison.Ordinal);
        Assert.Contains($"send it to {holder.Identity}", detail, StringComparison.Ordinal);
        Assert.Null(IntentOf(policy));
        Assert.Equal(before, Documents());
        Assert.Equal(1, MetricsText.Value(entry.Daemon.Registry, $"promoscaler_admin_forwarded_requests_total{{outcome=\"{ForwardOutcome.Unreachable}\"}}"));

        // A read still answers, from the replica asked.
        var (view, answeredBy) = await GetAsync(entry, $"/api/v1/policies/{policy}");
        Assert.Equal(policy, (string?)view["name"]);
        Assert.Equal(entry.Identity, answeredBy);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var proxy in _admin.Values)
        {
            await proxy.DisposeAsync();
        }
    }

    /// <summary>
    /// Three replicas with their admin APIs, balanced, each seeing where the others answer; then a policy whose
    /// shard replica-a does not hold, and its holder.
    /// </summary>
    private async Task<(Replica Entry, Replica Holder, string Policy)> StartAsync(bool holderIsOperator)
    {
        var replicas = new List<Replica>();
        foreach (var name in new[] { "replica-a", "replica-b", "replica-c" })
        {
            var role = name == "replica-a" || holderIsOperator ? "operator" : "viewer";
            var tokens = Scratch.File($"tokens-{name}");
            await File.WriteAllTextAsync(tokens, $"alice {role} sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Token)))}\n");
            var port = FreePort();
            var proxy = ApiProxy.Start(new Uri($"http://127.0.0.1:{port}"));
            _admin[name] = proxy;
            _listen[name] = new Uri($"http://127.0.0.1:{port}");
            replicas.Add(await StartReplicaAsync(name, admin: new Dictionary<string, string?>
            {
                ["Admin:Urls"] = $"http://127.0.0.1:{port}",
                ["Admin:Api:TokenFile"] = tokens,
                ["Admin:Api:AdvertiseUrl"] = proxy.Address.ToString(),
                ["Admin:Api:ForwardTimeout"] = "00:00:02",
            }));
        }

        await BalancedAsync();
        await EventuallyAsync(() => replicas.All(r => replicas.All(o => r.Elector.AdminUrlOf(o.Identity) is not null)));
        var entry = replicas[0];
        var policy = Services.First(s => !entry.Elector.MayWriteShard(ShardMap.ShardOf(s, 3), out _));
        var holder = replicas.Single(r => r.Elector.MayWriteShard(ShardMap.ShardOf(policy, 3), out _));
        return (entry, holder, policy);
    }

    private Uri Address(Replica replica) => _listen[replica.Identity];

    private HttpRequestMessage Request(HttpMethod method, Replica replica, string path, string? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(Address(replica), path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return request;
    }

    private async Task<HttpResponseMessage> PostAsync(Replica replica, string policy, string body)
    {
        using var client = new HttpClient();
        using var request = Request(HttpMethod.Post, replica, $"/api/v1/policies/{policy}/overrides", body);
        return await client.SendAsync(request);
    }

    private async Task<(JsonNode Body, string? AnsweredBy)> GetAsync(Replica replica, string path)
    {
        using var client = new HttpClient();
        using var request = Request(HttpMethod.Get, replica, path);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json(response), Header(response, ForwardingHeaders.AnsweredBy));
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    private async Task<(int ExitCode, string Out, string Err)> CliAsync(Replica replica, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        var errors = new TestConsole();
        errors.Profile.Width = 1000;
        var exit = await Program.RunAsync([.. args, "--server", Address(replica).ToString(), "--token", Token], console, TimeProvider.System, errors);
        return (exit, console.Output, errors.Output);
    }

    private JsonNode? IntentOf(string policy) =>
        Enumerable.Range(0, 3).Select(i => Server.Get(BuiltInResources.ConfigMaps, "shop", $"promoscaler-state-shard-{i}"))
            .Select(cm => cm is null ? null : JsonNode.Parse((string)cm["data"]!["state.json"]!)!["intent"]?["policies"]?[policy])
            .FirstOrDefault(i => i is not null);

    private List<string?> Documents() =>
        [.. Enumerable.Range(0, 3).Select(i => (string?)Server.Get(BuiltInResources.ConfigMaps, "shop", $"promoscaler-state-shard-{i}")?["data"]?["state.json"])];

    private JsonNode StateDocumentOf(string configMap) =>
        JsonNode.Parse((string)Server.Get(BuiltInResources.ConfigMaps, "shop", configMap)!["data"]!["state.json"]!)!;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
