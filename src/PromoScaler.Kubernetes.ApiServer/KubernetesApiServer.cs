using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PromoScaler.Kubernetes.ApiServer.Diagnostics;
using PromoScaler.Kubernetes.ApiServer.Faults;
using PromoScaler.Kubernetes.ApiServer.Handling;
using PromoScaler.Kubernetes.ApiServer.Presentation;
using PromoScaler.Kubernetes.ApiServer.Protocol;
using PromoScaler.Kubernetes.ApiServer.Resources;
using PromoScaler.Kubernetes.ApiServer.Simulation;
using PromoScaler.Kubernetes.ApiServer.Storage;

namespace PromoScaler.Kubernetes.ApiServer;

/// <summary>
/// A Kubernetes API server in the process, on 127.0.0.1 and a free port, speaking the REST protocol for what
/// PromoScaler touches: apps/v1 deployments and statefulsets with <c>/scale</c>, registered custom resources with
/// <c>/scale</c>, autoscaling/v2 HPAs, coordination.k8s.io/v1 leases, v1 configmaps, v1 and events.k8s.io/v1 events.
/// The real KubernetesClient talks to it through <see cref="WriteKubeconfig"/>. Tests seed and inspect objects with
/// <see cref="Put"/>, <see cref="Get"/> and <see cref="Update"/>, inject faults with <see cref="Faults"/> and assert
/// on <see cref="Requests"/>. CustomResourceDefinitions (<see cref="Define"/> or through the API) add resources, with
/// discovery, watch, the status subresource and server-side Tables, so the real kubectl works against it. No
/// authentication, no server-side apply.
/// </summary>
public sealed class KubernetesApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ResourceRegistry registry = new();
    private readonly ObjectStore store;
    private readonly ObjectHandler objects;
    private readonly ScaleHandler scales;
    private readonly StatusHandler statuses;
    private readonly WatchHandler watches;
    private readonly KubernetesApiServerOptions options;
    private long generated;

    private KubernetesApiServer(WebApplication app, KubernetesApiServerOptions options)
    {
        this.app = app;
        this.options = options;
        var pods = options.PodStartup is { } startup ? new PodReadiness(options.TimeProvider, startup) : null;
        store = new ObjectStore(options.TimeProvider, pods, options.WatchHistory);
        objects = new ObjectHandler(store, () => Interlocked.Increment(ref generated).ToString("x5", CultureInfo.InvariantCulture));
        scales = new ScaleHandler(store);
        statuses = new StatusHandler(store);
        watches = new WatchHandler(store, options);
        registry.Register(CustomResourceDefinitions.Type);
    }

    /// <summary>The server's address (<c>http://127.0.0.1:PORT</c>).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The faults in force.</summary>
    public FaultInjector Faults { get; } = new();

    /// <summary>Every request answered.</summary>
    public RequestLog Requests { get; } = new();

    /// <summary>Starts a server; dispose it to stop.</summary>
    public static async Task<KubernetesApiServer> StartAsync(KubernetesApiServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KubernetesApiServerOptions();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new KubernetesApiServer(app, options);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    /// <summary>Serves a custom resource (e.g. <c>argoproj.io/v1alpha1 rollouts</c>, with its <c>/scale</c> subresource).</summary>
    public void Register(ResourceType type) => registry.Register(type);

    /// <summary>
    /// Creates (or replaces) the CustomResourceDefinition <paramref name="definition"/> and serves its resource, as
    /// <c>kubectl apply -f crd.yaml</c> does; returns the resource.
    /// </summary>
    public ResourceType Define(JsonObject definition)
    {
        var type = CustomResourceDefinitions.ToResourceType(definition);
        Put(CustomResourceDefinitions.Type, definition);
        registry.Register(type);
        return type;
    }

    /// <summary>Forgets the change history up to now: a watch from an earlier resourceVersion gets 410 Expired.</summary>
    public void CompactHistory() => store.Compact();

    /// <summary>Ends every open watch abruptly, as a dropped connection does.</summary>
    public void DropWatches() => store.EndWatches();

    /// <summary>Stores <paramref name="o"/> as it is (created or replaced, no resourceVersion check), as another actor would.</summary>
    public JsonObject Put(ResourceType type, JsonObject o)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(o);
        var ns = type.Namespaced ? (string?)o["metadata"]?["namespace"] ?? "default" : string.Empty;
        var name = (string?)o["metadata"]?["name"] ?? throw new ArgumentException("metadata.name is required", nameof(o));
        return store.Write(type, ns, name, _ => (JsonObject)o.DeepClone());
    }

    /// <summary>The stored object, or null.</summary>
    public JsonObject? Get(ResourceType type, string ns, string name) => store.Get(type, ns, name);

    /// <summary>The stored objects of <paramref name="type"/> in <paramref name="ns"/> (null: every namespace).</summary>
    public IReadOnlyList<JsonObject> List(ResourceType type, string? ns = null) => store.List(type, ns);

    /// <summary>Changes the stored object in place (a new resourceVersion), as another writer would; returns it.</summary>
    public JsonObject Update(ResourceType type, string ns, string name, Action<JsonObject> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return store.Write(type, ns, name, current =>
        {
            var o = current ?? throw new InvalidOperationException($"{type.Plural} {ns}/{name} does not exist");
            change(o);
            return o;
        });
    }

    /// <summary>Writes a kubeconfig file whose current context points at this server, and returns its path.</summary>
    public string WriteKubeconfig(string path, string @namespace = "default") =>
        KubeconfigFile.Write(path, BaseAddress, @namespace);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        store.Dispose();
    }

    // Long on purpose: the request's one dispatch (fault injection, discovery, watch, CRUD) with one recording of what was served.
    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var pathText = request.Path.Value ?? "/";
        var path = ApiPath.Parse(pathText);
        var fault = Faults.Take(request.Method, pathText);
        ApiResponse response;
        try
        {
            if (fault is { Latency: var latency } && latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, TimeProvider.System, context.RequestAborted).ConfigureAwait(false);
            }

            if (fault is { Abort: true })
            {
                Record(context, body, 0);
                context.Abort();
                return;
            }

            if (fault is { StatusCode: { } code })
            {
                response = Injected(fault, code, path, request.Method, context.Response);
            }
            else if (path is null && request.Method == "GET")
            {
                response = (Discovery.Document(pathText, registry.All, BaseAddress) ?? OpenApiDocuments.Document(pathText, registry.All)) is { } document
                    ? new ApiResponse(200, document)
                    : throw new ApiStatusException(404, ApiStatus.UnknownResource());
            }
            else if (WatchRequest(request, path, body) is { } watch)
            {
                Record(context, body, 200);
                await watches.StreamAsync(context, watch).ConfigureAwait(false);
                return;
            }
            else
            {
                response = Serve(request, path, body);
            }
        }
        catch (ApiStatusException ex)
        {
            response = new ApiResponse(ex.Code, ex.Status);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            Record(context, body, 0);
            return;
        }

        context.Response.StatusCode = response.Code;
        context.Response.ContentType = "application/json";
        Record(context, body, response.Code);
        await context.Response.WriteAsync(response.Body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    private ApiResponse Injected(FaultRule fault, int code, ApiPath? path, string method, HttpResponse response)
    {
        if (code is 429 or 503)
        {
            response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        return new ApiResponse(code, ApiStatus.ForCode(code, path, path?.Verb(method) ?? method.ToLowerInvariant(), options.User, fault.RetryAfterSeconds));
    }

    private ApiResponse Serve(HttpRequest request, ApiPath? path, string body)
    {
        var type = path is null ? null : registry.Find(path.Group, path.Version, path.Plural);
        if (path is null || type is null)
        {
            throw new ApiStatusException(404, ApiStatus.UnknownResource());
        }

        var apiRequest = new ApiRequest(request.Method.ToUpperInvariant(), path, type, request.ContentType, body, Query(request));
        var scoped = path.Namespace is not null || !type.Namespaced;
        var response = path.Subresource switch
        {
            null when scoped || (path.Name is null && request.Method == "GET") => objects.Handle(apiRequest),
            "scale" when type.Scale is not null && scoped => scales.Handle(apiRequest),
            "status" when type.HasStatusSubresource && scoped && path.Name is not null => statuses.Handle(apiRequest),
            _ => throw new ApiStatusException(404, ApiStatus.UnknownResource()),
        };
        if (type == CustomResourceDefinitions.Type && !apiRequest.DryRun && response.Body is JsonObject definition)
        {
            Defined(apiRequest.Method, definition);
        }

        return request.Method == "GET" && TableWriter.Wanted(request.Headers.Accept.ToString()) && response.Code == 200
            ? new ApiResponse(200, AsTable(type, (JsonObject)response.Body, apiRequest.Query))
            : response;
    }

    private JsonObject AsTable(ResourceType type, JsonObject body, IReadOnlyDictionary<string, string> query)
    {
        query.TryGetValue("includeObject", out var includeObject);
        var items = body["items"] is JsonArray list ? list.OfType<JsonObject>().ToList() : [body];
        var version = (string?)body["metadata"]?["resourceVersion"] ?? store.Revision;
        return TableWriter.Table(type, items, version, includeObject, options.TimeProvider.GetUtcNow());
    }

    /// <summary>A CustomResourceDefinition written through the API starts (or, deleted, stops) serving its resource.</summary>
    private void Defined(string method, JsonObject definition)
    {
        var type = CustomResourceDefinitions.ToResourceType(definition);
        if (method == "DELETE")
        {
            registry.Unregister(type.Group, type.Version, type.Plural);
        }
        else
        {
            registry.Register(type);
        }
    }

    private ApiRequest? WatchRequest(HttpRequest request, ApiPath? path, string body)
    {
        if (request.Method != "GET" || path is not { Name: null, Subresource: null } || request.Query["watch"].ToString() is not ("true" or "1"))
        {
            return null;
        }

        var type = registry.Find(path.Group, path.Version, path.Plural) ?? throw new ApiStatusException(404, ApiStatus.UnknownResource());
        return new ApiRequest("GET", path, type, request.ContentType, body, Query(request));
    }

    private static Dictionary<string, string> Query(HttpRequest request) =>
        request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);

    private void Record(HttpContext context, string body, int code) => Requests.Add(new RecordedRequest(
        context.Request.Method,
        context.Request.Path.Value ?? "/",
        context.Request.QueryString.Value ?? string.Empty,
        context.Request.ContentType,
        body,
        code,
        options.TimeProvider.GetUtcNow()));
}
